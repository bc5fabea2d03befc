//! Where a session lives in `localStorage`: the key layout
//! amazon-cognito-identity-js uses (`CognitoIdentityServiceProvider.<client
//! id>.<user>.<name>`), the remembered device's keys and the identity id's
//! (aws-sdk v2's), and reading and writing a session with it. Storage itself
//! is passed in (`get`), so any stored value is tested natively.

use super::{Audience, Session, SessionError, bounded_drift};
use crate::secret::{AccessToken, IdToken, RefreshToken};
use crate::user_pool::UserId;

impl Session {
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
    use super::parse_int_prefix;

    #[test]
    fn drift_parsing_follows_parse_int() {
        assert_eq!(parse_int_prefix("42"), Some(42));
        assert_eq!(parse_int_prefix("-7abc"), Some(-7));
        assert_eq!(parse_int_prefix("x"), None);
        assert_eq!(parse_int_prefix(""), None);
    }
}
