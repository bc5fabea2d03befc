//! Reading the claims of a Cognito JWT (decoded, **not** verified: the app
//! only displays them and reads expiry times; the services verify tokens).

use crate::json::{Map, Value};

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
pub struct Claims(Map);

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
        let bytes =
            crate::b64::decode_url(payload.trim_end_matches('=')).ok_or(JwtError::Base64)?;
        let text = String::from_utf8(bytes).map_err(|_| JwtError::Json)?;
        match crate::json::read::parse(&text) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            _ => Err(JwtError::Json),
        }
    }

    fn number(&self, name: &'static str) -> Result<i64, JwtError> {
        self.0
            .get(name)
            .and_then(Value::as_seconds)
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

    /// All claims, sorted by name, for display (a repeated name: the last one).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        let mut claims: Vec<(&str, &Value)> = self
            .0
            .iter()
            .filter(|&(k, v)| self.0.get(k).is_some_and(|last| std::ptr::eq(last, v)))
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        claims.sort_by(|a, b| a.0.cmp(b.0));
        claims.into_iter()
    }
}

#[cfg(test)]
pub(crate) fn make_jwt(claims: &serde_json::Value) -> String {
    let enc = |v: &serde_json::Value| crate::b64::encode_url(&serde_json::to_vec(v).unwrap());
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
            Claims::decode(&format!("a.{}.c", crate::b64::encode_url(b"[1]"))),
            Err(JwtError::Json)
        );
        let c = Claims::decode(&make_jwt(&json!({}))).unwrap();
        assert_eq!(c.expires_at(), Err(JwtError::MissingClaim("exp")));
    }
}
