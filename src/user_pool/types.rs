//! The user pool's wire types: what its answers hold, read from JSON by hand
//! (one [`Value`] type instead of a deserializer per answer), and the one
//! request type shared by several operations ([`Attribute`]).

use crate::text_id::text_id;

use crate::json::Value;

use super::UserPoolError;
use crate::json::{self, JsonObject};
use crate::secret::{AccessToken, ChallengeSession, IdToken, RefreshToken};
use crate::service::WrapsServiceFailure;

text_id! {
    /// The user's internal name: `USER_ID_FOR_SRP` (or `USERNAME`) as Cognito
    /// returns it during sign-in. It keys the stored session and `SECRET_HASH` of
    /// later steps. In a pool that signs in by email it is an opaque id, not what
    /// the user typed; the type keeps the two apart.
    pub struct UserId;
}

/// Tokens of a successful sign-in or refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticationResult {
    /// The ID token (who the user is; sent to the identity pool).
    pub id_token: IdToken,
    /// The access token (for user pool calls such as `GetUser`).
    pub access_token: AccessToken,
    /// Absent on a refresh unless the pool rotates refresh tokens.
    pub refresh_token: Option<RefreshToken>,
    /// Lifetime of the access token in seconds.
    pub expires_in: Option<u64>,
    /// A device Cognito started tracking with this sign-in (confirm it).
    pub new_device: Option<super::NewDevice>,
}

impl AuthenticationResult {
    /// Reads an `AuthenticationResult` object.
    ///
    /// # Errors
    /// A malformed answer when a token is missing.
    pub fn from_json(v: &Value) -> Result<Self, UserPoolError> {
        let token = |key| json::required_str(v, key).map_err(UserPoolError::malformed);
        Ok(Self {
            id_token: IdToken::new(token("IdToken")?),
            access_token: AccessToken::new(token("AccessToken")?),
            refresh_token: json::str_field(v, "RefreshToken").map(RefreshToken::new),
            expires_in: v.get("ExpiresIn").and_then(Value::as_u64),
            new_device: super::NewDevice::from_result(v),
        })
    }
}

/// Where a code was sent (`CodeDeliveryDetails`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeDelivery {
    /// `EMAIL` or `SMS`.
    pub delivery_medium: String,
    /// Masked destination, e.g. `a***@e***`.
    pub destination: String,
    /// The attribute (`email`).
    pub attribute_name: String,
}

impl CodeDelivery {
    /// Reads the `CodeDeliveryDetails` field of an answer (absent: all empty).
    pub fn from_answer(answer: &Value) -> Self {
        let Some(v) = answer.get("CodeDeliveryDetails").filter(|v| !v.is_null()) else {
            return Self::default();
        };
        let text = |key| json::str_field(v, key).unwrap_or_default().to_owned();
        Self {
            delivery_medium: text("DeliveryMedium"),
            destination: text("Destination"),
            attribute_name: text("AttributeName"),
        }
    }

    /// Where the code went, for a sentence: the masked destination, or
    /// "your phone" / "your email address" when Cognito did not say.
    pub fn recipient(&self) -> &str {
        match (self.destination.as_str(), self.delivery_medium.as_str()) {
            ("", "SMS") => "your phone",
            ("", _) => "your email address",
            (destination, _) => destination,
        }
    }
}

/// Result of `SignUp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpResult {
    /// True when no confirmation is needed.
    pub user_confirmed: bool,
    /// The user's `sub`.
    pub user_sub: String,
    /// Where the code went, if one was sent.
    pub code_delivery_details: Option<CodeDelivery>,
    /// `Session`: for [`super::UserPoolClient::confirm_sign_up`],
    /// so that the confirmation signs the user in (`USER_AUTH` pools).
    pub session: Option<ChallengeSession>,
}

impl SignUpResult {
    /// Reads a `SignUp` answer.
    pub fn from_json(v: &Value) -> Self {
        Self {
            user_confirmed: v
                .get("UserConfirmed")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            user_sub: json::str_field(v, "UserSub").unwrap_or_default().to_owned(),
            code_delivery_details: v
                .get("CodeDeliveryDetails")
                .filter(|d| !d.is_null())
                .map(|_| CodeDelivery::from_answer(v)),
            session: json::str_field(v, "Session")
                .filter(|s| !s.is_empty())
                .map(ChallengeSession::new),
        }
    }
}

/// A user attribute (`email`, `name`, `address`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Attribute name.
    pub name: String,
    /// Attribute value.
    pub value: String,
}

impl Attribute {
    /// A name/value pair.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }

    /// `[{"Name": …, "Value": …}, …]` items.
    pub(crate) fn to_json(attributes: &[Self]) -> Vec<JsonObject> {
        attributes
            .iter()
            .map(|a| {
                JsonObject::new()
                    .str("Name", &a.name)
                    .str("Value", &a.value)
            })
            .collect()
    }
}

/// Result of `GetUser`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The internal user name.
    pub username: String,
    /// The user's attributes.
    pub user_attributes: Vec<Attribute>,
    /// MFA methods the user has set up.
    pub user_mfa_setting_list: Vec<String>,
    /// The preferred MFA method, if any.
    pub preferred_mfa_setting: Option<String>,
}

impl User {
    /// Reads a `GetUser` answer.
    ///
    /// # Errors
    /// A malformed answer without `Username`.
    pub fn from_json(v: &Value) -> Result<Self, UserPoolError> {
        let list = |key| {
            v.get(key)
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
        };
        Ok(Self {
            username: json::required_str(v, "Username").map_err(UserPoolError::malformed)?,
            user_attributes: list("UserAttributes")
                .iter()
                .filter_map(|a| {
                    let name = json::str_field(a, "Name")?;
                    Some(Attribute::new(
                        name,
                        json::str_field(a, "Value").unwrap_or_default(),
                    ))
                })
                .collect(),
            user_mfa_setting_list: list("UserMFASettingList")
                .iter()
                .filter_map(|m| m.as_str().map(str::to_owned))
                .collect(),
            preferred_mfa_setting: json::str_field(v, "PreferredMfaSetting").map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_recipient_for_sentences() {
        let d = CodeDelivery {
            destination: "a***@e***".into(),
            ..Default::default()
        };
        assert_eq!(d.recipient(), "a***@e***");
        assert_eq!(CodeDelivery::default().recipient(), "your email address");
        let sms = CodeDelivery {
            delivery_medium: "SMS".into(),
            ..Default::default()
        };
        assert_eq!(sms.recipient(), "your phone");
    }

    #[test]
    fn answers_are_read() {
        let v = json::parse(
            r#"{"Username":"u1","UserAttributes":[{"Name":"email","Value":"a@b.c"},{"Name":"x"}],
                "UserMFASettingList":["SOFTWARE_TOKEN_MFA"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#,
        )
        .unwrap();
        let user = User::from_json(&v).unwrap();
        assert_eq!(user.username, "u1");
        assert_eq!(
            user.user_attributes,
            vec![Attribute::new("email", "a@b.c"), Attribute::new("x", "")]
        );
        assert_eq!(user.user_mfa_setting_list, vec!["SOFTWARE_TOKEN_MFA"]);
        assert!(User::from_json(&json::parse("{}").unwrap()).is_err());

        let v = json::parse(
            r#"{"UserConfirmed":false,"UserSub":"s","CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"a***@b***","AttributeName":"email"}}"#,
        )
        .unwrap();
        let r = SignUpResult::from_json(&v);
        assert!(!r.user_confirmed);
        assert_eq!(r.code_delivery_details.unwrap().destination, "a***@b***");

        let v = json::parse(r#"{"IdToken":"i","AccessToken":"a","ExpiresIn":3600}"#).unwrap();
        let t = AuthenticationResult::from_json(&v).unwrap();
        assert_eq!(t.refresh_token, None);
        assert_eq!(t.expires_in, Some(3600));
        assert!(
            AuthenticationResult::from_json(&json::parse(r#"{"IdToken":"i"}"#).unwrap()).is_err()
        );
    }
}
