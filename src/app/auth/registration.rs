//! Registration and password recovery: checked forms, then the user pool.
//! Where the pool signs in without a password, a sign-up may leave it out:
//! its emailed code then signs the user in ([`Auth::confirm_and_sign_in`]).

use super::Auth;
use super::passwordless::after_sign_up;
use crate::error::AppError;
use crate::forms::{self, Registration};
use crate::secret::{ChallengeSession, Password};
use crate::user_pool::CodeDelivery;

/// A sign-up without a password, waiting for its emailed code. `Debug`
/// leaves out the session (its type is redacted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSignUp {
    /// The account name to confirm.
    pub username: String,
    /// Where the code went, as Cognito says.
    pub delivery: Option<CodeDelivery>,
    /// The `SignUp` answer's `Session`, which the confirmation takes.
    session: Option<ChallengeSession>,
}

impl Auth {
    /// Registers a user; on success Cognito has sent a code to the email address.
    /// Returns the account name to confirm.
    ///
    /// # Errors
    /// [`AppError::Form`] before sending, or the user pool's answer.
    pub async fn register(self, form: Registration) -> Result<String, AppError> {
        let valid = form.validate(self.sign_in_with(), &self.password_policy())?;
        let result = self
            .user_pool()
            .sign_up(&valid.username, Some(&valid.password), &valid.attributes)
            .await?;
        if result.user_confirmed {
            self.set_notice("Your account is ready. Sign in.");
        }
        Ok(valid.username)
    }

    /// Registers a user without a password (`passwordless` pools); Cognito then
    /// emails a code, which [`Self::confirm_and_sign_in`] takes.
    ///
    /// # Errors
    /// [`AppError::Form`] before sending, or the user pool's answer.
    pub async fn register_without_password(
        self,
        form: Registration,
    ) -> Result<PendingSignUp, AppError> {
        let valid = form.validate_without_password(self.sign_in_with())?;
        let result = self
            .user_pool()
            .sign_up(&valid.username, None, &valid.attributes)
            .await?;
        Ok(PendingSignUp {
            username: valid.username,
            delivery: result.code_delivery_details,
            session: result.session,
        })
    }

    /// Confirms a sign-up without a password with its emailed code, then signs
    /// the user in with the `Session` `ConfirmSignUp` answers (the code was the
    /// proof: nothing is asked again). True when signed in; false when the
    /// account is confirmed but the user must sign in (a notice says so).
    ///
    /// # Errors
    /// [`AppError::Form`] for a code that is not 6 digits; a wrong or expired
    /// code; the user pool's answer to the sign-in.
    pub async fn confirm_and_sign_in(
        self,
        pending: PendingSignUp,
        code: String,
    ) -> Result<bool, AppError> {
        let code = forms::check_code(&code)?;
        let session = self
            .user_pool()
            .confirm_sign_up(&pending.username, &code, pending.session.as_ref())
            .await?;
        match session {
            Some(session) => after_sign_up(self, pending.username, session).await,
            None => {
                self.set_notice("Your account is ready. Sign in.");
                Ok(false)
            }
        }
    }

    /// Confirms the registration with the emailed code.
    ///
    /// # Errors
    /// [`AppError::Form`] for a code that is not 6 digits, or the user pool's answer.
    pub async fn confirm(self, username: String, code: String) -> Result<(), AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        let code = forms::check_code(&code)?;
        self.user_pool()
            .confirm_sign_up(&username, &code, None)
            .await?;
        self.set_notice("Your email address is verified. Sign in.");
        Ok(())
    }

    /// Sends the code again.
    ///
    /// # Errors
    /// The user pool's answer (e.g. too many codes requested).
    pub async fn resend(self, username: String) -> Result<CodeDelivery, AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        Ok(self.user_pool().resend_confirmation_code(&username).await?)
    }

    /// Asks Cognito to email a code for a new password.
    ///
    /// # Errors
    /// [`AppError::Form`], or the user pool's answer.
    pub async fn forgot_password(self, username: String) -> Result<CodeDelivery, AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        Ok(self.user_pool().forgot_password(&username).await?)
    }

    /// Sets a new password with the emailed code.
    ///
    /// # Errors
    /// [`AppError::Form`] before sending, or the user pool's answer.
    pub async fn reset_password(
        self,
        username: String,
        code: String,
        new: Password,
        confirm: String,
    ) -> Result<(), AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        let code = forms::check_code(&code)?;
        forms::check_new_password(&self.password_policy(), new.expose(), &confirm, &[])?;
        Ok(self
            .user_pool()
            .confirm_forgot_password(&username, &code, &new)
            .await?)
    }
}
