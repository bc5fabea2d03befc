//! Choice-based sign-in (`AuthFlow: USER_AUTH`): a passkey, a code sent by
//! email or text message, or the password, as the pool allows for the account.
//!
//! | step | request | Cognito answers |
//! |---|---|---|
//! | start | `InitiateAuth` `{USERNAME, PREFERRED_CHALLENGE?, SECRET_HASH?, DEVICE_KEY?}` ([`UserPoolClient::initiate_user_auth`]) | the preferred challenge, or `SELECT_CHALLENGE` with `AvailableChallenges` |
//! | choose | `SELECT_CHALLENGE` `{USERNAME, ANSWER}` ([`UserPoolClient::respond_select`]) | `WEB_AUTHN`, `EMAIL_OTP` or `SMS_OTP` |
//! | password | `{ANSWER: PASSWORD_SRP, SRP_A}` ([`UserPoolClient::respond_select_password_srp`]) | `PASSWORD_VERIFIER`, answered as in [`super::sign_in`] |
//! | passkey | `WEB_AUTHN` `{USERNAME, CREDENTIAL}` ([`UserPoolClient::respond_passkey`]) | tokens, or a further step |
//! | code | `EMAIL_OTP_CODE` / `SMS_OTP_CODE` ([`UserPoolClient::respond_mfa`]) | tokens, or a further step |
//! | after sign-up | `InitiateAuth` with the `Session` `ConfirmSignUp` returned ([`UserPoolClient::initiate_user_auth_after_sign_up`]) | tokens: the code confirmed the sign-up counts as the first factor |
//!
//! `USERNAME` is always sent: Cognito has no sign-in without one (no
//! discoverable-credential "conditional UI"). The password never leaves the
//! browser: `PASSWORD` is listed by Cognito but answered here with SRP only.
//! Shapes: AWS API reference, `InitiateAuth` and `ChallengeResponseType`;
//! amplify-js `client/flows/userAuth/`.

use super::sign_in::SrpProof;
use super::{AuthStep, Challenge, ChallengeName, UserId, UserPoolClient, UserPoolError};
use crate::http::HttpClient;
use crate::json::{self, JsonObject};
use crate::secret::{ChallengeSession, Password};
use crate::service::WrapsServiceFailure;
use crate::srp::SrpClient;
use crate::webauthn::{AssertionJson, RequestOptions};

/// A first factor of a choice-based sign-in: a value of Cognito's
/// `AvailableChallenges` and `PREFERRED_CHALLENGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FirstFactor {
    /// A passkey (`WEB_AUTHN`).
    Passkey,
    /// A code sent by email (`EMAIL_OTP`).
    EmailCode,
    /// A code sent by text message (`SMS_OTP`).
    SmsCode,
    /// The password, proven by SRP (`PASSWORD_SRP`).
    PasswordSrp,
    /// The password itself (`PASSWORD`); this app answers with SRP instead.
    Password,
    /// Any other, kept by name.
    Other(String),
}

impl FirstFactor {
    /// Parses a name of `AvailableChallenges`.
    pub fn parse(name: &str) -> Self {
        match name {
            "WEB_AUTHN" => Self::Passkey,
            "EMAIL_OTP" => Self::EmailCode,
            "SMS_OTP" => Self::SmsCode,
            "PASSWORD_SRP" => Self::PasswordSrp,
            "PASSWORD" => Self::Password,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The name on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Passkey => "WEB_AUTHN",
            Self::EmailCode => "EMAIL_OTP",
            Self::SmsCode => "SMS_OTP",
            Self::PasswordSrp => "PASSWORD_SRP",
            Self::Password => "PASSWORD",
            Self::Other(name) => name,
        }
    }

    /// True for the factors chosen by name alone (the password needs `SRP_A` with it).
    pub fn chosen_by_name(&self) -> bool {
        matches!(self, Self::Passkey | Self::EmailCode | Self::SmsCode)
    }

    /// Refuses a factor that is not chosen by name alone, before anything is sent.
    ///
    /// # Errors
    /// [`UserPoolError::UnsupportedChallenge`] for the password or an unknown factor.
    fn require_chosen_by_name(&self) -> Result<(), UserPoolError> {
        if self.chosen_by_name() {
            Ok(())
        } else {
            Err(UserPoolError::UnsupportedChallenge(
                self.as_str().to_owned(),
            ))
        }
    }
}

impl Challenge {
    /// The options of a `WEB_AUTHN` challenge (`CREDENTIAL_REQUEST_OPTIONS`), read:
    /// [`RequestOptions::json`] for the browser's own parser, the decoded
    /// members for a browser without one.
    ///
    /// # Errors
    /// A malformed answer ([`UserPoolError::Service`]) when the parameter is
    /// missing or is not options a browser can take.
    pub fn passkey_options(&self) -> Result<RequestOptions, UserPoolError> {
        const NAME: &str = "CREDENTIAL_REQUEST_OPTIONS";
        let text = self
            .parameter(NAME)
            .ok_or_else(|| UserPoolError::malformed(json::missing(NAME)))?;
        RequestOptions::parse(text)
            .map_err(|e| UserPoolError::malformed(format!("{NAME}: {}", e.problem())))
    }
}

impl<H: HttpClient> UserPoolClient<H> {
    /// Starts a choice-based sign-in for the name the user typed. Without
    /// `preferred`, or when the account cannot use it, Cognito answers
    /// `SELECT_CHALLENGE` ([`super::ChallengeKind::Choose`]); with it, that
    /// factor's challenge. `device_key` is the remembered device's (skips MFA).
    ///
    /// # Errors
    /// [`UserPoolError::UnsupportedChallenge`], nothing sent, when `preferred`
    /// is the password (answered after the choice: see
    /// [`Self::respond_select_password_srp`]) or unknown;
    /// [`UserPoolError::InvalidConfiguration`] when the app client does not
    /// allow `USER_AUTH`; …
    pub async fn initiate_user_auth(
        &self,
        username: &str,
        preferred: Option<&FirstFactor>,
        device_key: Option<&str>,
    ) -> Result<AuthStep, UserPoolError> {
        if let Some(factor) = preferred {
            factor.require_chosen_by_name()?;
        }
        let params = self
            .user_auth_params(username)
            .opt_str("PREFERRED_CHALLENGE", preferred.map(FirstFactor::as_str))
            .opt_str("DEVICE_KEY", device_key);
        self.initiate_auth("USER_AUTH", params, UserId::new(username), None)
            .await
    }

    /// Signs in right after a sign-up: `InitiateAuth` (`USER_AUTH`) with the
    /// `Session` that `ConfirmSignUp` returned, so the code that confirmed the
    /// account counts as the first factor and nothing is asked again.
    ///
    /// # Errors
    /// [`UserPoolError::SignInExpired`] when the session is too old (sign in
    /// the usual way), …
    pub async fn initiate_user_auth_after_sign_up(
        &self,
        username: &str,
        session: &ChallengeSession,
    ) -> Result<AuthStep, UserPoolError> {
        let params = self.user_auth_params(username);
        self.initiate_auth("USER_AUTH", params, UserId::new(username), Some(session))
            .await
    }

    /// Answers `SELECT_CHALLENGE` with a factor chosen by name (a passkey, an
    /// emailed or texted code): Cognito then asks for it (`WEB_AUTHN` with its
    /// options, or `EMAIL_OTP` / `SMS_OTP` once the code is sent).
    ///
    /// # Errors
    /// [`UserPoolError::UnsupportedChallenge`], nothing sent, when `challenge`
    /// is not `SELECT_CHALLENGE` or `factor` is the password (see
    /// [`Self::respond_select_password_srp`]); …
    pub async fn respond_select(
        &self,
        challenge: &Challenge,
        factor: &FirstFactor,
    ) -> Result<AuthStep, UserPoolError> {
        expect(challenge, &ChallengeName::SelectChallenge)?;
        factor.require_chosen_by_name()?;
        let responses = JsonObject::new().str("ANSWER", factor.as_str());
        self.respond(challenge, responses).await
    }

    /// Answers `SELECT_CHALLENGE` with the password by SRP (`ANSWER:
    /// PASSWORD_SRP` and `SRP_A`), then the `PASSWORD_VERIFIER` that follows,
    /// as an SRP sign-in does.
    ///
    /// # Errors
    /// [`UserPoolError::UnsupportedChallenge`], nothing sent, when `challenge`
    /// is not `SELECT_CHALLENGE`; as [`Self::sign_in_srp`] otherwise.
    pub async fn respond_select_password_srp(
        &self,
        challenge: &Challenge,
        password: &Password,
        srp: &SrpClient,
        device_key: impl Fn(&UserId) -> Option<String>,
        now_unix_seconds: impl Fn() -> i64,
    ) -> Result<AuthStep, UserPoolError> {
        expect(challenge, &ChallengeName::SelectChallenge)?;
        let responses = JsonObject::new()
            .str("ANSWER", FirstFactor::PasswordSrp.as_str())
            .str("SRP_A", &srp.srp_a());
        let step = self.respond(challenge, responses).await?;
        let proof = SrpProof {
            password,
            srp,
            device_key: &device_key,
            typed_device: None,
        };
        self.verify_if_asked(step, proof, now_unix_seconds).await
    }

    /// Answers `WEB_AUTHN` with the browser's assertion (`CREDENTIAL`, the
    /// `AuthenticationResponseJSON` as text).
    ///
    /// # Errors
    /// [`UserPoolError::UnsupportedChallenge`], nothing sent, when `challenge`
    /// is not `WEB_AUTHN`; [`UserPoolError::IncorrectCredentials`] or
    /// [`UserPoolError::NotAuthorized`] when Cognito refuses the assertion;
    /// [`UserPoolError::PasskeyOfAnotherSite`], …
    pub async fn respond_passkey(
        &self,
        challenge: &Challenge,
        credential: &AssertionJson,
    ) -> Result<AuthStep, UserPoolError> {
        expect(challenge, &ChallengeName::WebAuthn)?;
        let responses = JsonObject::new().str("CREDENTIAL", credential.expose());
        self.respond(challenge, responses).await
    }

    /// `USERNAME` and, for a client with a secret, `SECRET_HASH`.
    fn user_auth_params(&self, username: &str) -> JsonObject {
        JsonObject::new()
            .str("USERNAME", username)
            .opt_str("SECRET_HASH", self.secret_hash(username).as_deref())
    }

    /// The SRP proof when Cognito asks for it; any other step as it is.
    async fn verify_if_asked(
        &self,
        step: AuthStep,
        proof: SrpProof<'_, impl Fn(&UserId) -> Option<String>>,
        now_unix_seconds: impl Fn() -> i64,
    ) -> Result<AuthStep, UserPoolError> {
        match step {
            AuthStep::Challenge(c) if c.name == ChallengeName::PasswordVerifier => {
                self.answer_password_verifier(c, proof, now_unix_seconds)
                    .await
            }
            other => Ok(other),
        }
    }
}

/// Refuses, before anything is sent, to answer `challenge` as if it were `name`.
fn expect(challenge: &Challenge, name: &ChallengeName) -> Result<(), UserPoolError> {
    if &challenge.name == name {
        Ok(())
    } else {
        Err(UserPoolError::UnsupportedChallenge(
            challenge.name.as_str().to_owned(),
        ))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::{Value, json};

    use super::super::canned::{run, run_as};
    use super::super::{ChallengeKind, CodeDelivery, MfaKind};
    use super::*;
    use crate::webauthn::AssertionParts;

    const TOKENS: &str =
        r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a","RefreshToken":"r"}}"#;
    const SELECT: &str = r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"select-session","ChallengeParameters":{},"AvailableChallenges":["PASSWORD_SRP","PASSWORD","WEB_AUTHN","EMAIL_OTP","SMS_OTP","FUTURE_FACTOR"]}"#;
    const OPTIONS: &str = r#"{"challenge":"OcDnUhQXulTUPo3JUXT0I97pvzzYBP9tZchXyav01Ag","timeout":180000,"rpId":"example.org","allowCredentials":[{"type":"public-key","id":"-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q","transports":["internal"]}],"userVerification":"preferred"}"#;

    /// A `WEB_AUTHN` challenge as Cognito sends it: the options as JSON text.
    fn web_authn_answer() -> String {
        json!({
            "ChallengeName": "WEB_AUTHN",
            "Session": "webauthn-session",
            "ChallengeParameters": {"CREDENTIAL_REQUEST_OPTIONS": OPTIONS},
        })
        .to_string()
    }

    /// A `PASSWORD_VERIFIER` the SRP client accepts (B = g^7).
    fn verifier_answer() -> String {
        let b = crate::srp::pad_hex(&crate::srp::g_pow(&7u32.into()));
        json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": "verifier-session",
            "ChallengeParameters": {
                "SRP_B": b, "SALT": "0a1b", "SECRET_BLOCK": "c2VjcmV0",
                "USER_ID_FOR_SRP": "uuid-ada", "USERNAME": "uuid-ada",
            },
        })
        .to_string()
    }

    fn challenge_from(answer: &str) -> Challenge {
        let answer: Value = serde_json::from_str(answer).unwrap();
        let name = answer["ChallengeName"].as_str().unwrap().to_owned();
        Challenge::from_answer(&name, &crate::json::ours(&answer), UserId::new("ada"))
    }

    fn assertion() -> AssertionJson {
        AssertionJson::from_parts(&AssertionParts {
            raw_id: vec![0xf9, 0x1f],
            client_data_json: br#"{"type":"webauthn.get"}"#.to_vec(),
            authenticator_data: vec![0xbf; 37],
            signature: vec![0x30, 0x46],
            user_handle: None,
            authenticator_attachment: Some("platform".into()),
        })
    }

    const SRP_SECRET: [u8; 32] = [3; 32];

    #[test]
    fn first_factors_parse_and_print_back() {
        for name in [
            "WEB_AUTHN",
            "EMAIL_OTP",
            "SMS_OTP",
            "PASSWORD_SRP",
            "PASSWORD",
        ] {
            let factor = FirstFactor::parse(name);
            assert!(!matches!(factor, FirstFactor::Other(_)), "{name}");
            assert_eq!(factor.as_str(), name);
        }
        assert_eq!(
            FirstFactor::parse("MAGIC_LINK"),
            FirstFactor::Other("MAGIC_LINK".into())
        );
        assert_eq!(
            FirstFactor::Other("MAGIC_LINK".into()).as_str(),
            "MAGIC_LINK"
        );
    }

    #[test]
    fn a_choice_based_start_is_initiate_auth_with_user_auth() {
        let (step, sent) = run_as(None, &[SELECT], async |c| {
            c.initiate_user_auth("ada", None, None).await
        });
        assert_eq!(sent[0].0, "AWSCognitoIdentityProviderService.InitiateAuth");
        // AWS API reference, InitiateAuth: USER_AUTH takes USERNAME (required)
        // and PREFERRED_CHALLENGE.
        assert_eq!(
            sent[0].1,
            json!({"ClientId": "clientid123", "AuthFlow": "USER_AUTH", "AuthParameters": {"USERNAME": "ada"}})
        );
        let AuthStep::Challenge(c) = step.unwrap() else {
            panic!("a challenge");
        };
        assert_eq!(c.name, ChallengeName::SelectChallenge);
        assert_eq!(c.session.expose(), "select-session");
        // Every name Cognito offers is kept, one this app does not know too.
        assert_eq!(
            c.kind(),
            ChallengeKind::Choose {
                factors: vec![
                    FirstFactor::PasswordSrp,
                    FirstFactor::Password,
                    FirstFactor::Passkey,
                    FirstFactor::EmailCode,
                    FirstFactor::SmsCode,
                    FirstFactor::Other("FUTURE_FACTOR".into()),
                ]
            }
        );
    }

    #[test]
    fn a_preferred_factor_secret_hash_and_device_key_go_in_auth_parameters() {
        let answer = web_authn_answer();
        let (step, sent) = run(&[&answer], async |c| {
            let hash = c.secret_hash("ada").unwrap();
            let step = c
                .initiate_user_auth("ada", Some(&FirstFactor::Passkey), Some("us-east-1_dev"))
                .await;
            (step, hash)
        });
        let (step, hash) = step;
        assert_eq!(
            sent[0].1,
            json!({
                "ClientId": "clientid123",
                "AuthFlow": "USER_AUTH",
                "AuthParameters": {
                    "USERNAME": "ada",
                    "PREFERRED_CHALLENGE": "WEB_AUTHN",
                    "SECRET_HASH": hash,
                    "DEVICE_KEY": "us-east-1_dev",
                },
            })
        );
        let AuthStep::Challenge(c) = step.unwrap() else {
            panic!("a challenge");
        };
        assert_eq!(c.kind(), ChallengeKind::Passkey);
        let options = c.passkey_options().unwrap();
        assert_eq!(options.json(), OPTIONS);
        assert_eq!(options.rp_id.as_deref(), Some("example.org"));
        assert_eq!(options.challenge.len(), 32);
    }

    #[test]
    fn the_password_is_never_preferred_or_chosen_by_name() {
        let select = challenge_from(SELECT);
        for factor in [
            FirstFactor::Password,
            FirstFactor::PasswordSrp,
            FirstFactor::Other("FUTURE_FACTOR".into()),
        ] {
            let (started, sent) = run(&[], async |c| {
                c.initiate_user_auth("ada", Some(&factor), None).await
            });
            assert_eq!(
                started.unwrap_err(),
                UserPoolError::UnsupportedChallenge(factor.as_str().into())
            );
            let (chosen, sent_too) = run(&[], async |c| c.respond_select(&select, &factor).await);
            assert_eq!(
                chosen.unwrap_err(),
                UserPoolError::UnsupportedChallenge(factor.as_str().into())
            );
            assert!(sent.is_empty() && sent_too.is_empty(), "nothing is sent");
        }
    }

    #[test]
    fn a_confirmed_sign_up_signs_in_with_its_session() {
        let (step, sent) = run_as(None, &[TOKENS], async |c| {
            c.initiate_user_auth_after_sign_up("ada", &ChallengeSession::new("confirm-session"))
                .await
        });
        assert!(
            matches!(step.unwrap(), AuthStep::SignedIn { ref user, .. } if user.as_str() == "ada")
        );
        assert_eq!(
            sent[0].1,
            json!({
                "ClientId": "clientid123",
                "AuthFlow": "USER_AUTH",
                "AuthParameters": {"USERNAME": "ada"},
                "Session": "confirm-session",
            })
        );
    }

    #[test]
    fn an_emailed_code_is_chosen_then_answered() {
        let select = challenge_from(SELECT);
        let email = r#"{"ChallengeName":"EMAIL_OTP","Session":"otp-session","ChallengeParameters":{"CODE_DELIVERY_DELIVERY_MEDIUM":"EMAIL","CODE_DELIVERY_DESTINATION":"a***@e***"}}"#;
        let (step, sent) = run_as(None, &[email, TOKENS], async |c| {
            let AuthStep::Challenge(code) =
                c.respond_select(&select, &FirstFactor::EmailCode).await?
            else {
                panic!("a challenge");
            };
            assert_eq!(
                code.kind(),
                ChallengeKind::Code {
                    kind: MfaKind::Email,
                    delivery: CodeDelivery {
                        delivery_medium: "EMAIL".into(),
                        destination: "a***@e***".into(),
                        ..Default::default()
                    }
                }
            );
            c.respond_mfa(&code, "123456").await
        });
        assert!(matches!(step.unwrap(), AuthStep::SignedIn { .. }));
        // AWS API reference, ChallengeResponseType: SELECT_CHALLENGE with
        // ANSWER EMAIL_OTP, then EMAIL_OTP with EMAIL_OTP_CODE.
        assert_eq!(
            sent[0].0,
            "AWSCognitoIdentityProviderService.RespondToAuthChallenge"
        );
        assert_eq!(
            sent[0].1,
            json!({
                "ClientId": "clientid123",
                "ChallengeName": "SELECT_CHALLENGE",
                "ChallengeResponses": {"USERNAME": "ada", "ANSWER": "EMAIL_OTP"},
                "Session": "select-session",
            })
        );
        assert_eq!(
            sent[1].1,
            json!({
                "ClientId": "clientid123",
                "ChallengeName": "EMAIL_OTP",
                "ChallengeResponses": {"USERNAME": "ada", "EMAIL_OTP_CODE": "123456"},
                "Session": "otp-session",
            })
        );
    }

    #[test]
    fn a_texted_code_is_chosen_then_answered() {
        let select = challenge_from(SELECT);
        let sms = r#"{"ChallengeName":"SMS_OTP","Session":"sms-session","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"+*******1234"}}"#;
        let (step, sent) = run_as(None, &[sms, TOKENS], async |c| {
            let AuthStep::Challenge(code) =
                c.respond_select(&select, &FirstFactor::SmsCode).await?
            else {
                panic!("a challenge");
            };
            assert!(matches!(
                code.kind(),
                ChallengeKind::Code {
                    kind: MfaKind::Sms,
                    ..
                }
            ));
            c.respond_mfa(&code, "654321").await
        });
        assert!(matches!(step.unwrap(), AuthStep::SignedIn { .. }));
        assert_eq!(sent[0].1["ChallengeResponses"]["ANSWER"], "SMS_OTP");
        assert_eq!(
            sent[1].1,
            json!({
                "ClientId": "clientid123",
                "ChallengeName": "SMS_OTP",
                "ChallengeResponses": {"USERNAME": "ada", "SMS_OTP_CODE": "654321"},
                "Session": "sms-session",
            })
        );
    }

    #[test]
    fn a_passkey_is_chosen_then_its_assertion_sent_as_credential() {
        let select = challenge_from(SELECT);
        let answer = web_authn_answer();
        let credential = assertion();
        let (step, sent) = run(&[&answer, TOKENS], async |c| {
            let AuthStep::Challenge(passkey) =
                c.respond_select(&select, &FirstFactor::Passkey).await?
            else {
                panic!("a challenge");
            };
            assert_eq!(passkey.kind(), ChallengeKind::Passkey);
            passkey.passkey_options()?;
            c.respond_passkey(&passkey, &credential).await
        });
        assert!(matches!(step.unwrap(), AuthStep::SignedIn { .. }));
        let (hash, _) = run(&[], async |c| c.secret_hash("ada").unwrap());
        assert_eq!(
            sent[0].1,
            json!({
                "ClientId": "clientid123",
                "ChallengeName": "SELECT_CHALLENGE",
                "ChallengeResponses": {"USERNAME": "ada", "ANSWER": "WEB_AUTHN", "SECRET_HASH": hash},
                "Session": "select-session",
            })
        );
        // ChallengeResponseType: WEB_AUTHN with CREDENTIAL, the
        // AuthenticationResponseJSON as a string.
        assert_eq!(
            sent[1].1,
            json!({
                "ClientId": "clientid123",
                "ChallengeName": "WEB_AUTHN",
                "ChallengeResponses": {
                    "USERNAME": "ada",
                    "CREDENTIAL": credential.expose(),
                    "SECRET_HASH": hash,
                },
                "Session": "webauthn-session",
            })
        );
        let sent_credential: Value = serde_json::from_str(
            sent[1].1["ChallengeResponses"]["CREDENTIAL"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(sent_credential["type"], "public-key");
        assert_eq!(sent_credential["response"]["signature"], "MEY");
    }

    #[test]
    fn answers_to_the_wrong_challenge_send_nothing() {
        let email = challenge_from(r#"{"ChallengeName":"EMAIL_OTP","Session":"s"}"#);
        let (results, sent) = run(&[], async |c| {
            let srp = SrpClient::new(&SRP_SECRET).unwrap();
            (
                c.respond_passkey(&email, &assertion()).await,
                c.respond_select(&email, &FirstFactor::Passkey).await,
                c.respond_select_password_srp(&email, &Password::new("pw"), &srp, |_| None, || 0)
                    .await,
            )
        });
        for result in [results.0, results.1, results.2] {
            assert_eq!(
                result.unwrap_err(),
                UserPoolError::UnsupportedChallenge("EMAIL_OTP".into())
            );
        }
        assert!(sent.is_empty());
    }

    #[test]
    fn passkey_options_that_cannot_be_used_are_a_malformed_answer() {
        let none = challenge_from(r#"{"ChallengeName":"WEB_AUTHN","Session":"s"}"#);
        assert_eq!(
            none.passkey_options().unwrap_err(),
            UserPoolError::malformed("no CREDENTIAL_REQUEST_OPTIONS")
        );
        let bad = challenge_from(
            r#"{"ChallengeName":"WEB_AUTHN","ChallengeParameters":{"CREDENTIAL_REQUEST_OPTIONS":"{\"challenge\":\"AA==\"}"}}"#,
        );
        let e = bad.passkey_options().unwrap_err();
        assert_eq!(
            e,
            UserPoolError::malformed(
                "CREDENTIAL_REQUEST_OPTIONS: challenge is not unpadded base64url"
            )
        );
        assert_eq!(
            e.to_string(),
            "The sign-in service sent an answer this app does not understand (CREDENTIAL_REQUEST_OPTIONS: challenge is not unpadded base64url)."
        );
    }

    /// The `PASSWORD_VERIFIER` answer of the plain SRP sign-in, for the same
    /// challenge: the choice-based paths must send exactly this.
    fn srp_sign_in_proof() -> Value {
        let verifier = verifier_answer();
        let (step, sent) = run(&[&verifier, TOKENS], async |c| {
            let srp = SrpClient::new(&SRP_SECRET).unwrap();
            c.sign_in_srp("ada", &Password::new("Corr3ct-horse"), &srp, || {
                1_700_000_000
            })
            .await
        });
        step.unwrap();
        sent[1].1.clone()
    }

    #[test]
    fn the_password_chosen_is_srp_answered_as_the_srp_sign_in_answers() {
        let select = challenge_from(SELECT);
        let verifier = verifier_answer();
        let (step, sent) = run(&[&verifier, TOKENS], async |c| {
            let srp = SrpClient::new(&SRP_SECRET).unwrap();
            let step = c
                .respond_select_password_srp(
                    &select,
                    &Password::new("Corr3ct-horse"),
                    &srp,
                    |_| None,
                    || 1_700_000_000,
                )
                .await;
            (step, srp.srp_a(), c.secret_hash("ada").unwrap())
        });
        let (step, srp_a, hash) = step;
        assert!(
            matches!(step.unwrap(), AuthStep::SignedIn { ref user, .. } if user.as_str() == "uuid-ada")
        );
        // ChallengeResponseType: SELECT_CHALLENGE with ANSWER PASSWORD_SRP and SRP_A.
        assert_eq!(
            sent[0].1,
            json!({
                "ClientId": "clientid123",
                "ChallengeName": "SELECT_CHALLENGE",
                "ChallengeResponses": {
                    "USERNAME": "ada", "ANSWER": "PASSWORD_SRP", "SRP_A": srp_a, "SECRET_HASH": hash,
                },
                "Session": "select-session",
            })
        );
        assert_eq!(sent[1].1, srp_sign_in_proof());
        assert_eq!(sent[1].1["ChallengeResponses"]["USERNAME"], "uuid-ada");
        assert_eq!(sent[1].1["Session"], "verifier-session");
    }
}
