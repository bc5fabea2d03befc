//! Run-time configuration: the `config.json` served next to `index.html`, so
//! one build serves any user pool, identity pool and bucket.
//!
//! ```json
//! {
//!   "region": "us-east-1",
//!   "userPoolId": "us-east-1_AbCdEf",
//!   "clientId": "1example23456789",
//!   "identityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000",
//!   "bucket": "my-data-bucket",
//!   "endpoints": { "cognitoIdp": "http://127.0.0.1:4566/", "cognitoIdentity": "…", "s3": "…" }
//! }
//! ```
//! `clientSecret` (optional) is for app clients with a secret; `signInWith`
//! (optional, `"username"` or `"email"`) follows the pool's username attribute;
//! `endpoints` only for a local emulator. Optional too: `hostedUi`
//! (`{"domain": "https://<prefix>.auth.<region>.amazoncognito.com", "scopes": […],
//! "providers": ["Google"]}`: the hosted sign-in page), `guests` (`true` when the
//! identity pool gives visitors who are not signed in guest credentials) and
//! `threatProtection` (`"AUDIT"` or `"ENFORCED"`: the pool's threat protection)
//! and `passwordless` (`true` when the pool signs in by passkey or emailed code).
//! It is read by the first module, with the app's own small JSON reader ([`crate::json::read`]).
//!
//! [`Config::parse`] is the entry point; the work is split by concept:
//! `read` (fields and their shapes), `validate` (values that cannot be right),
//! `hosts` (the endpoint hosts allowed: a security rule) and `services` (each
//! client's configuration, built from a [`Config`]).

mod hosts;
mod read;
mod services;
mod validate;

use crate::forms::{PasswordPolicy, SignInWith};
use crate::http::TransportError;
use crate::secret::ClientSecret;

/// Why `config.json` cannot be used. `Display` is the sentence for the setup page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The server has no `config.json`.
    #[error("There is no config.json next to index.html.")]
    NotFound,
    /// It could not be fetched at all. The transport error is part of the
    /// sentence, not its source: a chain of causes would print it twice.
    #[error("config.json could not be loaded ({0}).")]
    Unreachable(TransportError),
    /// It was answered with another HTTP error.
    #[error("config.json could not be loaded (HTTP status {0}).")]
    Status(u16),
    /// Not JSON of the expected shape.
    #[error("config.json is not valid: {0}.")]
    Invalid(String),
    /// A field has a value that cannot be right.
    #[error("config.json: {field} {problem}.")]
    BadField {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
}

/// Endpoint overrides for a local emulator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// The user pool API.
    pub cognito_idp: Option<String>,
    /// The identity pool API.
    pub cognito_identity: Option<String>,
    /// S3 (path-style requests are used with an override).
    pub s3: Option<String>,
}

/// The app's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// AWS region of the pools and the bucket.
    pub region: String,
    /// `<region>_<id>`.
    pub user_pool_id: String,
    /// The public app client id.
    pub client_id: String,
    /// Only for app clients that have a secret (not recommended in a browser).
    pub client_secret: Option<ClientSecret>,
    /// `<region>:<uuid>`.
    pub identity_pool_id: String,
    /// The bucket listed by default.
    pub bucket: String,
    /// What names an account: `"username"` (default) or `"email"` (a pool
    /// whose username attribute is the email address).
    pub sign_in_with: SignInWith,
    /// Emulator endpoints.
    pub endpoints: Endpoints,
    /// The user pool's password policy (`passwordPolicy`; Cognito's default when absent).
    pub password_policy: PasswordPolicy,
    /// The hosted sign-in page, when the app client has one (`hostedUi`).
    pub hosted_ui: Option<HostedUiConfig>,
    /// Visitors who are not signed in may browse the shared folder (`guests`).
    pub guests: bool,
    /// The largest file a user may upload to their folder (`maxUploadBytes`).
    pub max_upload_bytes: u64,
    /// The user's own API (`api`: its base URL, e.g. `https://<id>.execute-api.<region>.amazonaws.com/prod/`).
    pub api: Option<String>,
    /// The pool has threat protection on (`threatProtection`: `"AUDIT"` or
    /// `"ENFORCED"`): the app sends Cognito's context data with sign-in, sign-up
    /// and password-reset requests.
    pub threat_protection: bool,
    /// The pool signs in without a password too (`passwordless`: its sign-in
    /// policy allows passkeys or emailed codes as the first factor, and the app
    /// client `ALLOW_USER_AUTH`): the sign-in view offers "Continue without a
    /// password", and sign-up may leave the password out.
    pub passwordless: bool,
}

/// The upload limit when `maxUploadBytes` is absent: 100 MiB.
pub const DEFAULT_MAX_UPLOAD_BYTES: u64 = 100 * 1024 * 1024;

/// `hostedUi`: the pool's sign-in domain, the scopes to ask for, and the external
/// providers to offer a button for (none: one button for Cognito's own page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedUiConfig {
    /// `https://<prefix>.auth.<region>.amazoncognito.com`, a custom domain, or an emulator.
    pub domain: String,
    /// The scopes to ask for.
    pub scopes: Vec<String>,
    /// External providers (`identity_provider` names), in the order shown.
    pub providers: Vec<String>,
}

impl Config {
    /// Parses and checks `config.json`.
    ///
    /// # Errors
    /// [`ConfigError`] naming the field that is wrong.
    pub fn parse(json: &str) -> Result<Self, ConfigError> {
        let value = crate::json::read::parse(json).map_err(ConfigError::Invalid)?;
        let config = Self::from_json(&value)?;
        config.check()?;
        Ok(config)
    }
}

/// A valid `config.json`, for the tests of this module and the ones below.
#[cfg(test)]
const GOOD: &str = r#"{"region":"us-east-1","userPoolId":"us-east-1_Abc","clientId":"c",
    "identityPoolId":"us-east-1:1234","bucket":"data-bucket"}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_not_in_debug() {
        let c = Config::parse(&GOOD.replace(
            r#""clientId":"c""#,
            r#""clientId":"c","clientSecret":"s3cr3t""#,
        ))
        .unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }

    #[test]
    fn unreachable_says_its_cause_once() {
        use std::error::Error as _;
        let e = ConfigError::Unreachable(TransportError::new(
            "https://app.example/config.json",
            "offline",
        ));
        assert_eq!(
            e.to_string(),
            "config.json could not be loaded (could not reach https://app.example: offline)."
        );
        assert!(e.source().is_none());
    }
}
