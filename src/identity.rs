//! Cognito identity pool (`cognito-identity`, JSON 1.1): trades a user pool ID
//! token for temporary AWS credentials (`GetId`, then `GetCredentialsForIdentity`),
//! or, with no token, gives a guest identity its credentials (a pool that allows
//! unauthenticated identities). A guest's identity id sent later with a token is
//! linked to that user by the pool (AWS keeps the id; or answers the user's own).

use crate::text_id::text_id;
use std::fmt;

use crate::json::Value;

use crate::aws_json::{self, ServiceError};
use crate::http::HttpClient;
use crate::json::{self, JsonObject};
use crate::secret::{IdToken, SecretKey, SessionToken};
use crate::service::{Service, ServiceFailure, WrapsServiceFailure};

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

text_id! {
    /// An identity pool identity id (`<region>:<uuid>`): `GetId`'s answer, which
    /// `GetCredentialsForIdentity` then names. Stable for a user (cache it); it names
    /// the user's own folder of the data bucket. The type keeps it apart from the
    /// pool's id and the user pool's names.
    pub struct IdentityId;
}

/// Temporary AWS credentials. `Debug` shows only the access key id.
#[derive(Clone, PartialEq)]
pub struct Credentials {
    /// `ASIA…` access key id.
    pub access_key_id: String,
    /// The secret key (the wire name is `SecretKey`).
    pub secret_key: SecretKey,
    /// The session token that goes with them.
    pub session_token: SessionToken,
    /// Expiry, seconds since the epoch (may be fractional on the wire).
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
    /// Reads a `Credentials` object.
    ///
    /// # Errors
    /// A malformed answer naming the missing field.
    pub fn from_json(v: &Value) -> Result<Self, IdentityError> {
        let text = |key| json::required_str(v, key).map_err(IdentityError::malformed);
        // Seconds since the epoch, possibly fractional (`1.7936E9`).
        let expiration = v
            .get("Expiration")
            .and_then(Value::as_seconds)
            .ok_or_else(|| IdentityError::malformed("no Expiration"))?;
        Ok(Self {
            access_key_id: text("AccessKeyId")?,
            secret_key: SecretKey::new(text("SecretKey")?),
            session_token: SessionToken::new(text("SessionToken")?),
            expiration,
        })
    }

    /// True when they expire within `margin_seconds` of `now` (renew then).
    pub fn expires_within(&self, now_unix_seconds: i64, margin_seconds: i64) -> bool {
        self.expiration.saturating_sub(now_unix_seconds) <= margin_seconds
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
    /// The pool's identity limit is reached.
    #[error("The identity pool has reached its limit of identities.")]
    LimitExceeded,
    /// A bad parameter (a configuration mistake, usually).
    #[error("This app sent a request the identity pool refused: {0}")]
    InvalidParameter(String),
    /// An error this app does not know.
    #[error("The AWS sign-in service answered {code}: {message}")]
    Other {
        /// The `__type`.
        code: String,
        /// The message.
        message: String,
    },
    /// No answer, an HTTP error, an unreadable answer, throttling, Cognito's own failure.
    #[error(transparent)]
    Service(#[from] ServiceFailure),
}

impl WrapsServiceFailure for IdentityError {
    const SERVICE: Service = Service::IdentityPool;

    fn failure(&self) -> Option<&ServiceFailure> {
        match self {
            Self::Service(f) => Some(f),
            _ => None,
        }
    }
}

impl ServiceError for IdentityError {
    fn from_code(code: &str, message: &str) -> Self {
        let message = message.to_owned();
        match code {
            "NotAuthorizedException" => Self::NotAuthorized(message),
            "ResourceNotFoundException" => Self::ResourceNotFound(message),
            "InvalidIdentityPoolConfigurationException" => Self::InvalidConfiguration(message),
            "LimitExceededException" => Self::LimitExceeded,
            "InvalidParameterException" => Self::InvalidParameter(message),
            "ExternalServiceException" | "ResourceConflictException" => {
                ServiceFailure::Internal(Service::IdentityPool).into()
            }
            _ => Self::Other {
                code: code.to_owned(),
                message,
            },
        }
    }
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

    /// `GetId`: the identity id for this user, or a new guest identity when
    /// `id_token` is `None` (stable; cache it).
    ///
    /// # Errors
    /// See [`IdentityError`].
    pub async fn get_id(&self, id_token: Option<&IdToken>) -> Result<IdentityId, IdentityError> {
        let body = JsonObject::new().str("IdentityPoolId", &self.config.identity_pool_id);
        let answer = self.call("GetId", body, id_token).await?;
        answered_identity_id(&answer)
    }

    /// Sends `operation` with `body` plus the `Logins` map for `id_token` (none for a guest).
    async fn call(
        &self,
        operation: &str,
        body: JsonObject,
        id_token: Option<&IdToken>,
    ) -> Result<Value, IdentityError> {
        let body = match id_token {
            Some(token) => body.object(
                "Logins",
                JsonObject::new().str(&self.config.provider_name, token.expose()),
            ),
            None => body,
        };
        aws_json::call_typed(
            &self.http,
            Service::IdentityPool,
            &self.config.endpoint,
            TARGET_PREFIX,
            operation,
            body.finish(),
        )
        .await
    }

    /// `GetCredentialsForIdentity` for a known identity id (a guest's when `id_token` is `None`).
    ///
    /// # Errors
    /// See [`IdentityError`].
    pub async fn credentials_for(
        &self,
        identity_id: &IdentityId,
        id_token: Option<&IdToken>,
    ) -> Result<(IdentityId, Credentials), IdentityError> {
        let body = JsonObject::new().str("IdentityId", identity_id.as_str());
        let answer = self
            .call("GetCredentialsForIdentity", body, id_token)
            .await?;
        let credentials = answer
            .get("Credentials")
            .ok_or_else(|| IdentityError::malformed("no Credentials"))?;
        Ok((
            answered_identity_id(&answer)?,
            Credentials::from_json(credentials)?,
        ))
    }

    /// Credentials, using `cached_identity_id` when there is one (one request
    /// instead of two). A cached id the pool refuses (not found, or not this
    /// user's: "Logins don't match") is dropped and `GetId` asked once, so a
    /// wrong cached id cannot keep the user from AWS until they sign out.
    /// `id_token` `None`: a guest's credentials.
    ///
    /// # Errors
    /// See [`IdentityError`].
    pub async fn credentials(
        &self,
        cached_identity_id: Option<&IdentityId>,
        id_token: Option<&IdToken>,
    ) -> Result<(IdentityId, Credentials), IdentityError> {
        if let Some(id) = cached_identity_id {
            match self.credentials_for(id, id_token).await {
                Err(IdentityError::ResourceNotFound(_) | IdentityError::NotAuthorized(_)) => {}
                other => return other,
            }
        }
        let id = self.get_id(id_token).await?;
        self.credentials_for(&id, id_token).await
    }
}

/// The `IdentityId` of a `GetId` or `GetCredentialsForIdentity` answer.
fn answered_identity_id(answer: &Value) -> Result<IdentityId, IdentityError> {
    json::required_str(answer, "IdentityId")
        .map(IdentityId::new)
        .map_err(IdentityError::malformed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws_json::AwsJsonError;

    #[test]
    fn credentials_parse_fractional_expiry_and_redact() {
        let c = Credentials::from_json(
            &json::parse(
                r#"{"AccessKeyId":"ASIAEXAMPLE","SecretKey":"verysecret","SessionToken":"tok","Expiration":1.7936e9}"#,
            )
            .unwrap(),
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
        let e: IdentityError = AwsJsonError::Code {
            code: "InvalidIdentityPoolConfigurationException".into(),
            message: "no role".into(),
        }
        .typed();
        assert_eq!(e, IdentityError::InvalidConfiguration("no role".into()));
        let e: IdentityError =
            AwsJsonError::Failure(ServiceFailure::from_status(Service::IdentityPool, 503)).typed();
        assert!(e.is_transient());
        assert!(!IdentityError::malformed("x").is_transient());
    }

    #[test]
    fn missing_expiry_is_malformed() {
        let v = json::parse(r#"{"AccessKeyId":"A","SecretKey":"s","SessionToken":"t"}"#).unwrap();
        assert_eq!(
            Credentials::from_json(&v).unwrap_err(),
            IdentityError::malformed("no Expiration")
        );
    }
}

/// Calls through a scripted client (native only: `pollster` runs the futures).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod scripted {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use super::*;
    use crate::http::{HttpRequest, HttpResponse, TransportError};

    /// Answers each request with the next scripted answer; keeps each target and identity id.
    struct Script {
        answers: RefCell<VecDeque<(u16, &'static str)>>,
        targets: RefCell<Vec<String>>,
    }

    impl HttpClient for &Script {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            let target = request
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
                .map(|(_, v)| v.replace("AWSCognitoIdentityService.", ""))
                .unwrap_or_default();
            let body = json::parse(&request.body).unwrap();
            self.targets.borrow_mut().push(format!(
                "{target} {}",
                json::str_field(&body, "IdentityId").unwrap_or("-")
            ));
            let (status, body) = self.answers.borrow_mut().pop_front().expect("an answer");
            Ok(HttpResponse {
                status,
                body: body.into(),
            })
        }
    }

    const CREDENTIALS: &str = r#"{"IdentityId":"us-east-1:mine","Credentials":{"AccessKeyId":"A","SecretKey":"s","SessionToken":"t","Expiration":1.7936e9}}"#;

    fn run(answers: &[(u16, &'static str)]) -> (Result<IdentityId, IdentityError>, Vec<String>) {
        let script = Script {
            answers: RefCell::new(answers.iter().copied().collect()),
            targets: RefCell::default(),
        };
        let client = IdentityPoolClient::new(
            &script,
            IdentityPoolConfig {
                endpoint: "http://127.0.0.1:4566/".into(),
                identity_pool_id: "us-east-1:pool".into(),
                provider_name: "cognito-idp.us-east-1.amazonaws.com/us-east-1_x".into(),
            },
        );
        let out = pollster::block_on(
            client.credentials(Some(&IdentityId::new("us-east-1:cached")), Some(&token())),
        )
        .map(|(id, _)| id);
        (out, script.targets.take())
    }

    fn token() -> IdToken {
        IdToken::new("jwt")
    }

    #[test]
    fn a_guest_sends_no_logins_and_a_user_sends_the_pool_login() {
        let script = Script {
            answers: RefCell::new(
                [
                    (200, r#"{"IdentityId":"us-east-1:guest"}"#),
                    (200, CREDENTIALS),
                    (200, CREDENTIALS),
                ]
                .into(),
            ),
            targets: RefCell::default(),
        };
        let bodies = RefCell::new(Vec::new());
        let recording = Recording {
            script: &script,
            bodies: &bodies,
        };
        let client = IdentityPoolClient::new(
            &recording,
            IdentityPoolConfig {
                endpoint: "http://127.0.0.1:4566/".into(),
                identity_pool_id: "us-east-1:pool".into(),
                provider_name: "cognito-idp.us-east-1.amazonaws.com/us-east-1_x".into(),
            },
        );
        pollster::block_on(client.credentials(None, None)).unwrap();
        // The guest's id, later sent with the user's token: AWS links it.
        pollster::block_on(
            client.credentials(Some(&IdentityId::new("us-east-1:guest")), Some(&token())),
        )
        .unwrap();
        let bodies = bodies.take();
        assert_eq!(bodies[0], r#"{"IdentityPoolId":"us-east-1:pool"}"#);
        assert_eq!(bodies[1], r#"{"IdentityId":"us-east-1:guest"}"#);
        assert_eq!(
            bodies[2],
            r#"{"IdentityId":"us-east-1:guest","Logins":{"cognito-idp.us-east-1.amazonaws.com/us-east-1_x":"jwt"}}"#
        );
    }

    struct Recording<'a> {
        script: &'a Script,
        bodies: &'a RefCell<Vec<String>>,
    }

    impl HttpClient for &Recording<'_> {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.bodies.borrow_mut().push(request.body.clone());
            self.script.send(request).await
        }
    }

    #[test]
    fn a_refused_cached_identity_is_dropped_for_get_id_once() {
        for refusal in [
            r#"{"__type":"NotAuthorizedException","message":"Logins don't match. Please include at least one valid login for this identity or identity pool."}"#,
            r#"{"__type":"ResourceNotFoundException","message":"Identity 'us-east-1:cached' not found."}"#,
        ] {
            let (out, targets) = run(&[
                (400, refusal),
                (200, r#"{"IdentityId":"us-east-1:mine"}"#),
                (200, CREDENTIALS),
            ]);
            assert_eq!(out.unwrap(), IdentityId::new("us-east-1:mine"));
            assert_eq!(
                targets,
                [
                    "GetCredentialsForIdentity us-east-1:cached",
                    "GetId -",
                    "GetCredentialsForIdentity us-east-1:mine"
                ]
            );
        }
        // The token itself refused: GetId is refused too, and that is the answer (once).
        let refused = r#"{"__type":"NotAuthorizedException","message":"Invalid login token. Token expired."}"#;
        let (out, targets) = run(&[(400, refused), (400, refused)]);
        assert!(matches!(out, Err(IdentityError::NotAuthorized(_))));
        assert_eq!(targets.len(), 2);
        // Other failures are not the cached id's fault: no GetId.
        let (out, targets) = run(&[(500, "")]);
        assert!(out.unwrap_err().is_transient());
        assert_eq!(targets.len(), 1);
    }
}
