//! The signed-in user's passkeys: listed by pages, added (Cognito's options,
//! the browser's prompt, the new credential back to Cognito), removed. Each
//! call is authorized by the access token ([`crate::user_pool::passkey`]).
//! The account view asks the user to show it is them ([`super::reauth`])
//! before it adds one.

use super::Auth;
use crate::error::AppError;
use crate::user_pool::{PasskeyId, PasskeyPage};
use crate::web::passkey;

/// Passkeys per page of the account view's list.
pub const PAGE_SIZE: u32 = 10;

impl Auth {
    /// One page of the user's passkeys, from `next_token` (`None`: the first page).
    ///
    /// # Errors
    /// The user pool's answer (an expired session signs the user out).
    pub async fn passkeys(self, next_token: Option<String>) -> Result<PasskeyPage, AppError> {
        self.with_access_token(|pool, token| {
            let next = next_token.clone();
            Box::pin(async move {
                pool.list_passkeys(&token, Some(PAGE_SIZE), next.as_deref())
                    .await
            })
        })
        .await
    }

    /// Adds a passkey: `StartWebAuthnRegistration`, the browser's prompt,
    /// `CompleteWebAuthnRegistration`.
    ///
    /// # Errors
    /// [`AppError::Passkey`] when the browser makes none (cancelled,
    /// unsupported, another site's relying party, one already there); the
    /// user pool's answer (passkeys not enabled for the pool, …).
    pub async fn add_passkey(self) -> Result<(), AppError> {
        let options = self
            .with_access_token(|pool, token| {
                Box::pin(async move { pool.start_passkey_registration(&token).await })
            })
            .await?;
        let credential = passkey::create(&options).await?;
        self.with_access_token(|pool, token| {
            let credential = credential.clone();
            Box::pin(async move {
                pool.complete_passkey_registration(&token, &credential)
                    .await
            })
        })
        .await
    }

    /// Removes a passkey: it no longer signs in.
    ///
    /// # Errors
    /// The user pool's answer ([`crate::user_pool::UserPoolError::PasskeyNotFound`]
    /// when it was removed already).
    pub async fn remove_passkey(self, id: PasskeyId) -> Result<(), AppError> {
        self.with_access_token(|pool, token| {
            let id = id.clone();
            Box::pin(async move { pool.delete_passkey(&token, &id).await })
        })
        .await
    }
}
