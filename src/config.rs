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
//! `endpoints` only for a local emulator.

use serde::Deserialize;

use crate::forms::SignInWith;
use crate::identity::IdentityPoolConfig;
use crate::s3::S3Endpoint;
use crate::secret::ClientSecret;
use crate::user_pool::UserPoolConfig;

/// Why `config.json` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Not JSON of the expected shape.
    #[error("config.json is not valid: {0}")]
    Invalid(String),
    /// A field has a value that cannot be right.
    #[error("config.json: {field} {problem}")]
    BadField {
        /// The field.
        field: &'static str,
        /// What is wrong with it.
        problem: String,
    },
}

/// Endpoint overrides for a local emulator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Endpoints {
    /// The user pool API.
    pub cognito_idp: Option<String>,
    /// The identity pool API.
    pub cognito_identity: Option<String>,
    /// S3 (path-style requests are used with an override).
    pub s3: Option<String>,
}

/// The app's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// AWS region of the pools and the bucket.
    pub region: String,
    /// `<region>_<id>`.
    pub user_pool_id: String,
    /// The public app client id.
    pub client_id: String,
    /// Only for app clients that have a secret (not recommended in a browser).
    #[serde(default)]
    pub client_secret: Option<ClientSecret>,
    /// `<region>:<uuid>`.
    pub identity_pool_id: String,
    /// The bucket listed by default.
    #[serde(default)]
    pub bucket: String,
    /// What names an account: `"username"` (default) or `"email"` (a pool
    /// whose username attribute is the email address).
    #[serde(default)]
    pub sign_in_with: SignInWith,
    /// Emulator endpoints.
    #[serde(default)]
    pub endpoints: Endpoints,
}

impl Config {
    /// Parses and checks `config.json`.
    ///
    /// # Errors
    /// [`ConfigError`] naming the field that is wrong.
    pub fn parse(json: &str) -> Result<Self, ConfigError> {
        let config: Self =
            serde_json::from_str(json).map_err(|e| ConfigError::Invalid(e.to_string()))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let bad = |field, problem: &str| {
            Err(ConfigError::BadField {
                field,
                problem: problem.to_owned(),
            })
        };
        let region_ok = !self.region.is_empty()
            && self
                .region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !region_ok {
            return bad("region", "must look like us-east-1");
        }
        match self.user_pool_id.split_once('_') {
            Some((region, name)) if region == self.region && !name.is_empty() => {}
            _ => {
                return bad(
                    "userPoolId",
                    "must look like <region>_<id>, in the configured region",
                );
            }
        }
        if self.client_id.is_empty() {
            return bad("clientId", "is empty");
        }
        match self.identity_pool_id.split_once(':') {
            Some((region, id)) if region == self.region && !id.is_empty() => {}
            _ => {
                return bad(
                    "identityPoolId",
                    "must look like <region>:<uuid>, in the configured region",
                );
            }
        }
        for (field, url) in [
            ("endpoints.cognitoIdp", &self.endpoints.cognito_idp),
            (
                "endpoints.cognitoIdentity",
                &self.endpoints.cognito_identity,
            ),
            ("endpoints.s3", &self.endpoints.s3),
        ] {
            if let Some(url) = url
                && !(url.starts_with("http://") || url.starts_with("https://"))
            {
                return bad(field, "must be an http:// or https:// URL");
            }
        }
        Ok(())
    }

    /// True when any endpoint points at an emulator.
    pub fn is_local(&self) -> bool {
        self.endpoints != Endpoints::default()
    }

    /// The user pool client's configuration.
    pub fn user_pool(&self) -> UserPoolConfig {
        UserPoolConfig {
            endpoint: self
                .endpoints
                .cognito_idp
                .clone()
                .unwrap_or_else(|| format!("https://cognito-idp.{}.amazonaws.com/", self.region)),
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
        }
    }

    /// The identity pool client's configuration.
    pub fn identity_pool(&self) -> IdentityPoolConfig {
        IdentityPoolConfig {
            endpoint: self.endpoints.cognito_identity.clone().unwrap_or_else(|| {
                format!("https://cognito-identity.{}.amazonaws.com/", self.region)
            }),
            identity_pool_id: self.identity_pool_id.clone(),
            provider_name: IdentityPoolConfig::provider_for(&self.region, &self.user_pool_id),
        }
    }

    /// Where S3 is.
    pub fn s3(&self) -> S3Endpoint {
        match &self.endpoints.s3 {
            Some(url) => S3Endpoint::Custom {
                url: url.clone(),
                region: self.region.clone(),
            },
            None => S3Endpoint::Aws {
                region: self.region.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"region":"us-east-1","userPoolId":"us-east-1_Abc","clientId":"c",
        "identityPoolId":"us-east-1:1234","bucket":"b"}"#;

    #[test]
    fn real_aws_defaults() {
        let c = Config::parse(GOOD).unwrap();
        assert!(!c.is_local());
        assert_eq!(
            c.user_pool().endpoint,
            "https://cognito-idp.us-east-1.amazonaws.com/"
        );
        assert_eq!(
            c.identity_pool().provider_name,
            "cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc"
        );
        assert_eq!(
            c.s3(),
            S3Endpoint::Aws {
                region: "us-east-1".into()
            }
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let e = Config::parse(&GOOD.replace("us-east-1_Abc", "eu-west-1_Abc")).unwrap_err();
        assert!(
            matches!(
                e,
                ConfigError::BadField {
                    field: "userPoolId",
                    ..
                }
            ),
            "{e}"
        );
        let e = Config::parse(&GOOD.replace(
            r#""bucket":"b""#,
            r#""bucket":"b","endpoints":{"s3":"ftp://x"}"#,
        ))
        .unwrap_err();
        assert!(
            matches!(
                e,
                ConfigError::BadField {
                    field: "endpoints.s3",
                    ..
                }
            ),
            "{e}"
        );
        assert!(matches!(Config::parse("{"), Err(ConfigError::Invalid(_))));
        assert!(matches!(
            Config::parse(&GOOD.replace("bucket", "buckett")),
            Err(ConfigError::Invalid(_))
        ));
    }

    #[test]
    fn sign_in_with_email_by_configuration() {
        assert_eq!(
            Config::parse(GOOD).unwrap().sign_in_with,
            SignInWith::Username
        );
        let c =
            Config::parse(&GOOD.replace(r#""bucket":"b""#, r#""bucket":"b","signInWith":"email""#))
                .unwrap();
        assert_eq!(c.sign_in_with, SignInWith::Email);
        assert!(matches!(
            Config::parse(&GOOD.replace(r#""bucket":"b""#, r#""bucket":"b","signInWith":"phone""#)),
            Err(ConfigError::Invalid(_))
        ));
    }

    #[test]
    fn secret_is_not_in_debug() {
        let c = Config::parse(&GOOD.replace(
            r#""clientId":"c""#,
            r#""clientId":"c","clientSecret":"s3cr3t""#,
        ))
        .unwrap();
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
