//! Registration and password recovery: checked forms, then the user pool.

use super::Auth;
use crate::error::AppError;
use crate::forms::{self, Registration};
use crate::secret::Password;
use crate::user_pool::CodeDelivery;

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
            .sign_up(&valid.username, &valid.password, &valid.attributes)
            .await?;
        if result.user_confirmed {
            self.set_notice("Your account is ready. Sign in.");
        }
        Ok(valid.username)
    }

    /// Confirms the registration with the emailed code.
    ///
    /// # Errors
    /// [`AppError::Form`] for a code that is not 6 digits, or the user pool's answer.
    pub async fn confirm(self, username: String, code: String) -> Result<(), AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        let code = forms::check_code(&code)?;
        self.user_pool().confirm_sign_up(&username, &code).await?;
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
