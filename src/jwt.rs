//! Reading the claims of a Cognito JWT (decoded, **not** verified: the app
//! only displays them and reads expiry times; the services verify tokens).

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

/// Why a token's claims could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three dot-separated parts.
    #[error("the token is not a JWT")]
    NotAJwt,
    /// The payload is not base64url.
    #[error("the token payload is not base64url")]
    Base64,
    /// The payload is not a JSON object.
    #[error("the token payload is not a JSON object")]
    Json,
    /// A required numeric claim is missing.
    #[error("the token has no `{0}` claim")]
    MissingClaim(&'static str),
}

/// The claims of a token, as sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims(BTreeMap<String, Value>);

impl Claims {
    /// Decodes the payload of `jwt`.
    ///
    /// # Errors
    /// See [`JwtError`].
    pub fn decode(jwt: &str) -> Result<Self, JwtError> {
        let mut parts = jwt.split('.');
        let (Some(_header), Some(payload), Some(_sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::NotAJwt);
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|_| JwtError::Base64)?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(Self(map.into_iter().collect())),
            _ => Err(JwtError::Json),
        }
    }

    fn number(&self, name: &'static str) -> Result<i64, JwtError> {
        self.0
            .get(name)
            .and_then(Value::as_f64)
            .map(|v| v as i64)
            .ok_or(JwtError::MissingClaim(name))
    }

    /// `exp`, seconds since the epoch.
    ///
    /// # Errors
    /// [`JwtError::MissingClaim`].
    pub fn expires_at(&self) -> Result<i64, JwtError> {
        self.number("exp")
    }

    /// `iat`, seconds since the epoch.
    ///
    /// # Errors
    /// [`JwtError::MissingClaim`].
    pub fn issued_at(&self) -> Result<i64, JwtError> {
        self.number("iat")
    }

    /// A string claim (`email`, `sub`, `cognito:username`, …).
    pub fn string(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// All claims, sorted by name, for display.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

#[cfg(test)]
pub(crate) fn make_jwt(claims: &Value) -> String {
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
    format!(
        "{}.{}.sig",
        enc(&serde_json::json!({"alg": "RS256"})),
        enc(claims)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decodes_claims() {
        let jwt = make_jwt(&json!({"sub": "abc", "exp": 200, "iat": 100.0, "email": "é@x.org"}));
        let c = Claims::decode(&jwt).unwrap();
        assert_eq!(c.expires_at(), Ok(200));
        assert_eq!(c.issued_at(), Ok(100));
        assert_eq!(c.string("email"), Some("é@x.org"));
        assert_eq!(c.iter().count(), 4);
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(Claims::decode("abc"), Err(JwtError::NotAJwt));
        assert_eq!(Claims::decode("a.b.c.d"), Err(JwtError::NotAJwt));
        assert_eq!(Claims::decode("a.!!!.c"), Err(JwtError::Base64));
        assert_eq!(
            Claims::decode(&format!("a.{}.c", URL_SAFE_NO_PAD.encode("[1]"))),
            Err(JwtError::Json)
        );
        let c = Claims::decode(&make_jwt(&json!({}))).unwrap();
        assert_eq!(c.expires_at(), Err(JwtError::MissingClaim("exp")));
    }
}
