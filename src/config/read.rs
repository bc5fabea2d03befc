//! Reading `config.json`'s fields into a [`Config`]: types, shapes, defaults; unknown fields refused.

use super::{Config, ConfigError, DEFAULT_MAX_UPLOAD_BYTES, Endpoints, HostedUiConfig};
use crate::forms::{PasswordPolicy, SignInWith};
use crate::json::{Map, Value};
use crate::secret::ClientSecret;

/// The scopes asked for when `hostedUi.scopes` is absent: who the user is, and
/// an access token that may manage its own account (the account view).
pub(super) const DEFAULT_SCOPES: [&str; 4] = [
    "openid",
    "email",
    "profile",
    "aws.cognito.signin.user.admin",
];

impl Config {
    /// Reads the fields (unknown ones are refused: a misspelt optional field
    /// would otherwise be silently ignored).
    pub(super) fn from_json(v: &Value) -> Result<Self, ConfigError> {
        const FIELDS: [&str; 15] = [
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
            "threatProtection",
            "passwordless",
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
            guests: flag(v, "guests", "guests must be true or false")?,
            max_upload_bytes: match v.get("maxUploadBytes") {
                None | Some(Value::Null) => DEFAULT_MAX_UPLOAD_BYTES,
                Some(n) => n
                    .as_u64()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| invalid("maxUploadBytes must be a positive number"))?,
            },
            api: optional(v, "api")?,
            threat_protection: match optional(v, "threatProtection")?.as_deref() {
                None | Some("OFF") => false,
                Some("AUDIT" | "ENFORCED") => true,
                Some(_) => {
                    return Err(invalid(
                        "threatProtection must be \"OFF\", \"AUDIT\" or \"ENFORCED\"",
                    ));
                }
            },
            passwordless: flag(v, "passwordless", "passwordless must be true or false")?,
        })
    }
}

/// A `true`/`false` field, `false` when absent; `wrong` (the sentence) otherwise.
fn flag(v: &Value, field: &str, wrong: &str) -> Result<bool, ConfigError> {
    match v.get(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(invalid(wrong)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::GOOD;

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
    fn other_shapes_and_unknown_fields_are_invalid() {
        assert!(matches!(Config::parse("{"), Err(ConfigError::Invalid(_))));
        assert!(matches!(
            Config::parse(&GOOD.replace("bucket", "buckett")),
            Err(ConfigError::Invalid(_))
        ));
    }
}
