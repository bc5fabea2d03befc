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

pub mod lease;
pub mod policy;

use crate::jwt::{Claims, JwtError};
use crate::secret::{AccessToken, IdToken, RefreshToken};
use crate::user_pool::{AuthenticationResult, UserId};

/// Why a stored session could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// A token in storage (or from Cognito) is not a readable JWT.
    #[error("the saved {which} cannot be read ({source})")]
    BadToken {
        /// `ID token` or `access token`.
        which: &'static str,
        /// Why.
        source: JwtError,
    },
    /// `LastAuthUser` names a user whose tokens are missing.
    #[error("the saved session is incomplete (no {0})")]
    Incomplete(&'static str),
    /// The saved tokens were not issued to this app by its user pool.
    #[error("the saved session was not made for this app ({0} does not match)")]
    NotForThisApp(&'static str),
}

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

    /// The key prefix for an app client.
    pub fn key_prefix(client_id: &str) -> String {
        format!("CognitoIdentityServiceProvider.{client_id}")
    }

    /// The `LastAuthUser` key.
    pub fn last_user_key(client_id: &str) -> String {
        format!("{}.LastAuthUser", Self::key_prefix(client_id))
    }

    /// The per-user keys this session writes (for sign-out).
    pub fn user_keys(client_id: &str, user: &UserId) -> [String; 5] {
        let p = format!("{}.{user}", Self::key_prefix(client_id));
        [
            format!("{p}.idToken"),
            format!("{p}.accessToken"),
            format!("{p}.refreshToken"),
            format!("{p}.clockDrift"),
            format!("{p}.userData"),
        ]
    }

    /// A remembered device's keys for `user`, as amazon-cognito-identity-js names
    /// them: `deviceKey`, `deviceGroupKey`, `randomPasswordKey`. Kept on sign-out
    /// (the device stays remembered); removed when the device is forgotten.
    pub fn device_keys(client_id: &str, user: &UserId) -> [String; 3] {
        let p = format!("{}.{user}", Self::key_prefix(client_id));
        [
            format!("{p}.deviceKey"),
            format!("{p}.deviceGroupKey"),
            format!("{p}.randomPasswordKey"),
        ]
    }

    /// Marks a session made by the hosted sign-in page (`"true"`): signing out
    /// also ends the page's own session (its `/logout`).
    pub fn hosted_key(client_id: &str, user: &UserId) -> String {
        format!("{}.{user}.hostedSignIn", Self::key_prefix(client_id))
    }

    /// The cached identity id key (aws-sdk v2's).
    pub fn identity_id_key(identity_pool_id: &str) -> String {
        format!("aws.cognito.identity-id.{identity_pool_id}")
    }

    /// The entries to write to storage.
    pub fn storage_entries(&self, client_id: &str) -> Vec<(String, String)> {
        let [id, access, refresh, drift, _] = Self::user_keys(client_id, &self.user);
        let mut entries = vec![
            (id, self.id_token.expose().to_owned()),
            (access, self.access_token.expose().to_owned()),
            (drift, self.clock_drift.to_string()),
            (
                Self::last_user_key(client_id),
                self.user.as_str().to_owned(),
            ),
        ];
        if let Some(r) = &self.refresh_token {
            entries.push((refresh, r.expose().to_owned()));
        }
        entries
    }

    /// Is a session stored (a `LastAuthUser`)? What [`Session::load`] reads
    /// first, without reading the tokens: `false` exactly when `load` answers
    /// `Ok(None)`.
    pub fn is_stored(client_id: &str, get: impl Fn(&str) -> Option<String>) -> bool {
        get(&Self::last_user_key(client_id)).is_some_and(|u| !u.is_empty())
    }

    /// Reads the last signed-in user's session; `Ok(None)` when nobody is signed in.
    /// It is accepted only if its tokens were issued to `audience`: the ID token's
    /// `token_use`, `aud` and `iss`, the access token's `token_use`, `client_id`
    /// and `iss` (a session planted by someone else, or left by another pool, is not).
    ///
    /// # Errors
    /// [`SessionError`] when a session is there but unreadable or not this app's:
    /// the app says so instead of silently signing the user out.
    pub fn load(
        audience: &Audience,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Self>, SessionError> {
        let client_id = audience.client_id.as_str();
        let Some(username) = get(&Self::last_user_key(client_id)).filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let user = UserId::new(username);
        let [id, access, refresh, drift, _] = Self::user_keys(client_id, &user);
        let id_token = get(&id).ok_or(SessionError::Incomplete("ID token"))?;
        let access_token = get(&access).ok_or(SessionError::Incomplete("access token"))?;
        let refresh_token = get(&refresh)
            .filter(|r| !r.is_empty())
            .map(RefreshToken::new);
        // The JS library reads it with parseInt(…) || 0; so do we.
        // Held to a day either way: a crafted value cannot move expiry arbitrarily.
        let clock_drift =
            bounded_drift(get(&drift).and_then(|d| parse_int_prefix(&d)).unwrap_or(0));
        Self::with_drift(
            user,
            IdToken::new(id_token),
            AccessToken::new(access_token),
            refresh_token,
            clock_drift,
        )?
        .issued_to(audience)
        .map(Some)
    }

    /// Were these tokens issued to `audience` (as [`Session::load`] checks)?
    ///
    /// # Errors
    /// [`SessionError::NotForThisApp`] naming the claim that differs.
    pub fn check_audience(&self, audience: &Audience) -> Result<(), SessionError> {
        self.clone().issued_to(audience).map(drop)
    }

    /// `self` if its tokens were issued to `audience`.
    fn issued_to(self, audience: &Audience) -> Result<Self, SessionError> {
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

/// `drift` held to [`MAX_CLOCK_DRIFT`] either way.
fn bounded_drift(drift: i64) -> i64 {
    drift.clamp(-MAX_CLOCK_DRIFT, MAX_CLOCK_DRIFT)
}

fn bad(which: &'static str, source: JwtError) -> SessionError {
    SessionError::BadToken { which, source }
}

/// JavaScript `parseInt` on a decimal string: an optional sign and leading digits.
fn parse_int_prefix(s: &str) -> Option<i64> {
    let s = s.trim_start();
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().ok().map(|v| sign * v)
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
    fn drift_parsing_follows_parse_int() {
        assert_eq!(parse_int_prefix("42"), Some(42));
        assert_eq!(parse_int_prefix("-7abc"), Some(-7));
        assert_eq!(parse_int_prefix("x"), None);
        assert_eq!(parse_int_prefix(""), None);
    }

    #[test]
    fn debug_redacts_tokens() {
        let s = Session::from_sign_in(UserId::new("u"), tokens(1000, 4600), 1000).unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("refresh\""), "{shown}");
        assert!(!shown.contains(s.id_token.expose()));
    }
}
