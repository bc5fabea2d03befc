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
//! "providers": ["Google"]}`: the hosted sign-in page) and `guests` (`true` when the
//! identity pool gives visitors who are not signed in guest credentials).
//! It is read by the first module, with the small reader of [`json`].

pub mod json;

use self::json::{Map, Value};
use crate::forms::{PasswordPolicy, SignInWith};
use crate::http::TransportError;
use crate::identity::IdentityPoolConfig;
use crate::s3::S3Endpoint;
use crate::secret::ClientSecret;
use crate::session::Audience;
use crate::user_pool::UserPoolConfig;

/// Why `config.json` cannot be used. `Display` is the sentence for the setup page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The server has no `config.json`.
    #[error("There is no config.json next to index.html.")]
    NotFound,
    /// It could not be fetched at all.
    #[error("config.json could not be loaded ({0}).")]
    Unreachable(#[source] TransportError),
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

/// The scopes asked for when `hostedUi.scopes` is absent: who the user is, and
/// an access token that may manage its own account (the account view).
const DEFAULT_SCOPES: [&str; 4] = [
    "openid",
    "email",
    "profile",
    "aws.cognito.signin.user.admin",
];

impl Config {
    /// Parses and checks `config.json`.
    ///
    /// # Errors
    /// [`ConfigError`] naming the field that is wrong.
    pub fn parse(json: &str) -> Result<Self, ConfigError> {
        let value = json::parse(json).map_err(ConfigError::Invalid)?;
        let config = Self::from_json(&value)?;
        config.check()?;
        Ok(config)
    }

    /// Reads the fields (unknown ones are refused: a misspelt optional field
    /// would otherwise be silently ignored).
    fn from_json(v: &Value) -> Result<Self, ConfigError> {
        const FIELDS: [&str; 13] = [
            "region",
            "userPoolId",
            "clientId",
            "clientSecret",
            "identityPoolId",
            "bucket",
            "signInWith",
            "endpoints",
            "passwordPolicy",
            "hostedUi",
            "guests",
            "maxUploadBytes",
            "api",
        ];
        let object = v
            .as_object()
            .ok_or_else(|| invalid("it is not a JSON object"))?;
        only_known(object, &FIELDS)?;
        let sign_in_with = match optional(v, "signInWith")?.as_deref() {
            None | Some("username") => SignInWith::Username,
            Some("email") => SignInWith::Email,
            Some(_) => return Err(invalid("signInWith must be \"username\" or \"email\"")),
        };
        let endpoints = match v.get("endpoints") {
            None | Some(Value::Null) => Endpoints::default(),
            Some(e @ Value::Object(map)) => {
                only_known(map, &["cognitoIdp", "cognitoIdentity", "s3"])?;
                Endpoints {
                    cognito_idp: optional(e, "cognitoIdp")?,
                    cognito_identity: optional(e, "cognitoIdentity")?,
                    s3: optional(e, "s3")?,
                }
            }
            Some(_) => return Err(invalid("endpoints must be an object")),
        };
        Ok(Self {
            region: required(v, "region")?,
            user_pool_id: required(v, "userPoolId")?,
            client_id: required(v, "clientId")?,
            client_secret: optional(v, "clientSecret")?.map(ClientSecret::new),
            identity_pool_id: required(v, "identityPoolId")?,
            bucket: optional(v, "bucket")?.unwrap_or_default(),
            sign_in_with,
            endpoints,
            password_policy: password_policy(v.get("passwordPolicy"))?,
            hosted_ui: hosted_ui(v.get("hostedUi"))?,
            guests: match v.get("guests") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Err(invalid("guests must be true or false")),
            },
            max_upload_bytes: match v.get("maxUploadBytes") {
                None | Some(Value::Null) => DEFAULT_MAX_UPLOAD_BYTES,
                Some(n) => n
                    .as_u64()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| invalid("maxUploadBytes must be a positive number"))?,
            },
            api: optional(v, "api")?,
        })
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
                && let Err(problem) = check_endpoint(url)
            {
                return bad(field, problem);
            }
        }
        if let Some(ui) = &self.hosted_ui
            && let Err(problem) = check_sign_in_domain(&ui.domain)
        {
            return bad("hostedUi.domain", problem);
        }
        // The API gets the user's ID token: AWS's domains or this computer only.
        if let Some(api) = &self.api
            && let Err(problem) = check_endpoint(api)
        {
            return bad("api", problem);
        }
        if !self.bucket.is_empty()
            && let Err(rule) = crate::s3::bucket_name::check(&self.bucket)
        {
            return bad("bucket", &format!("is not a bucket name: {rule}"));
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

    /// Whom a stored session's tokens must be issued to: this app client, by this user pool.
    pub fn audience(&self) -> Audience {
        Audience::new(&self.client_id, &self.region, &self.user_pool_id)
    }

    /// The hosted sign-in page for the app served at `origin` (`https://host`):
    /// it sends the person back to `<origin>/callback`.
    pub fn hosted_sign_in(&self, origin: &str) -> Option<crate::oauth::HostedUi> {
        self.hosted_ui.as_ref().map(|ui| crate::oauth::HostedUi {
            base: ui.domain.trim_end_matches('/').to_owned(),
            client_id: self.client_id.clone(),
            redirect_uri: format!("{}/callback", origin.trim_end_matches('/')),
            scopes: ui.scopes.clone(),
        })
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

/// `passwordPolicy`: `{"minimumLength": 12, "requireUppercase": false, …}` as the
/// pool's `Policies.PasswordPolicy` says (a rule left out is not required);
/// Cognito's default policy when the field is absent.
fn password_policy(v: Option<&Value>) -> Result<PasswordPolicy, ConfigError> {
    const FIELDS: [&str; 5] = [
        "minimumLength",
        "requireUppercase",
        "requireLowercase",
        "requireNumbers",
        "requireSymbols",
    ];
    let map = match v {
        None | Some(Value::Null) => return Ok(PasswordPolicy::default()),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(invalid("passwordPolicy must be an object")),
    };
    only_known(map, &FIELDS)?;
    let flag = |key: &str| match map.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(invalid(&format!(
            "passwordPolicy.{key} must be true or false"
        ))),
    };
    let minimum_length = match map.get("minimumLength") {
        None | Some(Value::Null) => 8,
        Some(n) => match n.as_u64() {
            // Cognito allows 6 to 99.
            Some(n @ 6..=99) => n as usize,
            _ => {
                return Err(invalid(
                    "passwordPolicy.minimumLength must be a number from 6 to 99",
                ));
            }
        },
    };
    Ok(PasswordPolicy {
        minimum_length,
        require_uppercase: flag("requireUppercase")?,
        require_lowercase: flag("requireLowercase")?,
        require_numbers: flag("requireNumbers")?,
        require_symbols: flag("requireSymbols")?,
    })
}

/// `hostedUi`: `{"domain": …, "scopes": […], "providers": […]}` (the two lists optional).
fn hosted_ui(v: Option<&Value>) -> Result<Option<HostedUiConfig>, ConfigError> {
    let v = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(v @ Value::Object(map)) => {
            only_known(map, &["domain", "scopes", "providers"])?;
            v
        }
        Some(_) => return Err(invalid("hostedUi must be an object")),
    };
    let list = |key: &'static str| -> Result<Option<Vec<String>>, ConfigError> {
        match v.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
                    _ => Err(invalid(&format!("hostedUi.{key} must be a list of names"))),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(invalid(&format!("hostedUi.{key} must be a list of names"))),
        }
    };
    let domain =
        optional(v, "domain")?.ok_or_else(|| invalid("missing field `hostedUi.domain`"))?;
    Ok(Some(HostedUiConfig {
        domain,
        scopes: list("scopes")?
            .unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect()),
        providers: list("providers")?.unwrap_or_default(),
    }))
}

/// The sign-in page is where passwords are typed: `https://` (Cognito's domain or a
/// custom one of the pool's), or this computer (an emulator), nothing else; no path.
fn check_sign_in_domain(url: &str) -> Result<(), &'static str> {
    let local = check_endpoint(url).is_ok() && !url.contains(".amazonaws.com");
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://").filter(|_| local))
        .ok_or("must be an https:// URL")?;
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err(
            "must be the sign-in domain alone, e.g. https://<prefix>.auth.<region>.amazoncognito.com",
        );
    }
    Ok(())
}

fn invalid(why: &str) -> ConfigError {
    ConfigError::Invalid(why.to_owned())
}

fn only_known(object: &Map, known: &[&str]) -> Result<(), ConfigError> {
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(ConfigError::Invalid(format!("unknown field `{k}`"))),
        None => Ok(()),
    }
}

fn required(v: &Value, field: &'static str) -> Result<String, ConfigError> {
    optional(v, field)?.ok_or_else(|| ConfigError::Invalid(format!("missing field `{field}`")))
}

fn optional(v: &Value, field: &'static str) -> Result<Option<String>, ConfigError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ConfigError::Invalid(format!("`{field}` must be a string"))),
    }
}

/// An endpoint override may name only this machine (an emulator: `http` or
/// `https`) or AWS's own domains (`https`): a `config.json` served by someone
/// else must not send passwords, tokens or signed requests to a host of theirs.
fn check_endpoint(url: &str) -> Result<(), &'static str> {
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(scheme, _)| *scheme == "http" || *scheme == "https")
        .ok_or("must be an http:// or https:// URL")?;
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err("may not carry a user name or password");
    }
    // The host without its port (an IPv6 literal keeps its brackets: [::1]:4566).
    let host = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => &authority[..i],
        _ => authority,
    }
    .to_ascii_lowercase();
    let loopback = host == "localhost" || host == "[::1]" || is_loopback_v4(&host);
    let aws = [".amazonaws.com", ".amazonaws.com.cn", ".api.aws"]
        .iter()
        .any(|d| host.ends_with(d) && host.len() > d.len());
    match (loopback, aws) {
        (true, _) => Ok(()),
        (false, true) if scheme == "https" => Ok(()),
        (false, true) => Err("must use https:// for an AWS endpoint"),
        (false, false) => Err("may name only this computer (an emulator) or an AWS domain"),
    }
}

/// `127.x.y.z`, each part a number up to 255 (compared as text: no number parsing).
fn is_loopback_v4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts[0] == "127"
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() < 3 || *p <= "255")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policy_as_the_pool_states_it() {
        assert_eq!(
            Config::parse(GOOD).unwrap().password_policy,
            PasswordPolicy::default()
        );
        let c = Config::parse(&GOOD.replace(
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","passwordPolicy":{"minimumLength":12,"requireSymbols":false}"#,
        ))
        .unwrap();
        assert_eq!(c.password_policy, PasswordPolicy::length_only(12));
        for bad in [
            r#""passwordPolicy":{"minimumLength":5}"#,
            r#""passwordPolicy":{"minimumLength":"12"}"#,
            r#""passwordPolicy":{"requireNumbers":"yes"}"#,
            r#""passwordPolicy":{"maxLength":12}"#,
            r#""passwordPolicy":[]"#,
        ] {
            let json = GOOD.replace(
                r#""bucket":"data-bucket""#,
                &format!(r#""bucket":"data-bucket",{bad}"#),
            );
            assert!(
                matches!(Config::parse(&json), Err(ConfigError::Invalid(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn endpoints_name_this_computer_or_aws_only() {
        for ok in [
            "http://127.0.0.1:4566/",
            "https://127.0.0.1:4443",
            "http://localhost:4566",
            "http://[::1]:4566/",
            "https://cognito-idp.eu-west-1.amazonaws.com/",
            "https://my-bucket.s3.eu-west-1.amazonaws.com",
            "https://cognito-identity.cn-north-1.amazonaws.com.cn/",
        ] {
            assert_eq!(check_endpoint(ok), Ok(()), "{ok}");
        }
        for bad in [
            "ftp://127.0.0.1",
            "127.0.0.1:4566",
            "https://evil.example.com/",
            "https://amazonaws.com.evil.com/",
            "https://evilamazonaws.com/",
            "https://.amazonaws.com/",
            "http://cognito-idp.us-east-1.amazonaws.com/",
            "http://127.0.0.1.evil.com/",
            "http://127.0.0.1@evil.com/",
            "http://user:pw@127.0.0.1/",
            "http://127.0.0.300/",
            "http://10.0.0.1/",
        ] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
    }

    const GOOD: &str = r#"{"region":"us-east-1","userPoolId":"us-east-1_Abc","clientId":"c",
        "identityPoolId":"us-east-1:1234","bucket":"data-bucket"}"#;

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
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","endpoints":{"s3":"ftp://x"}"#,
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
        let e = Config::parse(&GOOD.replace("data-bucket", "evil.com/x?")).unwrap_err();
        assert!(
            matches!(
                e,
                ConfigError::BadField {
                    field: "bucket",
                    ..
                }
            ),
            "{e}"
        );
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
        let c = Config::parse(&GOOD.replace(
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","signInWith":"email""#,
        ))
        .unwrap();
        assert_eq!(c.sign_in_with, SignInWith::Email);
        assert!(matches!(
            Config::parse(&GOOD.replace(
                r#""bucket":"data-bucket""#,
                r#""bucket":"data-bucket","signInWith":"phone""#
            )),
            Err(ConfigError::Invalid(_))
        ));
    }

    #[test]
    fn hosted_sign_in_and_guests_by_configuration() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!((c.hosted_ui.clone(), c.guests), (None, false));
        assert_eq!(c.hosted_sign_in("https://d1.cloudfront.net"), None);
        let c = Config::parse(&GOOD.replace(
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","guests":true,"hostedUi":{"domain":"https://demo.auth.us-east-1.amazoncognito.com/","providers":["Google"]}"#,
        ))
        .unwrap();
        assert!(c.guests);
        let ui = c.hosted_sign_in("https://d1.cloudfront.net").unwrap();
        assert_eq!(ui.base, "https://demo.auth.us-east-1.amazoncognito.com");
        assert_eq!(ui.redirect_uri, "https://d1.cloudfront.net/callback");
        assert_eq!(ui.scopes, DEFAULT_SCOPES.map(String::from).to_vec());
        assert_eq!(c.hosted_ui.unwrap().providers, vec!["Google".to_owned()]);
        for (bad, field) in [
            (
                r#""hostedUi":{"domain":"http://demo.auth.us-east-1.amazoncognito.com"}"#,
                true,
            ),
            (
                r#""hostedUi":{"domain":"https://evil.example/phish?x"}"#,
                true,
            ),
            (
                r#""hostedUi":{"domain":"https://user@login.example"}"#,
                true,
            ),
            (r#""hostedUi":{"scopes":["openid"]}"#, false),
            (
                r#""hostedUi":{"domain":"https://a.example","scopes":"openid"}"#,
                false,
            ),
            (
                r#""hostedUi":{"domain":"https://a.example","providers":[""]}"#,
                false,
            ),
            (
                r#""hostedUi":{"domain":"https://a.example","clientId":"x"}"#,
                false,
            ),
            (r#""guests":"yes""#, false),
        ] {
            let json = GOOD.replace(
                r#""bucket":"data-bucket""#,
                &format!(r#""bucket":"data-bucket",{bad}"#),
            );
            let e = Config::parse(&json).unwrap_err();
            let named = matches!(
                e,
                ConfigError::BadField {
                    field: "hostedUi.domain",
                    ..
                }
            );
            assert_eq!(named, field, "{bad}: {e}");
        }
        // An emulator's pages over plain HTTP on this computer.
        let local = GOOD.replace(
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","hostedUi":{"domain":"http://127.0.0.1:4566"}"#,
        );
        assert!(Config::parse(&local).is_ok());
    }

    #[test]
    fn upload_limit_and_api_by_configuration() {
        let c = Config::parse(GOOD).unwrap();
        assert_eq!(
            (c.max_upload_bytes, c.api),
            (DEFAULT_MAX_UPLOAD_BYTES, None)
        );
        let c = Config::parse(&GOOD.replace(
            r#""bucket":"data-bucket""#,
            r#""bucket":"data-bucket","maxUploadBytes":1024,"api":"https://abc.execute-api.us-east-1.amazonaws.com/prod/""#,
        ))
        .unwrap();
        assert_eq!(c.max_upload_bytes, 1024);
        assert!(c.api.is_some());
        for bad in [
            r#""maxUploadBytes":0"#,
            r#""maxUploadBytes":"1""#,
            r#""api":"https://evil.example/""#,
        ] {
            let json = GOOD.replace(
                r#""bucket":"data-bucket""#,
                &format!(r#""bucket":"data-bucket",{bad}"#),
            );
            assert!(Config::parse(&json).is_err(), "{bad}");
        }
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
