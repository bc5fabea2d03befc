//! Cognito user pool API (`cognito-idp`, JSON 1.1), called directly from the app.
//!
//! Unsigned calls authenticated by the app client id (and `SECRET_HASH` when the
//! client has a secret) or by the user's access token. Sign-in is SRP
//! ([`UserPoolClient::sign_in_srp`]): the password never leaves the browser.

mod error;

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

pub use self::error::UserPoolError;
use crate::aws_json;
use crate::http::HttpClient;
use crate::secret::{AccessToken, ClientSecret, IdToken, Password, RefreshToken, TotpSecret};
use crate::srp::{self, PasswordVerifier, SrpClient};

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

/// Tokens of a successful sign-in or refresh.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// The ID token (who the user is; sent to the identity pool).
    pub id_token: IdToken,
    /// The access token (for user pool calls such as `GetUser`).
    pub access_token: AccessToken,
    /// Absent on a refresh unless the pool rotates refresh tokens.
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// Lifetime of the access token in seconds.
    #[serde(default)]
    pub expires_in: Option<u64>,
}

/// A further step Cognito asks for during sign-in. `Debug` leaves out the
/// session (it stands in for the password for a few minutes).
#[derive(Clone, PartialEq, Eq)]
pub struct Challenge {
    /// `NEW_PASSWORD_REQUIRED`, `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, …
    pub name: String,
    /// The opaque session to send back with the answer.
    pub session: String,
    /// The challenge's parameters.
    pub parameters: HashMap<String, String>,
    /// The internal user name to answer with (`USER_ID_FOR_SRP` or `USERNAME`).
    pub username: String,
}

impl fmt::Debug for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Challenge")
            .field("name", &self.name)
            .field("session", &"<redacted>")
            .field("parameters", &self.parameters)
            .field("username", &self.username)
            .finish()
    }
}

/// Which kind of code an MFA challenge asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaKind {
    /// An authenticator app's code (`SOFTWARE_TOKEN_MFA`).
    Totp,
    /// A code sent by text message (`SMS_MFA`).
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
        delivery: CodeDelivery,
    },
    /// A step this app does not offer (e.g. `MFA_SETUP`, `SELECT_MFA_TYPE`).
    Unsupported(String),
}

impl Challenge {
    /// What answering this challenge takes.
    pub fn kind(&self) -> ChallengeKind {
        let sent_by = |medium: &str| CodeDelivery {
            delivery_medium: medium.to_owned(),
            destination: self
                .parameters
                .get("CODE_DELIVERY_DESTINATION")
                .cloned()
                .unwrap_or_default(),
            attribute_name: String::new(),
        };
        match self.name.as_str() {
            "NEW_PASSWORD_REQUIRED" => ChallengeKind::NewPassword {
                required_attributes: self.required_attributes(),
            },
            "SOFTWARE_TOKEN_MFA" => ChallengeKind::Code {
                kind: MfaKind::Totp,
                delivery: CodeDelivery::default(),
            },
            "SMS_MFA" => ChallengeKind::Code {
                kind: MfaKind::Sms,
                delivery: sent_by("SMS"),
            },
            "EMAIL_OTP" => ChallengeKind::Code {
                kind: MfaKind::Email,
                delivery: sent_by("EMAIL"),
            },
            other => ChallengeKind::Unsupported(other.to_owned()),
        }
    }

    /// `requiredAttributes` (a JSON array of `userAttributes.<name>`), as names.
    /// Unreadable or absent means none.
    fn required_attributes(&self) -> Vec<String> {
        self.parameters
            .get("requiredAttributes")
            .and_then(|json| serde_json::from_str::<Vec<String>>(json).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|a| {
                a.strip_prefix("userAttributes.")
                    .map_or_else(|| a.clone(), str::to_owned)
            })
            .filter(|a| !a.is_empty())
            .collect()
    }
}

/// Where a sign-in stands after a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthStep {
    /// Signed in.
    SignedIn {
        /// The internal user name (`USER_ID_FOR_SRP`): the key of the stored session.
        username: String,
        /// The tokens.
        tokens: AuthenticationResult,
    },
    /// Another answer is needed.
    Challenge(Challenge),
}

/// Where a code was sent (`CodeDeliveryDetails`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CodeDelivery {
    /// `EMAIL` or `SMS`.
    pub delivery_medium: String,
    /// Masked destination, e.g. `a***@e***`.
    pub destination: String,
    /// The attribute (`email`).
    pub attribute_name: String,
}

impl CodeDelivery {
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResult {
    /// True when no confirmation is needed.
    pub user_confirmed: bool,
    /// The user's `sub`.
    #[serde(rename = "UserSub", default)]
    pub user_sub: String,
    /// Where the code went, if one was sent.
    #[serde(default)]
    pub code_delivery_details: Option<CodeDelivery>,
}

/// A user attribute (`email`, `name`, `address`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    /// Attribute name.
    pub name: String,
    /// Attribute value.
    #[serde(default)]
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
}

/// Result of `GetUser`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct User {
    /// The internal user name.
    pub username: String,
    /// The user's attributes.
    #[serde(default)]
    pub user_attributes: Vec<Attribute>,
    /// MFA methods the user has set up.
    #[serde(default)]
    pub user_m_f_a_setting_list: Vec<String>,
    /// The preferred MFA method, if any.
    #[serde(default, rename = "PreferredMfaSetting")]
    pub preferred_mfa_setting: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateAuthResponse {
    #[serde(default)]
    authentication_result: Option<AuthenticationResult>,
    #[serde(default)]
    challenge_name: Option<String>,
    #[serde(default)]
    challenge_parameters: HashMap<String, String>,
    #[serde(default)]
    session: Option<String>,
}

#[derive(Deserialize)]
struct Empty {}

/// The user pool API over an injected [`HttpClient`].
#[derive(Debug, Clone)]
pub struct UserPoolClient<H> {
    http: H,
    config: UserPoolConfig,
}

impl<H: HttpClient> UserPoolClient<H> {
    /// A client for `config` sending through `http`.
    pub fn new(http: H, config: UserPoolConfig) -> Self {
        Self { http, config }
    }

    /// The configuration in use.
    pub fn config(&self) -> &UserPoolConfig {
        &self.config
    }

    async fn call<Req: Serialize, Resp: for<'de> Deserialize<'de>>(
        &self,
        operation: &str,
        body: &Req,
    ) -> Result<Resp, UserPoolError> {
        let target = format!("{TARGET_PREFIX}{operation}");
        Ok(aws_json::call(&self.http, &self.config.endpoint, &target, body).await?)
    }

    /// `SECRET_HASH` for `username`, when the client has a secret.
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        let secret = self.config.client_secret.as_ref()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
            .expect("HMAC takes any key size");
        mac.update(username.as_bytes());
        mac.update(self.config.client_id.as_bytes());
        Some(B64.encode(mac.finalize().into_bytes()))
    }

    /// Registers a user; Cognito then emails a code (see [`Self::confirm_sign_up`]).
    ///
    /// # Errors
    /// [`UserPoolError::UsernameExists`], [`UserPoolError::InvalidPassword`], … (see its variants).
    pub async fn sign_up(
        &self,
        username: &str,
        password: &Password,
        attributes: &[Attribute],
    ) -> Result<SignUpResult, UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            client_id: &'a str,
            username: &'a str,
            password: &'a str,
            user_attributes: &'a [Attribute],
            #[serde(skip_serializing_if = "Option::is_none")]
            secret_hash: Option<String>,
        }
        self.call(
            "SignUp",
            &Req {
                client_id: &self.config.client_id,
                username,
                password: password.expose(),
                user_attributes: attributes,
                secret_hash: self.secret_hash(username),
            },
        )
        .await
    }

    /// Confirms a registration with the emailed code.
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], [`UserPoolError::ExpiredCode`], …
    pub async fn confirm_sign_up(&self, username: &str, code: &str) -> Result<(), UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            client_id: &'a str,
            username: &'a str,
            confirmation_code: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            secret_hash: Option<String>,
        }
        let _: Empty = self
            .call(
                "ConfirmSignUp",
                &Req {
                    client_id: &self.config.client_id,
                    username,
                    confirmation_code: code,
                    secret_hash: self.secret_hash(username),
                },
            )
            .await?;
        Ok(())
    }

    /// Sends the registration code again.
    ///
    /// # Errors
    /// [`UserPoolError::LimitExceeded`], …
    pub async fn resend_confirmation_code(
        &self,
        username: &str,
    ) -> Result<CodeDelivery, UserPoolError> {
        self.code_request("ResendConfirmationCode", username).await
    }

    /// Starts a password reset: Cognito sends a code.
    ///
    /// # Errors
    /// [`UserPoolError::LimitExceeded`], …
    pub async fn forgot_password(&self, username: &str) -> Result<CodeDelivery, UserPoolError> {
        self.code_request("ForgotPassword", username).await
    }

    async fn code_request(
        &self,
        operation: &str,
        username: &str,
    ) -> Result<CodeDelivery, UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            client_id: &'a str,
            username: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            secret_hash: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Resp {
            #[serde(default)]
            code_delivery_details: CodeDelivery,
        }
        let resp: Resp = self
            .call(
                operation,
                &Req {
                    client_id: &self.config.client_id,
                    username,
                    secret_hash: self.secret_hash(username),
                },
            )
            .await?;
        Ok(resp.code_delivery_details)
    }

    /// Sets a new password with the code from [`Self::forgot_password`].
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], [`UserPoolError::InvalidPassword`], …
    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: &Password,
    ) -> Result<(), UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            client_id: &'a str,
            username: &'a str,
            confirmation_code: &'a str,
            password: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            secret_hash: Option<String>,
        }
        let _: Empty = self
            .call(
                "ConfirmForgotPassword",
                &Req {
                    client_id: &self.config.client_id,
                    username,
                    confirmation_code: code,
                    password: new_password.expose(),
                    secret_hash: self.secret_hash(username),
                },
            )
            .await?;
        Ok(())
    }

    /// `InitiateAuth` with `USER_SRP_AUTH`: sends `SRP_A`, returns the server's challenge.
    ///
    /// # Errors
    /// [`UserPoolError::IncorrectCredentials`] (unknown user), [`UserPoolError::UserNotConfirmed`], …
    pub async fn initiate_srp(
        &self,
        username: &str,
        srp_a: &str,
    ) -> Result<AuthStep, UserPoolError> {
        let mut params = HashMap::from([
            ("USERNAME", username.to_owned()),
            ("SRP_A", srp_a.to_owned()),
        ]);
        if let Some(h) = self.secret_hash(username) {
            params.insert("SECRET_HASH", h);
        }
        self.initiate_auth("USER_SRP_AUTH", params, username).await
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH`. `username` is the internal name
    /// (only used for `SECRET_HASH`).
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`] when the refresh token is no longer valid;
    /// transient errors ([`UserPoolError::is_transient`]) otherwise keep the session.
    pub async fn refresh(
        &self,
        username: &str,
        refresh_token: &RefreshToken,
    ) -> Result<AuthenticationResult, UserPoolError> {
        let mut params = HashMap::from([("REFRESH_TOKEN", refresh_token.expose().to_owned())]);
        if let Some(h) = self.secret_hash(username) {
            params.insert("SECRET_HASH", h);
        }
        match self
            .initiate_auth("REFRESH_TOKEN_AUTH", params, username)
            .await?
        {
            AuthStep::SignedIn { tokens, .. } => Ok(tokens),
            AuthStep::Challenge(c) => Err(UserPoolError::UnsupportedChallenge(c.name)),
        }
    }

    async fn initiate_auth(
        &self,
        flow: &str,
        params: HashMap<&str, String>,
        username: &str,
    ) -> Result<AuthStep, UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            auth_flow: &'a str,
            client_id: &'a str,
            auth_parameters: HashMap<&'a str, String>,
        }
        let resp: InitiateAuthResponse = self
            .call(
                "InitiateAuth",
                &Req {
                    auth_flow: flow,
                    client_id: &self.config.client_id,
                    auth_parameters: params,
                },
            )
            .await?;
        auth_step(resp, username)
    }

    /// Answers a challenge with `responses` (`USERNAME` and `SECRET_HASH` are added).
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], [`UserPoolError::IncorrectCredentials`], …
    pub async fn respond(
        &self,
        challenge: &Challenge,
        mut responses: HashMap<String, String>,
    ) -> Result<AuthStep, UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            challenge_name: &'a str,
            client_id: &'a str,
            challenge_responses: HashMap<String, String>,
            session: &'a str,
        }
        responses.insert("USERNAME".into(), challenge.username.clone());
        if let Some(h) = self.secret_hash(&challenge.username) {
            responses.insert("SECRET_HASH".into(), h);
        }
        let resp: InitiateAuthResponse = self
            .call(
                "RespondToAuthChallenge",
                &Req {
                    challenge_name: &challenge.name,
                    client_id: &self.config.client_id,
                    challenge_responses: responses,
                    session: &challenge.session,
                },
            )
            .await?;
        auth_step(resp, &challenge.username)
    }

    /// The whole SRP sign-in: `InitiateAuth`, then the `PASSWORD_VERIFIER` answer.
    ///
    /// `srp` should be created ahead of time (its `A` is the slow part);
    /// `now_unix_seconds` is read after the server answers, for the signed `TIMESTAMP`.
    /// Further challenges (new password, MFA) come back as [`AuthStep::Challenge`].
    ///
    /// # Errors
    /// [`UserPoolError::IncorrectCredentials`] for a wrong password or unknown user, …
    pub async fn sign_in_srp(
        &self,
        username: &str,
        password: &Password,
        srp: &SrpClient,
        now_unix_seconds: impl Fn() -> i64,
    ) -> Result<AuthStep, UserPoolError> {
        let challenge = match self.initiate_srp(username, &srp.srp_a()).await? {
            AuthStep::Challenge(c) if c.name == "PASSWORD_VERIFIER" => c,
            AuthStep::Challenge(c) => return Err(UserPoolError::UnsupportedChallenge(c.name)),
            signed_in @ AuthStep::SignedIn { .. } => return Ok(signed_in),
        };
        let field = |name: &'static str| {
            challenge
                .parameters
                .get(name)
                .cloned()
                .ok_or_else(|| UserPoolError::Malformed(format!("the challenge has no {name}")))
        };
        let verifier = PasswordVerifier {
            srp_b: field("SRP_B")?,
            salt: field("SALT")?,
            secret_block: field("SECRET_BLOCK")?,
            user_id_for_srp: field("USER_ID_FOR_SRP")?,
        };
        let claim = srp.password_claim(
            srp::pool_name(&self.config.user_pool_id),
            &verifier,
            password,
            &srp::timestamp(now_unix_seconds()),
        )?;
        let answer_to = Challenge {
            username: claim.username.clone(),
            ..challenge
        };
        let responses = HashMap::from([
            ("PASSWORD_CLAIM_SECRET_BLOCK".to_owned(), claim.secret_block),
            ("PASSWORD_CLAIM_SIGNATURE".to_owned(), claim.signature),
            ("TIMESTAMP".to_owned(), claim.timestamp),
        ]);
        self.respond(&answer_to, responses).await
    }

    /// Answers `NEW_PASSWORD_REQUIRED` with the new password and any required attributes.
    ///
    /// # Errors
    /// [`UserPoolError::InvalidPassword`], …
    pub async fn respond_new_password(
        &self,
        challenge: &Challenge,
        new_password: &Password,
        attributes: &[Attribute],
    ) -> Result<AuthStep, UserPoolError> {
        let mut responses =
            HashMap::from([("NEW_PASSWORD".to_owned(), new_password.expose().to_owned())]);
        for a in attributes {
            responses.insert(format!("userAttributes.{}", a.name), a.value.clone());
        }
        self.respond(challenge, responses).await
    }

    /// Answers an MFA challenge (`SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP`) with the code.
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], …
    pub async fn respond_mfa(
        &self,
        challenge: &Challenge,
        code: &str,
    ) -> Result<AuthStep, UserPoolError> {
        let key = match challenge.name.as_str() {
            "SOFTWARE_TOKEN_MFA" => "SOFTWARE_TOKEN_MFA_CODE",
            "SMS_MFA" => "SMS_MFA_CODE",
            "EMAIL_OTP" => "EMAIL_OTP_CODE",
            other => return Err(UserPoolError::UnsupportedChallenge(other.to_owned())),
        };
        self.respond(
            challenge,
            HashMap::from([(key.to_owned(), code.to_owned())]),
        )
        .await
    }

    /// Changes the signed-in user's password.
    ///
    /// # Errors
    /// [`UserPoolError::IncorrectCredentials`] for a wrong old password, …
    pub async fn change_password(
        &self,
        access_token: &AccessToken,
        old: &Password,
        new: &Password,
    ) -> Result<(), UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            access_token: &'a str,
            previous_password: &'a str,
            proposed_password: &'a str,
        }
        let _: Empty = self
            .call(
                "ChangePassword",
                &Req {
                    access_token: access_token.expose(),
                    previous_password: old.expose(),
                    proposed_password: new.expose(),
                },
            )
            .await?;
        Ok(())
    }

    /// The signed-in user and their attributes.
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn get_user(&self, access_token: &AccessToken) -> Result<User, UserPoolError> {
        self.call(
            "GetUser",
            &AccessTokenOnly {
                access_token: access_token.expose(),
            },
        )
        .await
    }

    /// Changes attributes of the signed-in user.
    ///
    /// # Errors
    /// [`UserPoolError::InvalidParameter`], [`UserPoolError::AliasExists`], …
    pub async fn update_user_attributes(
        &self,
        access_token: &AccessToken,
        attributes: &[Attribute],
    ) -> Result<(), UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            access_token: &'a str,
            user_attributes: &'a [Attribute],
        }
        let _: serde_json::Value = self
            .call(
                "UpdateUserAttributes",
                &Req {
                    access_token: access_token.expose(),
                    user_attributes: attributes,
                },
            )
            .await?;
        Ok(())
    }

    /// Signs the user out of every device (invalidates all refresh tokens).
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn global_sign_out(&self, access_token: &AccessToken) -> Result<(), UserPoolError> {
        let _: Empty = self
            .call(
                "GlobalSignOut",
                &AccessTokenOnly {
                    access_token: access_token.expose(),
                },
            )
            .await?;
        Ok(())
    }

    /// Revokes a refresh token (and the tokens issued from it).
    ///
    /// # Errors
    /// [`UserPoolError::InvalidConfiguration`] when revocation is off for the client, …
    pub async fn revoke_token(&self, refresh_token: &RefreshToken) -> Result<(), UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            token: &'a str,
            client_id: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            client_secret: Option<&'a str>,
        }
        let _: Empty = self
            .call(
                "RevokeToken",
                &Req {
                    token: refresh_token.expose(),
                    client_id: &self.config.client_id,
                    client_secret: self.config.client_secret.as_ref().map(ClientSecret::expose),
                },
            )
            .await?;
        Ok(())
    }

    /// Starts TOTP set-up: returns the shared secret (base32) for the authenticator app.
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn associate_software_token(
        &self,
        access_token: &AccessToken,
    ) -> Result<TotpSecret, UserPoolError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Resp {
            secret_code: TotpSecret,
        }
        let resp: Resp = self
            .call(
                "AssociateSoftwareToken",
                &AccessTokenOnly {
                    access_token: access_token.expose(),
                },
            )
            .await?;
        Ok(resp.secret_code)
    }

    /// Verifies the first TOTP code of a new authenticator.
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], …
    pub async fn verify_software_token(
        &self,
        access_token: &AccessToken,
        code: &str,
        device_name: &str,
    ) -> Result<(), UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            access_token: &'a str,
            user_code: &'a str,
            friendly_device_name: &'a str,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Resp {
            #[serde(default)]
            status: String,
        }
        let resp: Resp = self
            .call(
                "VerifySoftwareToken",
                &Req {
                    access_token: access_token.expose(),
                    user_code: code,
                    friendly_device_name: device_name,
                },
            )
            .await?;
        if resp.status == "SUCCESS" || resp.status.is_empty() {
            Ok(())
        } else {
            Err(UserPoolError::CodeMismatch)
        }
    }

    /// Turns TOTP MFA on (and preferred) or off for the signed-in user.
    ///
    /// # Errors
    /// [`UserPoolError::MfaMethodNotFound`] before a token is verified, …
    pub async fn set_totp_preference(
        &self,
        access_token: &AccessToken,
        enabled: bool,
    ) -> Result<(), UserPoolError> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Setting {
            enabled: bool,
            preferred_mfa: bool,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Req<'a> {
            access_token: &'a str,
            software_token_mfa_settings: Setting,
        }
        let _: Empty = self
            .call(
                "SetUserMFAPreference",
                &Req {
                    access_token: access_token.expose(),
                    software_token_mfa_settings: Setting {
                        enabled,
                        preferred_mfa: enabled,
                    },
                },
            )
            .await?;
        Ok(())
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AccessTokenOnly<'a> {
    access_token: &'a str,
}

fn auth_step(resp: InitiateAuthResponse, username: &str) -> Result<AuthStep, UserPoolError> {
    if let Some(tokens) = resp.authentication_result {
        return Ok(AuthStep::SignedIn {
            username: username.to_owned(),
            tokens,
        });
    }
    let name = resp
        .challenge_name
        .ok_or_else(|| UserPoolError::Malformed("neither tokens nor a challenge".into()))?;
    let username = resp
        .challenge_parameters
        .get("USER_ID_FOR_SRP")
        .or_else(|| resp.challenge_parameters.get("USERNAME"))
        .cloned()
        .unwrap_or_else(|| username.to_owned());
    Ok(AuthStep::Challenge(Challenge {
        name,
        session: resp.session.unwrap_or_default(),
        parameters: resp.challenge_parameters,
        username,
    }))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::http::{HttpRequest, HttpResponse, TransportError};

    /// Answers every request with one canned response and records the requests.
    struct Canned {
        status: u16,
        body: &'static str,
        sent: std::cell::RefCell<Vec<HttpRequest>>,
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

    fn client(status: u16, body: &'static str, secret: Option<&str>) -> UserPoolClient<Canned> {
        UserPoolClient::new(
            Canned {
                status,
                body,
                sent: Default::default(),
            },
            UserPoolConfig {
                endpoint: "https://cognito-idp.us-east-1.amazonaws.com/".into(),
                user_pool_id: "us-east-1_Pool".into(),
                client_id: "clientid123".into(),
                client_secret: secret.map(ClientSecret::new),
            },
        )
    }

    fn challenge(name: &str, parameters: &[(&str, &str)]) -> Challenge {
        Challenge {
            name: name.into(),
            session: "opaque-session".into(),
            parameters: parameters
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            username: "u".into(),
        }
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
        assert!(shown.contains("SMS_MFA"));
    }

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
    fn secret_hash_known_answer() {
        // base64(HMAC-SHA256("the-client-secret", "alice" ‖ "clientid123")), computed with Python's hmac.
        let c = client(200, "{}", Some("the-client-secret"));
        assert_eq!(
            c.secret_hash("alice").as_deref(),
            Some("05yLkZjvkXRR+CvAIB49/htwKsmJLWndF62I7R06M4M=")
        );
        assert_eq!(client(200, "{}", None).secret_hash("alice"), None);
    }

    #[test]
    fn requests_are_json_1_1_with_the_operation_as_target() {
        let c = client(
            200,
            r#"{"UserConfirmed":false,"UserSub":"s"}"#,
            Some("the-client-secret"),
        );
        let attrs = [Attribute::new("email", "a@b.c")];
        pollster::block_on(c.sign_up("alice", &Password::new("pw"), &attrs)).unwrap();
        let sent = c.http.sent.borrow();
        let req = &sent[0];
        assert_eq!(req.method, "POST");
        assert!(
            req.headers
                .contains(&("Content-Type".into(), "application/x-amz-json-1.1".into()))
        );
        assert!(req.headers.contains(&(
            "X-Amz-Target".into(),
            "AWSCognitoIdentityProviderService.SignUp".into()
        )));
        let body: serde_json::Value = serde_json::from_str(&req.body).unwrap();
        assert_eq!(body["ClientId"], "clientid123");
        assert_eq!(
            body["SecretHash"],
            "05yLkZjvkXRR+CvAIB49/htwKsmJLWndF62I7R06M4M="
        );
        assert_eq!(body["UserAttributes"][0]["Name"], "email");
    }

    #[test]
    fn service_errors_become_typed_errors() {
        let c = client(
            400,
            r#"{"__type":"UserNotConfirmedException","message":"User is not confirmed."}"#,
            None,
        );
        let srp = SrpClient::new(&[1; 32]).unwrap();
        let err = pollster::block_on(c.sign_in_srp("alice", &Password::new("pw"), &srp, || 0))
            .unwrap_err();
        assert_eq!(err, UserPoolError::UserNotConfirmed);
        let c = client(503, "<html>unavailable</html>", None);
        let err = pollster::block_on(c.forgot_password("alice")).unwrap_err();
        assert!(err.is_transient(), "{err:?}");
    }

    #[test]
    fn challenge_answers_carry_session_username_and_secret_hash() {
        let tokens =
            r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a","RefreshToken":"r"}}"#;
        let c = client(200, tokens, Some("the-client-secret"));
        let ch = challenge("NEW_PASSWORD_REQUIRED", &[]);
        let attrs = [Attribute::new("name", "Ada")];
        let step =
            pollster::block_on(c.respond_new_password(&ch, &Password::new("N3w-password"), &attrs))
                .unwrap();
        assert!(matches!(step, AuthStep::SignedIn { ref username, .. } if username == "u"));
        let c2 = client(200, tokens, None);
        pollster::block_on(c2.respond_mfa(&challenge("SOFTWARE_TOKEN_MFA", &[]), "123456"))
            .unwrap();
        let unsupported =
            pollster::block_on(c2.respond_mfa(&challenge("MFA_SETUP", &[]), "123456"));
        assert_eq!(
            unsupported.unwrap_err(),
            UserPoolError::UnsupportedChallenge("MFA_SETUP".into())
        );

        let body = |c: &UserPoolClient<Canned>| -> serde_json::Value {
            serde_json::from_str(&c.http.sent.borrow()[0].body).unwrap()
        };
        let b = body(&c);
        assert_eq!(b["ChallengeName"], "NEW_PASSWORD_REQUIRED");
        assert_eq!(b["Session"], "opaque-session");
        assert_eq!(b["ChallengeResponses"]["USERNAME"], "u");
        assert_eq!(b["ChallengeResponses"]["NEW_PASSWORD"], "N3w-password");
        assert_eq!(b["ChallengeResponses"]["userAttributes.name"], "Ada");
        assert_eq!(
            b["ChallengeResponses"]["SECRET_HASH"],
            c.secret_hash("u").unwrap().as_str()
        );
        let b = body(&c2);
        assert_eq!(b["ChallengeName"], "SOFTWARE_TOKEN_MFA");
        assert_eq!(b["ChallengeResponses"]["SOFTWARE_TOKEN_MFA_CODE"], "123456");
        assert!(b["ChallengeResponses"].get("SECRET_HASH").is_none());
        assert_eq!(
            c2.http.sent.borrow().len(),
            1,
            "an unsupported challenge sends nothing"
        );
    }
}
