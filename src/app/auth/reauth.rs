//! Showing it is you again, before a change that an open session alone must
//! not make (adding a passkey): a fresh sign-in of the signed-in account, by
//! its password (SRP, then the code step Cognito asks for, if any) or by a
//! code sent by email (`USER_AUTH` with `EMAIL_OTP`, for an account without
//! a password). The fresh tokens replace the session's, as turning two-step
//! verification off does ([`Auth::disable_totp`]).

use leptos::prelude::*;

use super::sign_in::check_step_code;
use super::{Auth, new_srp_client};
use crate::error::AppError;
use crate::forms::FormError;
use crate::secret::Password;
use crate::session::Session;
use crate::user_pool::{AuthStep, Challenge, ChallengeKind, FirstFactor, UserId, UserPoolError};
use crate::web::clock;

/// Where showing it is you stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proof {
    /// Shown: the account has just signed in again.
    Done,
    /// A code is asked for, to answer with [`Auth::prove_with_code`]: an MFA
    /// step after the password (six digits), or the emailed sign-in code
    /// (`sign_in_code`: eight digits).
    NeedsCode {
        /// The code step.
        challenge: Challenge,
        /// Is it the emailed code of [`Auth::prove_with_emailed_code`]?
        sign_in_code: bool,
    },
}

impl Auth {
    /// The signed-in account's internal name.
    fn signed_in_user(&self) -> Result<UserId, AppError> {
        Ok(self
            .session
            .get_untracked()
            .ok_or(AppError::NotSignedIn)?
            .user)
    }

    /// Signs the account in again with its password (SRP).
    ///
    /// # Errors
    /// [`AppError::Form`] for an empty password; the user pool's answer (a
    /// wrong password reads as "Incorrect username or password.").
    pub async fn prove_with_password(self, password: Password) -> Result<Proof, AppError> {
        if password.expose().is_empty() {
            return Err(FormError::Missing("password").into());
        }
        let user = self.signed_in_user()?;
        let srp = new_srp_client()?;
        let step = self
            .user_pool()
            .sign_in_srp(user.as_str(), &password, &srp, clock::now_seconds)
            .await?;
        self.proof_step(step, false)
    }

    /// Asks Cognito to email a sign-in code to the account (`USER_AUTH`,
    /// `EMAIL_OTP`).
    ///
    /// # Errors
    /// The user pool's answer (a pool that does not sign in by emailed code, …).
    pub async fn prove_with_emailed_code(self) -> Result<Proof, AppError> {
        let user = self.signed_in_user()?;
        let step = self
            .user_pool()
            .initiate_user_auth(user.as_str(), Some(&FirstFactor::EmailCode), None)
            .await?;
        self.proof_step(step, true)
    }

    /// Answers the code step of [`Proof::NeedsCode`] (`sign_in_code` as it says).
    ///
    /// # Errors
    /// [`AppError::Form`] for a code of the wrong length; a wrong or expired code.
    pub async fn prove_with_code(
        self,
        challenge: Challenge,
        sign_in_code: bool,
        code: String,
    ) -> Result<Proof, AppError> {
        let code = check_step_code(&challenge, sign_in_code, &code)?;
        let step = self.user_pool().respond_mfa(&challenge, &code).await?;
        self.proof_step(step, sign_in_code)
    }

    /// Starts the fresh session, or says which code is asked for (`sign_in_code`:
    /// the proof was started by [`Auth::prove_with_emailed_code`]).
    fn proof_step(&self, step: AuthStep, sign_in_code: bool) -> Result<Proof, AppError> {
        match step {
            AuthStep::SignedIn { user, tokens } => {
                // The session signed in again replaces this one: its refresh token is revoked.
                self.start_session(Session::from_sign_in(user, tokens, clock::now_seconds())?)?;
                Ok(Proof::Done)
            }
            AuthStep::Challenge(c) if matches!(c.kind(), ChallengeKind::Code { .. }) => {
                Ok(Proof::NeedsCode {
                    challenge: c,
                    sign_in_code,
                })
            }
            AuthStep::Challenge(c) => {
                Err(UserPoolError::UnsupportedChallenge(c.name.as_str().to_owned()).into())
            }
        }
    }
}
