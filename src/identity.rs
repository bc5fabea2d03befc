//! Cognito identity pool (`cognito-identity`, JSON 1.1): trades a user pool ID
//! token for temporary AWS credentials (`GetId`, then `GetCredentialsForIdentity`).

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::aws_json::{self, AwsJsonError};
use crate::http::{HttpClient, TransportError};
use crate::secret::{IdToken, SecretKey, SessionToken};

const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

/// Which identity pool, where, and which user pool's tokens it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityPoolConfig {
    /// `https://cognito-identity.<region>.amazonaws.com/`, or an emulator's URL.
    pub endpoint: String,
    /// `<region>:<uuid>`.
    pub identity_pool_id: String,
    /// The `Logins` key: `cognito-idp.<region>.amazonaws.com/<userPoolId>`.
    pub provider_name: String,
}

impl IdentityPoolConfig {
    /// The `Logins` provider name for a user pool.
    pub fn provider_for(region: &str, user_pool_id: &str) -> String {
        format!("cognito-idp.{region}.amazonaws.com/{user_pool_id}")
    }
}

/// Temporary AWS credentials. `Debug` shows only the access key id.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Credentials {
    /// `ASIA…` access key id.
    pub access_key_id: String,
    /// The secret key (the wire name is `SecretKey`).
    pub secret_key: SecretKey,
    /// The session token that goes with them.
    pub session_token: SessionToken,
    /// Expiry, seconds since the epoch (may be fractional on the wire).
    #[serde(deserialize_with = "epoch_seconds")]
    pub expiration: i64,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("expiration", &self.expiration)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// True when they expire within `margin_seconds` of `now` (renew then).
    pub fn expires_within(&self, now_unix_seconds: i64, margin_seconds: i64) -> bool {
        self.expiration - now_unix_seconds <= margin_seconds
    }
}

fn epoch_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let value = f64::deserialize(d)?;
    if value.is_finite() {
        Ok(value.floor() as i64)
    } else {
        Err(serde::de::Error::custom("expiration is not finite"))
    }
}

/// A failed identity pool call. `Display` is the sentence to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    /// The ID token was refused (expired, wrong pool, or the pool refuses this provider).
    #[error("Your sign-in was not accepted for AWS access. Please sign in again.")]
    NotAuthorized(String),
    /// The identity pool (or a cached identity) does not exist.
    #[error("This app is misconfigured: its identity pool was not found.")]
    ResourceNotFound(String),
    /// The pool has no role for signed-in users, or a role cannot be assumed.
    #[error("This app is misconfigured: the identity pool has no usable role ({0}).")]
    InvalidConfiguration(String),
    /// Throttled: retry later.
    #[error("The AWS sign-in service is busy. Try again in a moment.")]
    TooManyRequests,
    /// The pool's identity limit is reached.
    #[error("The identity pool has reached its limit of identities.")]
    LimitExceeded,
    /// A bad parameter (a configuration mistake, usually).
    #[error("This app sent a request the identity pool refused: {0}")]
    InvalidParameter(String),
    /// Cognito failed, or the token provider did.
    #[error("The AWS sign-in service had an internal problem. Try again in a moment.")]
    Internal,
    /// An error this app does not know.
    #[error("The AWS sign-in service answered {code}: {message}")]
    Other {
        /// The `__type`.
        code: String,
        /// The message.
        message: String,
    },
    /// No HTTP answer.
    #[error("Could not reach the AWS sign-in service. Check your connection and try again.")]
    Network(TransportError),
    /// An HTTP error without an AWS error document.
    #[error("The AWS sign-in service answered with HTTP status {0}.")]
    Http(u16),
    /// A success answer with the wrong shape.
    #[error("The AWS sign-in service sent an answer this app does not understand ({0}).")]
    Malformed(String),
}

impl IdentityError {
    /// Worth retrying later (network, throttling, 5xx).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network(_) | Self::TooManyRequests | Self::Internal
        ) || matches!(self, Self::Http(s) if *s >= 500 || *s == 429)
    }
}

impl From<AwsJsonError> for IdentityError {
    fn from(e: AwsJsonError) -> Self {
        match e {
            AwsJsonError::Transport(t) => Self::Network(t),
            AwsJsonError::Http { status } if status >= 500 => Self::Internal,
            AwsJsonError::Http { status } => Self::Http(status),
            AwsJsonError::Malformed(m) => Self::Malformed(m),
            AwsJsonError::Service { code, message, .. } => match code.as_str() {
                "NotAuthorizedException" => Self::NotAuthorized(message),
                "ResourceNotFoundException" => Self::ResourceNotFound(message),
                "InvalidIdentityPoolConfigurationException" => Self::InvalidConfiguration(message),
                "TooManyRequestsException" | "ThrottlingException" => Self::TooManyRequests,
                "LimitExceededException" => Self::LimitExceeded,
                "InvalidParameterException" => Self::InvalidParameter(message),
                "InternalErrorException"
                | "ExternalServiceException"
                | "ResourceConflictException" => Self::Internal,
                _ => Self::Other { code, message },
            },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GetIdReq<'a> {
    identity_pool_id: &'a str,
    logins: HashMap<&'a str, &'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GetCredentialsReq<'a> {
    identity_id: &'a str,
    logins: HashMap<&'a str, &'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetIdResp {
    identity_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GetCredentialsResp {
    identity_id: String,
    credentials: Credentials,
}

/// The identity pool API over an injected [`HttpClient`].
#[derive(Debug, Clone)]
pub struct IdentityPoolClient<H> {
    http: H,
    config: IdentityPoolConfig,
}

impl<H: HttpClient> IdentityPoolClient<H> {
    /// A client for `config` sending through `http`.
    pub fn new(http: H, config: IdentityPoolConfig) -> Self {
        Self { http, config }
    }

    /// `GetId`: the identity id for this user (stable; cache it).
    ///
    /// # Errors
    /// See [`IdentityError`].
    pub async fn get_id(&self, id_token: &IdToken) -> Result<String, IdentityError> {
        let target = format!("{TARGET_PREFIX}GetId");
        let req = GetIdReq {
            identity_pool_id: &self.config.identity_pool_id,
            logins: HashMap::from([(self.config.provider_name.as_str(), id_token.expose())]),
        };
        let resp: GetIdResp =
            aws_json::call(&self.http, &self.config.endpoint, &target, &req).await?;
        Ok(resp.identity_id)
    }

    /// `GetCredentialsForIdentity` for a known identity id.
    ///
    /// # Errors
    /// See [`IdentityError`].
    pub async fn credentials_for(
        &self,
        identity_id: &str,
        id_token: &IdToken,
    ) -> Result<(String, Credentials), IdentityError> {
        let target = format!("{TARGET_PREFIX}GetCredentialsForIdentity");
        let req = GetCredentialsReq {
            identity_id,
            logins: HashMap::from([(self.config.provider_name.as_str(), id_token.expose())]),
        };
        let resp: GetCredentialsResp =
            aws_json::call(&self.http, &self.config.endpoint, &target, &req).await?;
        Ok((resp.identity_id, resp.credentials))
    }

    /// Credentials, using `cached_identity_id` when there is one (one request
    /// instead of two); a stale cached id (not found) falls back to `GetId`.
    ///
    /// # Errors
    /// See [`IdentityError`].
    pub async fn credentials(
        &self,
        cached_identity_id: Option<&str>,
        id_token: &IdToken,
    ) -> Result<(String, Credentials), IdentityError> {
        if let Some(id) = cached_identity_id {
            match self.credentials_for(id, id_token).await {
                Err(IdentityError::ResourceNotFound(_)) => {}
                other => return other,
            }
        }
        let id = self.get_id(id_token).await?;
        self.credentials_for(&id, id_token).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_parse_fractional_expiry_and_redact() {
        let c: Credentials = serde_json::from_str(
            r#"{"AccessKeyId":"ASIAEXAMPLE","SecretKey":"verysecret","SessionToken":"tok","Expiration":1.7936e9}"#,
        )
        .unwrap();
        assert_eq!(c.expiration, 1_793_600_000);
        let shown = format!("{c:?}");
        assert!(shown.contains("ASIAEXAMPLE"));
        assert!(!shown.contains("verysecret") && !shown.contains("tok\""));
        assert!(c.expires_within(1_793_599_800, 300));
        assert!(!c.expires_within(1_793_599_000, 300));
    }

    #[test]
    fn error_mapping() {
        let e: IdentityError = AwsJsonError::Service {
            code: "InvalidIdentityPoolConfigurationException".into(),
            message: "no role".into(),
            status: 400,
        }
        .into();
        assert_eq!(e, IdentityError::InvalidConfiguration("no role".into()));
        assert!(IdentityError::from(AwsJsonError::Http { status: 503 }).is_transient());
    }
}
