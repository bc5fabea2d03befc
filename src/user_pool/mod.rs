//! Cognito user pool API (`cognito-idp`, JSON 1.1), called directly from the app.
//!
//! This module holds the client: where it sends, the one call path every
//! operation shares, and the `SECRET_HASH`. The operations live beside it,
//! one concern a file: [`registration`] (sign-up, codes, password recovery),
//! [`sign_in`] (SRP and refresh), [`challenge`] (the further sign-in steps),
//! [`device`] (remembered devices), [`account`] (what a signed-in user can do
//! with the access token), [`user_auth`] (choice-based sign-in: a passkey, an
//! emailed or texted code, or the password), [`passkey`] (the user's
//! passkeys); the wire types are in [`types`] and the errors in [`error`].
//!
//! Calls are unsigned, authenticated by the app client id (and `SECRET_HASH`
//! when the client has a secret) or by the user's access token. A password
//! sign-in is SRP: the password never leaves the browser.

pub mod account;
pub mod challenge;
pub mod context_data;
pub mod device;
pub mod error;
pub mod passkey;
pub mod passkey_kind;
pub mod registration;
pub mod sign_in;
pub mod types;
pub mod user_auth;

use crate::json::Value;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub use self::challenge::{Challenge, ChallengeKind, ChallengeName, MfaKind};
pub use self::context_data::ContextData;
pub use self::device::{Device, DeviceSecrets, NewDevice};
pub use self::error::UserPoolError;
pub use self::passkey::{Passkey, PasskeyId, PasskeyPage};
pub use self::passkey_kind::AuthenticatorKind;
pub use self::sign_in::AuthStep;
pub use self::types::{Attribute, AuthenticationResult, CodeDelivery, SignUpResult, User, UserId};
pub use self::user_auth::FirstFactor;
use crate::aws_json;
use crate::http::HttpClient;
use crate::json::JsonObject;
use crate::secret::ClientSecret;
use crate::service::Service;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// Which user pool and app client to talk to, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPoolConfig {
    /// `https://cognito-idp.<region>.amazonaws.com/`, or an emulator's URL.
    pub endpoint: String,
    /// `<region>_<name>`.
    pub user_pool_id: String,
    /// The app client id.
    pub client_id: String,
    /// The app client secret, for clients that have one.
    pub client_secret: Option<ClientSecret>,
}

/// The user pool API over an injected [`HttpClient`].
#[derive(Debug, Clone)]
pub struct UserPoolClient<H> {
    http: H,
    config: UserPoolConfig,
    context_data: Option<ContextData>,
}

/// A body with the access token (the calls a signed-in user makes for itself).
fn token_body(access_token: &crate::secret::AccessToken) -> JsonObject {
    JsonObject::new().str("AccessToken", access_token.expose())
}

impl<H: HttpClient> UserPoolClient<H> {
    /// A client for `config` sending through `http`.
    pub fn new(http: H, config: UserPoolConfig) -> Self {
        Self {
            http,
            config,
            context_data: None,
        }
    }

    /// The same client, sending threat protection's context data with the
    /// operations that take it.
    #[must_use]
    pub fn with_context_data(mut self, context_data: ContextData) -> Self {
        self.context_data = Some(context_data);
        self
    }

    /// The configuration in use.
    pub fn config(&self) -> &UserPoolConfig {
        &self.config
    }

    /// Sends `operation` with the JSON `body`; the answer as JSON.
    /// Every operation goes through here, so there is one copy of this path.
    async fn call(&self, operation: &str, body: JsonObject) -> Result<Value, UserPoolError> {
        let body = match &self.context_data {
            Some(context_data) => context_data.attach(operation, body),
            None => body,
        };
        aws_json::call_typed(
            &self.http,
            Service::UserPool,
            &self.config.endpoint,
            TARGET_PREFIX,
            operation,
            body.finish(),
        )
        .await
    }

    /// A call whose answer carries nothing the app needs.
    async fn call_for_effect(
        &self,
        operation: &str,
        body: JsonObject,
    ) -> Result<(), UserPoolError> {
        self.call(operation, body).await.map(drop)
    }

    /// A body that starts with the app client id.
    fn client_body(&self) -> JsonObject {
        JsonObject::new().str("ClientId", &self.config.client_id)
    }

    /// A body with the app client id, `Username` and (for clients with a
    /// secret) `SecretHash`: what the unauthenticated operations send.
    fn user_body(&self, username: &str) -> JsonObject {
        self.client_body()
            .str("Username", username)
            .opt_str("SecretHash", self.secret_hash(username).as_deref())
    }

    /// `SECRET_HASH` for `username`, when the client has a secret.
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        let secret = self.config.client_secret.as_ref()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
            .expect("HMAC takes any key size");
        mac.update(username.as_bytes());
        mac.update(self.config.client_id.as_bytes());
        Some(crate::b64::encode(&mac.finalize().into_bytes()))
    }
}

/// A scripted [`HttpClient`] for the unit tests of each operation file.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod canned {
    use std::cell::RefCell;
    use std::collections::VecDeque;

    use serde_json::Value;

    use super::*;
    use crate::http::{HttpRequest, HttpResponse, TransportError};

    /// Answers every request with one canned response and records the requests.
    pub(crate) struct Canned {
        status: u16,
        body: &'static str,
        pub(crate) sent: RefCell<Vec<HttpRequest>>,
    }

    impl HttpClient for Canned {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.sent.borrow_mut().push(request);
            Ok(HttpResponse {
                status: self.status,
                body: self.body.into(),
            })
        }
    }

    /// A client answered by `status` and `body`, with an optional client secret.
    pub(crate) fn client(
        status: u16,
        body: &'static str,
        secret: Option<&str>,
    ) -> UserPoolClient<Canned> {
        UserPoolClient::new(
            Canned {
                status,
                body,
                sent: RefCell::default(),
            },
            UserPoolConfig {
                endpoint: "https://cognito-idp.us-east-1.amazonaws.com/".into(),
                user_pool_id: "us-east-1_Pool".into(),
                client_id: "clientid123".into(),
                client_secret: secret.map(ClientSecret::new),
            },
        )
    }

    /// Answers requests in order (HTTP 200 each), recording each target and body.
    pub(crate) struct Script {
        answers: RefCell<VecDeque<String>>,
        sent: RefCell<Vec<(String, Value)>>,
    }

    impl HttpClient for &Script {
        async fn send(&self, r: HttpRequest) -> Result<HttpResponse, TransportError> {
            let target = r
                .headers
                .iter()
                .find(|(k, _)| k == "X-Amz-Target")
                .unwrap()
                .1
                .clone();
            self.sent
                .borrow_mut()
                .push((target, serde_json::from_str(&r.body).unwrap()));
            let body = self.answers.borrow_mut().pop_front().expect("an answer");
            Ok(HttpResponse { status: 200, body })
        }
    }

    /// Runs `f` with a client (secret `the-client-secret`) that answers `answers`
    /// in turn; its result and the requests sent (target, body).
    pub(crate) fn run<T>(
        answers: &[&str],
        f: impl AsyncFnOnce(&UserPoolClient<&Script>) -> T,
    ) -> (T, Vec<(String, Value)>) {
        run_as(Some("the-client-secret"), answers, f)
    }

    /// [`run`] with the client secret `secret`.
    pub(crate) fn run_as<T>(
        secret: Option<&str>,
        answers: &[&str],
        f: impl AsyncFnOnce(&UserPoolClient<&Script>) -> T,
    ) -> (T, Vec<(String, Value)>) {
        let script = Script {
            answers: RefCell::new(answers.iter().map(|a| (*a).to_owned()).collect()),
            sent: RefCell::default(),
        };
        let client = UserPoolClient::new(
            &script,
            UserPoolConfig {
                endpoint: "https://cognito-idp.us-east-1.amazonaws.com/".into(),
                user_pool_id: "us-east-1_Pool".into(),
                client_id: "clientid123".into(),
                client_secret: secret.map(ClientSecret::new),
            },
        );
        let out = pollster::block_on(f(&client));
        (out, script.sent.take())
    }

    /// The JSON body of the `n`th request sent.
    pub(crate) fn body(c: &UserPoolClient<Canned>, n: usize) -> Value {
        serde_json::from_str(&c.http.sent.borrow()[n].body).unwrap()
    }

    /// How many requests were sent.
    pub(crate) fn sent(c: &UserPoolClient<Canned>) -> usize {
        c.http.sent.borrow().len()
    }

    /// The `X-Amz-Target` of the `n`th request.
    pub(crate) fn target(c: &UserPoolClient<Canned>, n: usize) -> String {
        let sent = c.http.sent.borrow();
        let req = &sent[n];
        assert_eq!(req.method, crate::http::Method::POST);
        assert!(
            req.headers
                .contains(&("Content-Type".into(), "application/x-amz-json-1.1".into()))
        );
        req.headers
            .iter()
            .find(|(k, _)| k == "X-Amz-Target")
            .map(|(_, v)| v.clone())
            .unwrap()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::canned::client;

    #[test]
    fn secret_hash_known_answer() {
        // base64(HMAC-SHA256("the-client-secret", "alice" ‖ "clientid123")), computed with Python's hmac.
        let c = client(200, "{}", Some("the-client-secret"));
        assert_eq!(
            c.secret_hash("alice").as_deref(),
            Some("05yLkZjvkXRR+CvAIB49/htwKsmJLWndF62I7R06M4M=")
        );
        assert_eq!(client(200, "{}", None).secret_hash("alice"), None);
    }
}
