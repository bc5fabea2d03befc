//! Signing in without a password: Cognito's choice-based sign-in
//! (`USER_AUTH`, [`crate::user_pool::user_auth`]) for the account name the
//! user typed. Cognito answers with the way this browser used last (kept in
//! `localStorage`), or with the ways the account may use (`SELECT_CHALLENGE`):
//! a passkey (the browser's prompt, [`crate::web::passkey`]), a code by email
//! or text message (answered as a code step, [`Auth::complete_mfa`]), or the
//! password (still SRP: it never leaves the browser). Every later step (MFA,
//! a new password, a remembered device) goes on as a
//! password sign-in's does.
//!
//! In the module of the further steps and other ways in (`signin_more`), which
//! is fetched once the sign-in's own module is there.

use leptos::prelude::*;

use super::refresh::Boxed;
use super::{Auth, SignInStep};
use crate::app::split::split;
use crate::error::{AppError, BrowserError};
use crate::forms::FormError;
use crate::secret::{ChallengeSession, Password};
use crate::user_pool::{FirstFactor, UserId, UserPoolError};
use crate::web::{clock, passkey, storage};

split! {
    /// [`Auth::sign_in_after_sign_up`], in the further steps' module (the sign-up's
    /// module calls it: the sign-in's steps stay in one module).
    signin_more, fn after_sign_up_in_module(auth: Auth, username: String, session: ChallengeSession) -> Boxed<Result<bool, AppError>> {
        Box::pin(auth.sign_in_after_sign_up(username, session))
    }
}

/// Signs in a user whose sign-up without a password was just confirmed, with
/// the `Session` `ConfirmSignUp` answered: nothing is typed again. True when
/// signed in; false when the user is to sign in the usual way (a notice says so).
///
/// # Errors
/// [`BrowserError::PageNotLoaded`] when the further steps' module cannot be
/// fetched; as [`Auth::sign_in_after_sign_up`].
pub async fn after_sign_up(
    auth: Auth,
    username: String,
    session: ChallengeSession,
) -> Result<bool, AppError> {
    match after_sign_up_in_module(auth, username, session).await {
        Ok(signing_in) => signing_in.await,
        Err(_) => Err(BrowserError::PageNotLoaded.into()),
    }
}

impl Auth {
    /// Signs in with the session of a confirmed sign-up
    /// ([`crate::user_pool::UserPoolClient::initiate_user_auth_after_sign_up`]).
    /// A session too old, or a further step (which a new account has no reason
    /// to be asked), leaves the user to sign in the usual way.
    ///
    /// # Errors
    /// The user pool's answer; the browser refusing to store the session.
    pub async fn sign_in_after_sign_up(
        self,
        username: String,
        session: ChallengeSession,
    ) -> Result<bool, AppError> {
        let step = self
            .user_pool()
            .initiate_user_auth_after_sign_up(&username, &session)
            .await;
        let signed_in = match step {
            Err(UserPoolError::SignInExpired) => false,
            step => match self.advance(step?).await? {
                SignInStep::Done | SignInStep::AskToRememberDevice => true,
                SignInStep::Needs(_) => {
                    self.cancel_sign_in();
                    false
                }
            },
        };
        if !signed_in {
            self.set_notice("Your account is ready. Sign in.");
        }
        Ok(signed_in)
    }

    /// Does the pool sign in without a password too (`passwordless` in config)?
    pub fn passwordless_enabled(&self) -> bool {
        self.with_config(|c| c.passwordless)
    }

    /// Where this browser remembers the way it last signed in without a
    /// password (not a secret: a preference, kept after signing out).
    fn preferred_key(&self) -> String {
        format!("cognito-app.{}.preferredSignIn", self.client_id())
    }

    /// The way this browser last signed in without a password, if one is remembered.
    pub fn remembered_factor(&self) -> Option<FirstFactor> {
        storage::get(&self.preferred_key())
            .map(|name| FirstFactor::parse(&name))
            .filter(FirstFactor::chosen_by_name)
    }

    /// Remembers `factor` for the next sign-in from this browser (`None`: forgets it).
    fn remember_factor(&self, factor: Option<&FirstFactor>) {
        let key = self.preferred_key();
        match factor {
            // Not remembered (storage full or off): the choice is asked next time.
            Some(f) => {
                let _ = storage::set(&key, f.as_str());
            }
            None => storage::remove(&key),
        }
    }

    /// Starts a sign-in without a password for the typed account name, asking
    /// for `preferred` (a passkey, a code by email or text message) or, with
    /// `None`, for the ways the account may sign in. A preferred way Cognito
    /// refuses (not, or no longer, one of the account's) is forgotten here, and
    /// the ways are asked for instead.
    ///
    /// # Errors
    /// [`AppError::Form`] before sending; the user pool's answer (the app client
    /// not allowing `USER_AUTH` is [`UserPoolError::InvalidConfiguration`]).
    pub async fn start_passwordless(
        self,
        username: String,
        preferred: Option<FirstFactor>,
    ) -> Result<SignInStep, AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        self.flow.update_value(|f| f.challenge = None);
        let device = self.device_key(&UserId::new(&username));
        let pool = self.user_pool();
        let mut step = pool
            .initiate_user_auth(&username, preferred.as_ref(), device.as_deref())
            .await;
        if preferred.is_some()
            && matches!(
                step,
                Err(UserPoolError::InvalidParameter(_) | UserPoolError::MfaMethodNotFound)
            )
        {
            self.remember_factor(None);
            step = pool
                .initiate_user_auth(&username, None, device.as_deref())
                .await;
        }
        self.advance(step?).await
    }

    /// Answers the choice (`SELECT_CHALLENGE`) with a passkey or a code by
    /// email or text message, and remembers it for this browser.
    ///
    /// # Errors
    /// An expired step ([`crate::user_pool::UserPoolError::SignInExpired`]); the user pool's answer.
    pub async fn choose_factor(self, factor: FirstFactor) -> Result<SignInStep, AppError> {
        let challenge = self.pending_challenge()?;
        let step = self.user_pool().respond_select(&challenge, &factor).await;
        let step = self.drop_challenge_if_expired(step)?;
        self.remember_factor(Some(&factor));
        self.advance(step).await
    }

    /// Answers the choice with the password, by SRP (`PASSWORD_SRP`, then
    /// `PASSWORD_VERIFIER`); the next sign-in from this browser asks again.
    ///
    /// # Errors
    /// [`AppError::Form`] for an empty password; as [`Auth::sign_in`] otherwise.
    pub async fn choose_password(self, password: Password) -> Result<SignInStep, AppError> {
        if password.expose().is_empty() {
            return Err(FormError::Missing("password").into());
        }
        let challenge = self.pending_challenge()?;
        let srp = self.take_srp()?;
        let step = self
            .user_pool()
            .respond_select_password_srp(
                &challenge,
                &password,
                &srp,
                |user| self.device_key(user),
                clock::now_seconds,
            )
            .await;
        self.precompute_srp();
        let step = self.drop_challenge_if_expired(step)?;
        self.remember_factor(None);
        self.advance(step).await
    }

    /// Answers `WEB_AUTHN`: the browser's passkey prompt for Cognito's
    /// options, its assertion sent as `CREDENTIAL`.
    ///
    /// # Errors
    /// [`AppError::Passkey`] when the browser gives no passkey (cancelled,
    /// unsupported, another site's); the user pool's answer when it refuses
    /// the assertion; an expired step.
    pub async fn answer_passkey(self) -> Result<SignInStep, AppError> {
        let challenge = self.pending_challenge()?;
        let options = challenge.passkey_options()?;
        let credential = passkey::get(&options).await?;
        let step = self
            .user_pool()
            .respond_passkey(&challenge, &credential)
            .await;
        let step = self.drop_challenge_if_expired(step)?;
        self.remember_factor(Some(&FirstFactor::Passkey));
        self.advance(step).await
    }
}
