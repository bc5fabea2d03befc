//! The signed-in session: tokens, their expiry, clock drift, and how they are
//! kept in `localStorage`.
//!
//! The storage layout is amazon-cognito-identity-js's, so a session written by
//! either is read by the other (prefix `CognitoIdentityServiceProvider.<clientId>`):
//!
//! | key | value |
//! |---|---|
//! | `<prefix>.LastAuthUser` | the internal user name (`USER_ID_FOR_SRP`) |
//! | `<prefix>.<user>.idToken` / `.accessToken` / `.refreshToken` | the tokens |
//! | `<prefix>.<user>.clockDrift` | `now − min(iat)` in **seconds** (the JS library's convention, not Amplify v6's milliseconds) |
//! | `aws.cognito.identity-id.<identityPoolId>` | the cached identity id (aws-sdk v2's key) |
//!
//! Pure: the caller passes the current time and a `get` function over storage.
//! When to refresh, and what to do when a refresh fails, is decided in
//! [`policy`].

mod audience;
pub mod lease;
pub mod policy;
mod storage;

pub use self::audience::Audience;

use crate::jwt::{Claims, JwtError};
use crate::secret::{AccessToken, IdToken, RefreshToken};
use crate::user_pool::{AuthenticationResult, UserId};

/// Why a stored session could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// A token in storage (or from Cognito) is not a readable JWT.
    #[error("the saved {which} cannot be read ({reason})")]
    BadToken {
        /// `ID token` or `access token`.
        which: &'static str,
        /// Why (printed in the sentence, so not also a `source`).
        reason: JwtError,
    },
    /// `LastAuthUser` names a user whose tokens are missing.
    #[error("the saved session is incomplete (no {0})")]
    Incomplete(&'static str),
    /// The saved tokens were not issued to this app by its user pool.
    #[error("the saved session was not made for this app ({0} does not match)")]
    NotForThisApp(&'static str),
}

/// The largest clock drift believed, either way (seconds): a day. A stored value
/// beyond it (a corrupted or crafted store, a clock off by more) is held to it.
pub const MAX_CLOCK_DRIFT: i64 = 86_400;

/// A signed-in user's tokens. `Debug` redacts the tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The internal user name (`USER_ID_FOR_SRP`), the storage key.
    pub user: UserId,
    /// The ID token.
    pub id_token: IdToken,
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token (absent only in sessions written by other tools).
    pub refresh_token: Option<RefreshToken>,
    /// Local clock minus Cognito's clock, in seconds.
    pub clock_drift: i64,
    id_claims: Claims,
    access_expires_at: i64,
}

impl Session {
    /// Builds a session from tokens, computing the clock drift as the JS library does.
    ///
    /// # Errors
    /// [`SessionError::BadToken`] if a token is not a JWT with `exp` and `iat`.
    pub fn new(
        user: UserId,
        id_token: IdToken,
        access_token: AccessToken,
        refresh_token: Option<RefreshToken>,
        now_unix_seconds: i64,
    ) -> Result<Self, SessionError> {
        let mut session = Self::with_drift(user, id_token, access_token, refresh_token, 0)?;
        let id_iat = session
            .id_claims
            .issued_at()
            .map_err(|e| bad("ID token", e))?;
        let access_iat = Claims::decode(session.access_token.expose())
            .and_then(|c| c.issued_at())
            .map_err(|e| bad("access token", e))?;
        session.clock_drift =
            bounded_drift(now_unix_seconds.saturating_sub(id_iat.min(access_iat)));
        Ok(session)
    }

    fn with_drift(
        user: UserId,
        id_token: IdToken,
        access_token: AccessToken,
        refresh_token: Option<RefreshToken>,
        clock_drift: i64,
    ) -> Result<Self, SessionError> {
        let id_claims = Claims::decode(id_token.expose()).map_err(|e| bad("ID token", e))?;
        id_claims.expires_at().map_err(|e| bad("ID token", e))?;
        let access_expires_at = Claims::decode(access_token.expose())
            .and_then(|c| c.expires_at())
            .map_err(|e| bad("access token", e))?;
        Ok(Self {
            user,
            id_token,
            access_token,
            refresh_token,
            clock_drift,
            id_claims,
            access_expires_at,
        })
    }

    /// The session after a sign-in.
    ///
    /// # Errors
    /// [`SessionError::BadToken`].
    pub fn from_sign_in(
        user: UserId,
        tokens: AuthenticationResult,
        now_unix_seconds: i64,
    ) -> Result<Self, SessionError> {
        Self::new(
            user,
            tokens.id_token,
            tokens.access_token,
            tokens.refresh_token,
            now_unix_seconds,
        )
    }

    /// The session after a refresh: new ID and access tokens; the refresh token
    /// is kept unless Cognito rotated it.
    ///
    /// # Errors
    /// [`SessionError::BadToken`].
    pub fn refreshed(
        &self,
        tokens: AuthenticationResult,
        now_unix_seconds: i64,
    ) -> Result<Self, SessionError> {
        Self::new(
            self.user.clone(),
            tokens.id_token,
            tokens.access_token,
            tokens.refresh_token.or_else(|| self.refresh_token.clone()),
            now_unix_seconds,
        )
    }

    /// The ID token's claims (who the user is).
    pub fn claims(&self) -> &Claims {
        &self.id_claims
    }

    /// When the first of the two tokens expires, in Cognito's clock.
    pub fn expires_at(&self) -> i64 {
        self.id_claims
            .expires_at()
            .unwrap_or(i64::MIN)
            .min(self.access_expires_at)
    }

    /// The same instant in the local clock.
    pub fn expires_at_local(&self) -> i64 {
        self.expires_at().saturating_add(self.clock_drift)
    }

    /// Both tokens still valid at local time `now` (the JS library's `isValid`).
    pub fn is_valid(&self, now_unix_seconds: i64) -> bool {
        now_unix_seconds.saturating_sub(self.clock_drift) < self.expires_at()
    }

    /// Time to refresh: the tokens expire within `margin` seconds (or have).
    pub fn needs_refresh(&self, now_unix_seconds: i64, margin_seconds: i64) -> bool {
        !self.is_valid(now_unix_seconds.saturating_add(margin_seconds))
    }
}

/// `drift` held to [`MAX_CLOCK_DRIFT`] either way.
fn bounded_drift(drift: i64) -> i64 {
    drift.clamp(-MAX_CLOCK_DRIFT, MAX_CLOCK_DRIFT)
}

fn bad(which: &'static str, reason: JwtError) -> SessionError {
    SessionError::BadToken { which, reason }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde_json::json;

    use super::*;
    use crate::jwt::make_jwt;

    const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool";

    /// The audience of app client `client` in the test pool.
    fn app(client: &str) -> Audience {
        Audience::new(client, "eu-west-1", "eu-west-1_Pool")
    }

    fn tokens(iat: i64, exp: i64) -> AuthenticationResult {
        tokens_for("client", iat, exp)
    }

    fn tokens_for(client: &str, iat: i64, exp: i64) -> AuthenticationResult {
        AuthenticationResult {
            id_token: IdToken::new(make_jwt(&json!({
                "iat": iat, "exp": exp, "email": "a@b.c",
                "token_use": "id", "aud": client, "iss": ISSUER,
            }))),
            access_token: AccessToken::new(make_jwt(&json!({
                "iat": iat, "exp": exp, "token_use": "access", "client_id": client, "iss": ISSUER,
            }))),
            refresh_token: Some(RefreshToken::new("refresh")),
            expires_in: Some(3600),
            new_device: None,
        }
    }

    #[test]
    fn drift_and_validity() {
        // Local clock 30 s ahead of Cognito's.
        let s = Session::from_sign_in(UserId::new("u"), tokens(1000, 4600), 1030).unwrap();
        assert_eq!(s.clock_drift, 30);
        assert!(s.is_valid(4629));
        assert!(!s.is_valid(4630));
        assert!(s.needs_refresh(4400, 300));
        assert!(!s.needs_refresh(4000, 300));
        assert_eq!(s.expires_at_local(), 4630);
    }

    #[test]
    fn storage_round_trip_with_js_layout() {
        let s = Session::from_sign_in(UserId::new("user-1"), tokens(1000, 4600), 1000).unwrap();
        let store: HashMap<_, _> = s.storage_entries("client").into_iter().collect();
        assert_eq!(
            store["CognitoIdentityServiceProvider.client.LastAuthUser"],
            "user-1"
        );
        assert_eq!(
            store["CognitoIdentityServiceProvider.client.user-1.clockDrift"],
            "0"
        );
        assert_eq!(
            store["CognitoIdentityServiceProvider.client.user-1.refreshToken"],
            "refresh"
        );
        let loaded = Session::load(&app("client"), |k| store.get(k).cloned())
            .unwrap()
            .unwrap();
        assert_eq!(loaded, s);
        assert_eq!(
            Session::load(&app("other"), |k| store.get(k).cloned()),
            Ok(None)
        );
    }

    /// The storage of user `u`'s session with tokens for app client `client`,
    /// issued at `iat` and expiring at `exp`.
    fn stored_for(client: &str, iat: i64, exp: i64) -> HashMap<String, String> {
        Session::from_sign_in(UserId::new("u"), tokens_for(client, iat, exp), iat)
            .unwrap()
            .storage_entries(client)
            .into_iter()
            .collect()
    }

    #[test]
    fn is_stored_is_false_exactly_when_load_finds_nobody() {
        let full = stored_for("c", 1, 2);
        let last = "CognitoIdentityServiceProvider.c.LastAuthUser";
        let id = "CognitoIdentityServiceProvider.c.u.idToken";
        let mut stores = vec![full.clone(), HashMap::new()];
        for (key, value) in [
            (last, None),
            (last, Some("")),
            (id, None),
            (id, Some("junk")),
        ] {
            let mut store = full.clone();
            match value {
                Some(v) => store.insert(key.to_owned(), v.to_owned()),
                None => store.remove(key),
            };
            stores.push(store);
        }
        for store in &stores {
            let get = |k: &str| store.get(k).cloned();
            let nobody = Session::load(&app("c"), get) == Ok(None);
            assert_eq!(Session::is_stored("c", get), !nobody, "{store:?}");
            // Another app client's view of the same storage: nobody.
            assert!(!Session::is_stored("other", get));
        }
    }

    #[test]
    fn corrupted_storage_is_reported_not_ignored() {
        let mut store = stored_for("c", 1, 2);
        store.insert(
            "CognitoIdentityServiceProvider.c.u.idToken".into(),
            "garbage".into(),
        );
        assert!(matches!(
            Session::load(&app("c"), |k| store.get(k).cloned()),
            Err(SessionError::BadToken {
                which: "ID token",
                ..
            })
        ));
        store.remove("CognitoIdentityServiceProvider.c.u.idToken");
        assert_eq!(
            Session::load(&app("c"), |k| store.get(k).cloned()),
            Err(SessionError::Incomplete("ID token"))
        );
    }

    #[test]
    fn a_session_not_issued_to_this_app_is_refused() {
        let good = stored_for("c", 1000, 4600);
        assert!(
            Session::load(&app("c"), |k| good.get(k).cloned())
                .unwrap()
                .is_some()
        );
        // Each claim changed in turn (as another pool, client or token kind would have it).
        let id_key = "CognitoIdentityServiceProvider.c.u.idToken";
        let access_key = "CognitoIdentityServiceProvider.c.u.accessToken";
        let id = json!({"iat": 1000, "exp": 4600, "token_use": "id", "aud": "c", "iss": ISSUER});
        let access = json!({"iat": 1000, "exp": 4600, "token_use": "access", "client_id": "c", "iss": ISSUER});
        let other_pool = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other";
        for (key, base, claim, value, why) in [
            (
                id_key,
                &id,
                "token_use",
                json!("access"),
                "the ID token's token_use",
            ),
            (
                id_key,
                &id,
                "aud",
                json!("other-client"),
                "the ID token's audience",
            ),
            (id_key, &id, "aud", json!(["c"]), "the ID token's audience"),
            (
                id_key,
                &id,
                "iss",
                json!(other_pool),
                "the ID token's issuer",
            ),
            (
                id_key,
                &id,
                "iss",
                serde_json::Value::Null,
                "the ID token's issuer",
            ),
            (
                access_key,
                &access,
                "token_use",
                json!("id"),
                "the access token's token_use",
            ),
            (
                access_key,
                &access,
                "client_id",
                json!("other-client"),
                "the access token's client",
            ),
            (
                access_key,
                &access,
                "iss",
                json!(other_pool),
                "the access token's issuer",
            ),
        ] {
            let mut claims = base.clone();
            claims[claim] = value;
            let mut store = good.clone();
            store.insert(key.into(), make_jwt(&claims));
            assert_eq!(
                Session::load(&app("c"), |k| store.get(k).cloned()),
                Err(SessionError::NotForThisApp(why)),
                "{claim}"
            );
        }
    }

    #[test]
    fn refresh_keeps_refresh_token_unless_rotated() {
        let s = Session::from_sign_in(UserId::new("u"), tokens(1000, 4600), 1000).unwrap();
        let mut t = tokens(5000, 8600);
        t.refresh_token = None;
        let r = s.refreshed(t, 5000).unwrap();
        assert_eq!(r.refresh_token, Some(RefreshToken::new("refresh")));
        assert_eq!(r.expires_at(), 8600);
    }

    #[test]
    fn a_bad_token_prints_its_reason_once() {
        let e = Session::new(
            UserId::new("u"),
            IdToken::new(String::from("not-a-jwt")),
            AccessToken::new(String::from("not-a-jwt")),
            None,
            1000,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            SessionError::BadToken {
                which: "ID token",
                ..
            }
        ));
        // The reason is in the sentence, so it is not also the error's source
        // (a chain printer would show it twice).
        assert!(std::error::Error::source(&e).is_none());
        assert!(
            e.to_string()
                .starts_with("the saved ID token cannot be read ("),
            "{e}"
        );
    }

    #[test]
    fn debug_redacts_tokens() {
        let s = Session::from_sign_in(UserId::new("u"), tokens(1000, 4600), 1000).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("refresh\""), "{shown}");
        assert!(!shown.contains(s.id_token.expose()));
    }
}
