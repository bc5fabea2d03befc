//! The further steps Cognito may ask for during a sign-in: a challenge's name
//! parsed once into [`ChallengeName`], what answering it takes
//! ([`ChallengeKind`]), and the answers (`RespondToAuthChallenge`). The steps
//! of a choice-based sign-in (choosing, a passkey) are answered in
//! [`super::user_auth`].

use crate::json::Value;

use super::{AuthStep, FirstFactor, UserId, UserPoolClient, UserPoolError};
use crate::http::HttpClient;
use crate::json::{self, JsonObject};
use crate::secret::{ChallengeSession, Password};

/// The challenges this app knows; any other is kept by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeName {
    /// The SRP proof (`PASSWORD_VERIFIER`).
    PasswordVerifier,
    /// An administrator-created account's first sign-in (`NEW_PASSWORD_REQUIRED`).
    NewPasswordRequired,
    /// A remembered device's turn to prove itself (`DEVICE_SRP_AUTH`).
    DeviceSrpAuth,
    /// The device's SRP proof (`DEVICE_PASSWORD_VERIFIER`).
    DevicePasswordVerifier,
    /// An authenticator app's code (`SOFTWARE_TOKEN_MFA`).
    SoftwareTokenMfa,
    /// A code by text message (`SMS_MFA`).
    SmsMfa,
    /// A code by email (`EMAIL_OTP`): a second factor, or the first in a
    /// choice-based sign-in.
    EmailOtp,
    /// A code by text message as the first factor (`SMS_OTP`).
    SmsOtp,
    /// The ways to sign in to choose from (`SELECT_CHALLENGE`, with `AvailableChallenges`).
    SelectChallenge,
    /// A passkey's assertion (`WEB_AUTHN`, with `CREDENTIAL_REQUEST_OPTIONS`).
    WebAuthn,
    /// Any other (`MFA_SETUP`, `SELECT_MFA_TYPE`, `CUSTOM_CHALLENGE`, …).
    Other(String),
}

impl ChallengeName {
    /// Parses Cognito's `ChallengeName`.
    pub fn parse(name: &str) -> Self {
        match name {
            "PASSWORD_VERIFIER" => Self::PasswordVerifier,
            "NEW_PASSWORD_REQUIRED" => Self::NewPasswordRequired,
            "DEVICE_SRP_AUTH" => Self::DeviceSrpAuth,
            "DEVICE_PASSWORD_VERIFIER" => Self::DevicePasswordVerifier,
            "SOFTWARE_TOKEN_MFA" => Self::SoftwareTokenMfa,
            "SMS_MFA" => Self::SmsMfa,
            "EMAIL_OTP" => Self::EmailOtp,
            "SMS_OTP" => Self::SmsOtp,
            "SELECT_CHALLENGE" => Self::SelectChallenge,
            "WEB_AUTHN" => Self::WebAuthn,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The name on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::PasswordVerifier => "PASSWORD_VERIFIER",
            Self::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            Self::DeviceSrpAuth => "DEVICE_SRP_AUTH",
            Self::DevicePasswordVerifier => "DEVICE_PASSWORD_VERIFIER",
            Self::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            Self::SmsMfa => "SMS_MFA",
            Self::EmailOtp => "EMAIL_OTP",
            Self::SmsOtp => "SMS_OTP",
            Self::SelectChallenge => "SELECT_CHALLENGE",
            Self::WebAuthn => "WEB_AUTHN",
            Self::Other(name) => name,
        }
    }

    /// The answer field that carries the code, for the challenges answered with one.
    fn code_field(&self) -> Option<&'static str> {
        match self {
            Self::SoftwareTokenMfa => Some("SOFTWARE_TOKEN_MFA_CODE"),
            Self::SmsMfa => Some("SMS_MFA_CODE"),
            Self::EmailOtp => Some("EMAIL_OTP_CODE"),
            Self::SmsOtp => Some("SMS_OTP_CODE"),
            _ => None,
        }
    }
}

/// A further step Cognito asks for during sign-in. `Debug` leaves out the
/// session (it stands in for the password for a few minutes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// Which step.
    pub name: ChallengeName,
    /// The opaque session to send back with the answer.
    pub session: ChallengeSession,
    /// The challenge's parameters, as sent.
    pub parameters: Vec<(String, String)>,
    /// The internal user name to answer with (`USER_ID_FOR_SRP` or `USERNAME`).
    pub user: UserId,
    /// `AvailableChallenges` of a `SELECT_CHALLENGE` (empty for other challenges).
    pub available: Vec<FirstFactor>,
}

/// Which kind of code a challenge asks for (a second factor, or the first in
/// a choice-based sign-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaKind {
    /// An authenticator app's code (`SOFTWARE_TOKEN_MFA`).
    Totp,
    /// A code sent by text message (`SMS_MFA`, `SMS_OTP`).
    Sms,
    /// A code sent by email (`EMAIL_OTP`).
    Email,
}

/// What the user must provide to answer a [`Challenge`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChallengeKind {
    /// `NEW_PASSWORD_REQUIRED`: a new password, and these attributes
    /// (names without the `userAttributes.` prefix) when the pool requires them.
    NewPassword {
        /// Required attributes the user does not have yet.
        required_attributes: Vec<String>,
    },
    /// A 6-digit code.
    Code {
        /// From an app, a text message or an email.
        kind: MfaKind,
        /// Where it was sent (empty for an authenticator app).
        delivery: super::CodeDelivery,
    },
    /// `SELECT_CHALLENGE`: the ways this account may sign in, to choose one
    /// ([`UserPoolClient::respond_select`], or for the password
    /// [`UserPoolClient::respond_select_password_srp`]).
    Choose {
        /// As Cognito listed them (names this app does not know kept as [`FirstFactor::Other`]).
        factors: Vec<FirstFactor>,
    },
    /// `WEB_AUTHN`: the browser's passkey, asked with [`Challenge::passkey_options`]
    /// (answer with [`UserPoolClient::respond_passkey`]).
    Passkey,
    /// A step this app does not offer (e.g. `MFA_SETUP`, `SELECT_MFA_TYPE`).
    Unsupported(String),
}

impl Challenge {
    /// Reads a challenge from an `InitiateAuth` / `RespondToAuthChallenge`
    /// answer; `fallback` names the user when the parameters do not.
    pub(crate) fn from_answer(name: &str, answer: &Value, fallback: UserId) -> Self {
        let available = answer
            .get("AvailableChallenges")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(FirstFactor::parse)
                    .collect()
            })
            .unwrap_or_default();
        let mut challenge = Self {
            name: ChallengeName::parse(name),
            session: ChallengeSession::new(json::str_field(answer, "Session").unwrap_or_default()),
            parameters: json::string_map(answer, "ChallengeParameters"),
            user: fallback,
            available,
        };
        let named = challenge
            .parameter("USER_ID_FOR_SRP")
            .or_else(|| challenge.parameter("USERNAME"))
            .map(UserId::new);
        if let Some(user) = named {
            challenge.user = user;
        }
        challenge
    }

    /// A parameter's value.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// What answering this challenge takes.
    pub fn kind(&self) -> ChallengeKind {
        let sent_by = |medium: &str| super::CodeDelivery {
            delivery_medium: medium.to_owned(),
            destination: self
                .parameter("CODE_DELIVERY_DESTINATION")
                .unwrap_or_default()
                .to_owned(),
            attribute_name: String::new(),
        };
        let code = |kind, delivery| ChallengeKind::Code { kind, delivery };
        match &self.name {
            ChallengeName::NewPasswordRequired => ChallengeKind::NewPassword {
                required_attributes: self.required_attributes(),
            },
            ChallengeName::SoftwareTokenMfa => code(MfaKind::Totp, Default::default()),
            ChallengeName::SmsMfa => code(MfaKind::Sms, sent_by("SMS")),
            ChallengeName::EmailOtp => code(MfaKind::Email, sent_by("EMAIL")),
            ChallengeName::SmsOtp => code(MfaKind::Sms, sent_by("SMS")),
            ChallengeName::SelectChallenge => ChallengeKind::Choose {
                factors: self.available.clone(),
            },
            ChallengeName::WebAuthn => ChallengeKind::Passkey,
            other => ChallengeKind::Unsupported(other.as_str().to_owned()),
        }
    }

    /// `requiredAttributes` (a JSON array of `userAttributes.<name>`), as names.
    /// Unreadable or absent means none.
    fn required_attributes(&self) -> Vec<String> {
        let listed = self
            .parameter("requiredAttributes")
            .and_then(|text| json::parse(text).ok());
        let Some(Value::Array(items)) = listed else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(Value::as_str)
            .map(|a| a.strip_prefix("userAttributes.").unwrap_or(a).to_owned())
            .filter(|a| !a.is_empty())
            .collect()
    }
}

impl<H: HttpClient> UserPoolClient<H> {
    /// Answers a challenge with `responses` (`USERNAME` and `SECRET_HASH` are added).
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], [`UserPoolError::IncorrectCredentials`], …
    pub async fn respond(
        &self,
        challenge: &Challenge,
        responses: JsonObject,
    ) -> Result<AuthStep, UserPoolError> {
        let user = challenge.user.as_str();
        let responses = responses
            .str("USERNAME", user)
            .opt_str("SECRET_HASH", self.secret_hash(user).as_deref());
        let body = self
            .client_body()
            .str("ChallengeName", challenge.name.as_str())
            .object("ChallengeResponses", responses)
            .str("Session", challenge.session.expose());
        let answer = self.call("RespondToAuthChallenge", body).await?;
        AuthStep::from_answer(&answer, challenge.user.clone())
    }

    /// Answers `NEW_PASSWORD_REQUIRED` with the new password and any required attributes.
    ///
    /// # Errors
    /// [`UserPoolError::InvalidPassword`], …
    pub async fn respond_new_password(
        &self,
        challenge: &Challenge,
        new_password: &Password,
        attributes: &[super::Attribute],
    ) -> Result<AuthStep, UserPoolError> {
        let mut responses = JsonObject::new().str("NEW_PASSWORD", new_password.expose());
        for a in attributes {
            let mut key = String::from("userAttributes.");
            key.push_str(&a.name);
            responses = responses.str(&key, &a.value);
        }
        self.respond(challenge, responses).await
    }

    /// Answers a code challenge (`SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP`,
    /// `SMS_OTP`) with the code.
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], [`UserPoolError::ExpiredCode`], …;
    /// [`UserPoolError::UnsupportedChallenge`] (nothing sent) for a challenge
    /// that is not answered with a code.
    pub async fn respond_mfa(
        &self,
        challenge: &Challenge,
        code: &str,
    ) -> Result<AuthStep, UserPoolError> {
        let Some(field) = challenge.name.code_field() else {
            return Err(UserPoolError::UnsupportedChallenge(
                challenge.name.as_str().to_owned(),
            ));
        };
        self.respond(challenge, JsonObject::new().str(field, code))
            .await
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::canned::{body, client, sent};
    use super::super::{Attribute, CodeDelivery};
    use super::*;

    fn challenge(name: &str, parameters: &[(&str, &str)]) -> Challenge {
        Challenge {
            name: ChallengeName::parse(name),
            session: ChallengeSession::new("opaque-session"),
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            user: UserId::new("u"),
            available: Vec::new(),
        }
    }

    #[test]
    fn names_parse_and_print_back() {
        for name in [
            "PASSWORD_VERIFIER",
            "NEW_PASSWORD_REQUIRED",
            "SOFTWARE_TOKEN_MFA",
            "SMS_MFA",
            "EMAIL_OTP",
            "SMS_OTP",
            "SELECT_CHALLENGE",
            "WEB_AUTHN",
            "DEVICE_SRP_AUTH",
            "DEVICE_PASSWORD_VERIFIER",
            "MFA_SETUP",
        ] {
            assert_eq!(ChallengeName::parse(name).as_str(), name);
        }
        assert_eq!(
            ChallengeName::parse("SELECT_MFA_TYPE"),
            ChallengeName::Other("SELECT_MFA_TYPE".into())
        );
    }

    #[test]
    fn challenge_kinds() {
        let np = challenge(
            "NEW_PASSWORD_REQUIRED",
            &[(
                "requiredAttributes",
                r#"["userAttributes.name","userAttributes.address"]"#,
            )],
        );
        assert_eq!(
            np.kind(),
            ChallengeKind::NewPassword {
                required_attributes: vec!["name".into(), "address".into()]
            }
        );
        for (params, expected) in [
            (vec![], vec![]),
            (vec![("requiredAttributes", "[]")], vec![]),
            (vec![("requiredAttributes", "not json")], vec![]),
        ] {
            assert_eq!(
                challenge("NEW_PASSWORD_REQUIRED", &params).kind(),
                ChallengeKind::NewPassword {
                    required_attributes: expected
                }
            );
        }
        assert_eq!(
            challenge("SOFTWARE_TOKEN_MFA", &[]).kind(),
            ChallengeKind::Code {
                kind: MfaKind::Totp,
                delivery: CodeDelivery::default()
            }
        );
        assert_eq!(
            challenge("SMS_MFA", &[("CODE_DELIVERY_DESTINATION", "+*******1234")]).kind(),
            ChallengeKind::Code {
                kind: MfaKind::Sms,
                delivery: CodeDelivery {
                    delivery_medium: "SMS".into(),
                    destination: "+*******1234".into(),
                    ..Default::default()
                }
            }
        );
        assert_eq!(
            challenge("EMAIL_OTP", &[("CODE_DELIVERY_DESTINATION", "a***@e***")]).kind(),
            ChallengeKind::Code {
                kind: MfaKind::Email,
                delivery: CodeDelivery {
                    delivery_medium: "EMAIL".into(),
                    destination: "a***@e***".into(),
                    ..Default::default()
                }
            }
        );
        assert_eq!(
            challenge("MFA_SETUP", &[]).kind(),
            ChallengeKind::Unsupported("MFA_SETUP".into())
        );
    }

    #[test]
    fn challenge_debug_hides_the_session() {
        let shown = format!("{:?}", challenge("SMS_MFA", &[]));
        assert!(!shown.contains("opaque-session"), "{shown}");
        assert!(shown.contains("SmsMfa"));
    }

    #[test]
    fn the_user_to_answer_with_comes_from_the_parameters() {
        let answer = json::parse(
            r#"{"ChallengeName":"PASSWORD_VERIFIER","Session":"s",
                "ChallengeParameters":{"USER_ID_FOR_SRP":"opaque-id","USERNAME":"typed"}}"#,
        )
        .unwrap();
        let c = Challenge::from_answer("PASSWORD_VERIFIER", &answer, UserId::new("typed"));
        assert_eq!(c.user, UserId::new("opaque-id"));
        assert_eq!(c.parameter("USERNAME"), Some("typed"));
        let none = json::parse(r#"{"ChallengeName":"SMS_MFA"}"#).unwrap();
        let c = Challenge::from_answer("SMS_MFA", &none, UserId::new("typed"));
        assert_eq!(c.user, UserId::new("typed"));
    }

    #[test]
    fn answers_carry_session_username_and_secret_hash() {
        let tokens =
            r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a","RefreshToken":"r"}}"#;
        let c = client(200, tokens, Some("the-client-secret"));
        let ch = challenge("NEW_PASSWORD_REQUIRED", &[]);
        let attrs = [Attribute::new("name", "Ada")];
        let step =
            pollster::block_on(c.respond_new_password(&ch, &Password::new("N3w-password"), &attrs))
                .unwrap();
        assert!(matches!(step, AuthStep::SignedIn { ref user, .. } if user.as_str() == "u"));
        let c2 = client(200, tokens, None);
        pollster::block_on(c2.respond_mfa(&challenge("SOFTWARE_TOKEN_MFA", &[]), "123456"))
            .unwrap();
        let unsupported =
            pollster::block_on(c2.respond_mfa(&challenge("MFA_SETUP", &[]), "123456"));
        assert_eq!(
            unsupported.unwrap_err(),
            UserPoolError::UnsupportedChallenge("MFA_SETUP".into())
        );

        let b = body(&c, 0);
        assert_eq!(b["ChallengeName"], "NEW_PASSWORD_REQUIRED");
        assert_eq!(b["Session"], "opaque-session");
        assert_eq!(b["ChallengeResponses"]["USERNAME"], "u");
        assert_eq!(b["ChallengeResponses"]["NEW_PASSWORD"], "N3w-password");
        assert_eq!(b["ChallengeResponses"]["userAttributes.name"], "Ada");
        assert_eq!(
            b["ChallengeResponses"]["SECRET_HASH"],
            c.secret_hash("u").unwrap().as_str()
        );
        let b = body(&c2, 0);
        assert_eq!(b["ChallengeName"], "SOFTWARE_TOKEN_MFA");
        assert_eq!(b["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"], "123456");
        assert!(b["ChallengeResponses"].get("SECRET_HASH").is_none());
        assert_eq!(sent(&c2), 1, "an unsupported challenge sends nothing");
    }
}
