//! Whose tokens these are: a stored or received session is used only if its
//! tokens were issued to this app client by its user pool.

use super::{Session, SessionError, bad};
use crate::jwt::Claims;

/// Whom tokens must be issued to: the app client, by the configured user pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience {
    /// The app client id (also what the storage keys are named by).
    pub client_id: String,
    /// `https://cognito-idp.<region>.amazonaws.com/<user pool id>`.
    pub issuer: String,
}

impl Audience {
    /// The audience of `client_id` in the user pool `user_pool_id` of `region`.
    pub fn new(client_id: &str, region: &str, user_pool_id: &str) -> Self {
        Self {
            client_id: client_id.to_owned(),
            issuer: format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"),
        }
    }
}

impl Session {
    /// Were these tokens issued to `audience` (as [`Session::load`] checks)?
    ///
    /// # Errors
    /// [`SessionError::NotForThisApp`] naming the claim that differs.
    pub fn check_audience(&self, audience: &Audience) -> Result<(), SessionError> {
        self.clone().issued_to(audience).map(drop)
    }

    /// `self` if its tokens were issued to `audience`.
    pub(super) fn issued_to(self, audience: &Audience) -> Result<Self, SessionError> {
        let access =
            Claims::decode(self.access_token.expose()).map_err(|e| bad("access token", e))?;
        let id = &self.id_claims;
        let checks = [
            (
                id.string("token_use") == Some("id"),
                "the ID token's token_use",
            ),
            (
                id.string("aud") == Some(&audience.client_id),
                "the ID token's audience",
            ),
            (
                id.string("iss") == Some(&audience.issuer),
                "the ID token's issuer",
            ),
            (
                access.string("token_use") == Some("access"),
                "the access token's token_use",
            ),
            (
                access.string("client_id") == Some(&audience.client_id),
                "the access token's client",
            ),
            (
                access.string("iss") == Some(&audience.issuer),
                "the access token's issuer",
            ),
        ];
        match checks.iter().find(|(ok, _)| !ok) {
            Some((_, claim)) => Err(SessionError::NotForThisApp(claim)),
            None => Ok(self),
        }
    }
}
