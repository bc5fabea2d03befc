//! What a signed-in user does with the access token: who am I, profile,
//! password, authenticator app, sign out everywhere.

use leptos::prelude::*;

use super::Auth;
use super::reauth::Proof;
use crate::error::AppError;
use crate::forms;
use crate::secret::{Password, TotpSecret};
use crate::user_pool::{Attribute, ChallengeName, User, UserPoolError};

impl Auth {
    /// The signed-in user and their attributes (`GetUser`).
    ///
    /// # Errors
    /// [`AppError::NotSignedIn`], or the user pool's answer (an expired or
    /// revoked session signs the user out).
    pub async fn user(self) -> Result<User, AppError> {
        self.with_access_token(|pool, token| Box::pin(async move { pool.get_user(&token).await }))
            .await
    }

    /// Saves the optional `name` and `address` attributes.
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn update_profile(self, name: String, address: String) -> Result<(), AppError> {
        let attributes = [
            Attribute::new("name", name.trim()),
            Attribute::new("address", address.trim()),
        ];
        self.with_access_token(|pool, token| {
            let attributes = attributes.clone();
            Box::pin(async move { pool.update_user_attributes(&token, &attributes).await })
        })
        .await
    }

    /// Changes the password (checked against the policy and the confirmation first).
    ///
    /// # Errors
    /// [`AppError::Form`], or the user pool's answer (a wrong current password
    /// reads as "Incorrect username or password.").
    pub async fn change_password(
        self,
        current: Password,
        new: Password,
        confirm: String,
    ) -> Result<(), AppError> {
        if current.expose().is_empty() {
            return Err(forms::FormError::Missing("current password").into());
        }
        forms::check_new_password(&self.password_policy(), new.expose(), &confirm, &[])?;
        self.with_access_token(|pool, token| {
            let (current, new) = (current.clone(), new.clone());
            Box::pin(async move { pool.change_password(&token, &current, &new).await })
        })
        .await
    }

    /// Starts setting up an authenticator app: the shared key to show.
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn start_totp_setup(self) -> Result<TotpSecret, AppError> {
        self.with_access_token(|pool, token| {
            Box::pin(async move { pool.associate_software_token(&token).await })
        })
        .await
    }

    /// Checks the app's first code, then makes the app the preferred second step.
    ///
    /// # Errors
    /// [`AppError::Form`] for a code that is not 6 digits; a wrong code.
    pub async fn finish_totp_setup(self, code: String) -> Result<(), AppError> {
        let code = forms::check_code(&code)?;
        self.with_access_token(|pool, token| {
            let code = code.clone();
            Box::pin(async move {
                pool.verify_software_token(&token, &code, "Authenticator app")
                    .await?;
                pool.set_totp_preference(&token, true).await
            })
        })
        .await
    }

    /// Turns the authenticator-app step off, once the person at the keyboard has
    /// shown they are the user: their password and a current code, proved to
    /// Cognito by a fresh sign-in (SRP, then the code step). A session left open
    /// on a shared computer is not enough to weaken the account. The fresh
    /// tokens replace the session's.
    ///
    /// # Errors
    /// A form error (no password, a code that is not six digits), or the user
    /// pool's answer (wrong password, wrong code, …).
    pub async fn disable_totp(self, password: Password, code: String) -> Result<(), AppError> {
        if password.expose().is_empty() {
            return Err(forms::FormError::Missing("password").into());
        }
        let code = forms::check_code(&code)?;
        // A fresh sign-in replaces the session (its refresh token revoked), as
        // showing it is you again does for a passkey.
        let proof = match self.prove_with_password(password).await? {
            Proof::NeedsCode { challenge, .. }
                if challenge.name == ChallengeName::SoftwareTokenMfa =>
            {
                self.prove_with_code(challenge, false, code).await?
            }
            // No code asked: the app's step is not what guards sign-in now.
            other => other,
        };
        if !matches!(proof, Proof::Done) {
            return Err(
                UserPoolError::UnsupportedChallenge("a further sign-in step".into()).into(),
            );
        }
        self.with_access_token(|pool, token| {
            Box::pin(async move { pool.set_totp_preference(&token, false).await })
        })
        .await
    }

    /// Signs out on every device (`GlobalSignOut`), revokes this refresh token,
    /// and always signs out here, whatever the network says ([`Auth::sign_out`]:
    /// the hosted sign-in page's own session too, when the session came from it).
    ///
    /// With `forget_devices`, every device of the account is forgotten first
    /// (`ListDevices`, `ForgetDevice`, while the tokens still work), so a remembered
    /// device asks for the two-step code again at its next sign-in.
    ///
    /// # Errors
    /// The user pool's answer when a device cannot be forgotten (nothing is signed
    /// out then: try again, or without forgetting); [`AppError::SignedOutHereOnly`]
    /// with the user pool's answer to `GlobalSignOut`: the local sign-out has
    /// happened anyway.
    pub async fn sign_out_everywhere(self, forget_devices: bool) -> Result<(), AppError> {
        if forget_devices {
            for device in self.devices().await? {
                self.forget_device(device.key).await?;
            }
        }
        let refresh_token = self.session.get_untracked().and_then(|s| s.refresh_token);
        let result = self
            .with_access_token(|pool, token| {
                Box::pin(async move { pool.global_sign_out(&token).await })
            })
            .await;
        if result.is_ok()
            && let Some(refresh) = &refresh_token
        {
            // Already invalid after GlobalSignOut on AWS; revoking is belt and braces.
            let _ = self.user_pool().revoke_token(refresh).await;
        }
        self.sign_out();
        result.map_err(|e| AppError::SignedOutHereOnly(Box::new(e)))
    }
}
