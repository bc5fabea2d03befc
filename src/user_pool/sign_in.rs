//! Signing in: SRP (`InitiateAuth` with `USER_SRP_AUTH`, then the
//! `PASSWORD_VERIFIER` answer) and renewing tokens (`GetTokensFromRefreshToken`).

use crate::json::Value;

use super::{
    AuthenticationResult, Challenge, ChallengeName, UserId, UserPoolClient, UserPoolError,
};
use crate::http::HttpClient;
use crate::json::{self, JsonObject};
use crate::secret::{ChallengeSession, ClientSecret, Password, RefreshToken};
use crate::service::WrapsServiceFailure;
use crate::srp::{self, PasswordVerifier, SrpClient};

/// Where a sign-in stands after a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthStep {
    /// Signed in.
    SignedIn {
        /// The internal user name: the key of the stored session.
        user: UserId,
        /// The tokens.
        tokens: AuthenticationResult,
    },
    /// Another answer is needed.
    Challenge(Challenge),
}

impl AuthStep {
    /// Reads an `InitiateAuth` / `RespondToAuthChallenge` answer; `user` is
    /// who the call was for (challenges may name the user themselves).
    pub(crate) fn from_answer(answer: &Value, user: UserId) -> Result<Self, UserPoolError> {
        if let Some(tokens) = answer.get("AuthenticationResult").filter(|t| !t.is_null()) {
            return Ok(Self::SignedIn {
                user,
                tokens: AuthenticationResult::from_json(tokens)?,
            });
        }
        let name = json::str_field(answer, "ChallengeName")
            .ok_or_else(|| UserPoolError::malformed("neither tokens nor a challenge"))?;
        Ok(Self::Challenge(Challenge::from_answer(name, answer, user)))
    }
}

impl<H: HttpClient> UserPoolClient<H> {
    /// `InitiateAuth` with `USER_SRP_AUTH`: sends `SRP_A` for the name the user
    /// typed, returns the server's challenge (which names the [`UserId`]).
    ///
    /// # Errors
    /// [`UserPoolError::IncorrectCredentials`] (unknown user), [`UserPoolError::UserNotConfirmed`], …
    pub async fn initiate_srp(
        &self,
        username: &str,
        srp_a: &str,
    ) -> Result<AuthStep, UserPoolError> {
        self.initiate_srp_from(username, srp_a, None).await
    }

    /// The same, from a remembered device (`DEVICE_KEY`).
    async fn initiate_srp_from(
        &self,
        username: &str,
        srp_a: &str,
        device_key: Option<&str>,
    ) -> Result<AuthStep, UserPoolError> {
        let params = JsonObject::new()
            .str("USERNAME", username)
            .str("SRP_A", srp_a)
            .opt_str("SECRET_HASH", self.secret_hash(username).as_deref())
            .opt_str("DEVICE_KEY", device_key);
        self.initiate_auth("USER_SRP_AUTH", params, UserId::new(username), None)
            .await
    }

    /// New tokens for a refresh token (`GetTokensFromRefreshToken`, which works
    /// with refresh-token rotation on or off; with it on, the answer carries the
    /// next refresh token and the one sent stops working after the client's
    /// grace period). A client with a secret sends it as `ClientSecret`.
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`] when the refresh token is no longer valid;
    /// transient errors ([`UserPoolError::is_transient`]) otherwise keep the session.
    pub async fn refresh(
        &self,
        refresh_token: &RefreshToken,
    ) -> Result<AuthenticationResult, UserPoolError> {
        let body = self
            .client_body()
            .str("RefreshToken", refresh_token.expose())
            .opt_str(
                "ClientSecret",
                self.config.client_secret.as_ref().map(ClientSecret::expose),
            );
        let answer = self.call("GetTokensFromRefreshToken", body).await?;
        let result = answer
            .get("AuthenticationResult")
            .ok_or_else(|| UserPoolError::malformed("no AuthenticationResult"))?;
        AuthenticationResult::from_json(result)
    }

    /// `InitiateAuth` with `flow` and its `AuthParameters`; `session` is the
    /// `Session` of a finished sign-up (`USER_AUTH` only).
    pub(super) async fn initiate_auth(
        &self,
        flow: &str,
        params: JsonObject,
        user: UserId,
        session: Option<&ChallengeSession>,
    ) -> Result<AuthStep, UserPoolError> {
        let body = self
            .client_body()
            .str("AuthFlow", flow)
            .object("AuthParameters", params)
            .opt_str("Session", session.map(ChallengeSession::expose));
        let answer = self.call("InitiateAuth", body).await?;
        AuthStep::from_answer(&answer, user)
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
        self.sign_in_srp_from(username, password, srp, |_| None, now_unix_seconds)
            .await
    }

    /// [`Self::sign_in_srp`] from a browser that may have a remembered device:
    /// `device_key` gives the device key stored for a user name (the name typed,
    /// then the internal one once `PASSWORD_VERIFIER` names it), sent as
    /// `DEVICE_KEY` with both requests, as amazon-cognito-identity-js does. The
    /// pool may then answer [`ChallengeName::DeviceSrpAuth`] instead of an MFA step
    /// (see [`Self::respond_device_srp`]).
    ///
    /// # Errors
    /// As [`Self::sign_in_srp`].
    pub async fn sign_in_srp_from(
        &self,
        username: &str,
        password: &Password,
        srp: &SrpClient,
        device_key: impl Fn(&UserId) -> Option<String>,
        now_unix_seconds: impl Fn() -> i64,
    ) -> Result<AuthStep, UserPoolError> {
        let typed_device = device_key(&UserId::new(username));
        let challenge = match self
            .initiate_srp_from(username, &srp.srp_a(), typed_device.as_deref())
            .await?
        {
            AuthStep::Challenge(c) if c.name == ChallengeName::PasswordVerifier => c,
            AuthStep::Challenge(c) => {
                return Err(UserPoolError::UnsupportedChallenge(
                    c.name.as_str().to_owned(),
                ));
            }
            signed_in @ AuthStep::SignedIn { .. } => return Ok(signed_in),
        };
        let proof = SrpProof {
            password,
            srp,
            device_key: &device_key,
            typed_device,
        };
        self.answer_password_verifier(challenge, proof, now_unix_seconds)
            .await
    }

    /// Answers `PASSWORD_VERIFIER` with the SRP proof: the one step every
    /// password sign-in ends with (`USER_SRP_AUTH`, and `PASSWORD_SRP` in a
    /// choice-based sign-in).
    pub(super) async fn answer_password_verifier(
        &self,
        challenge: Challenge,
        proof: SrpProof<'_, impl Fn(&UserId) -> Option<String>>,
        now_unix_seconds: impl Fn() -> i64,
    ) -> Result<AuthStep, UserPoolError> {
        let verifier = password_verifier(&challenge)?;
        let claim = proof.srp.password_claim(
            srp::pool_name(&self.config.user_pool_id),
            &verifier,
            proof.password,
            &srp::timestamp(now_unix_seconds()),
        )?;
        let answer_to = Challenge {
            user: UserId::new(claim.username),
            ..challenge
        };
        let device = (proof.device_key)(&answer_to.user).or(proof.typed_device);
        let responses = JsonObject::new()
            .str("PASSWORD_CLAIM_SECRET_BLOCK", &claim.secret_block)
            .str("PASSWORD_CLAIM_SIGNATURE", &claim.signature)
            .str("TIMESTAMP", &claim.timestamp)
            .opt_str("DEVICE_KEY", device.as_deref());
        self.respond(&answer_to, responses).await
    }
}

/// What the `PASSWORD_VERIFIER` answer takes besides the challenge: the
/// password, the SRP client that sent `SRP_A`, and the remembered device's
/// key by user name (`typed_device`: the one found for the name typed).
pub(super) struct SrpProof<'a, D> {
    pub(super) password: &'a Password,
    pub(super) srp: &'a SrpClient,
    pub(super) device_key: &'a D,
    pub(super) typed_device: Option<String>,
}

/// The server's half of SRP, from a `PASSWORD_VERIFIER` challenge.
///
/// # Errors
/// A malformed answer naming the missing parameter.
pub fn password_verifier(challenge: &Challenge) -> Result<PasswordVerifier, UserPoolError> {
    let field = |name: &'static str| {
        challenge
            .parameter(name)
            .map(str::to_owned)
            .ok_or_else(|| UserPoolError::malformed(json::missing(name)))
    };
    Ok(PasswordVerifier {
        srp_b: field("SRP_B")?,
        salt: field("SALT")?,
        secret_block: field("SECRET_BLOCK")?,
        user_id_for_srp: field("USER_ID_FOR_SRP")?,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::canned::{body, client, target};
    use super::*;

    #[test]
    fn an_unconfirmed_user_is_told_so() {
        let c = client(
            400,
            r#"{"__type":"UserNotConfirmedException","message":"User is not confirmed."}"#,
            None,
        );
        let srp = SrpClient::new(&[1; 32]).unwrap();
        let err = pollster::block_on(c.sign_in_srp("alice", &Password::new("pw"), &srp, || 0))
            .unwrap_err();
        assert_eq!(err, UserPoolError::UserNotConfirmed);
    }

    #[test]
    fn srp_start_and_refresh_send_their_parameters() {
        let c = client(
            200,
            r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a"}}"#,
            Some("the-client-secret"),
        );
        let step = pollster::block_on(c.initiate_srp("alice", "abc")).unwrap();
        assert!(matches!(step, AuthStep::SignedIn { ref user, .. } if user.as_str() == "alice"));
        let refresh = client(
            200,
            r#"{"AuthenticationResult":{"IdToken":"i","AccessToken":"a","RefreshToken":"next"}}"#,
            Some("the-client-secret"),
        );
        let tokens = pollster::block_on(refresh.refresh(&RefreshToken::new("r"))).unwrap();
        // Rotation: the answer's refresh token is the one to keep.
        assert_eq!(tokens.refresh_token, Some(RefreshToken::new("next")));
        assert_eq!(
            target(&c, 0),
            "AWSCognitoIdentityProviderService.InitiateAuth"
        );
        let b = body(&c, 0);
        assert_eq!(b["AuthFlow"], "USER_SRP_AUTH");
        assert_eq!(b["AuthParameters"]["USERNAME"], "alice");
        assert_eq!(b["AuthParameters"]["SRP_A"], "abc");
        assert_eq!(
            b["AuthParameters"]["SECRET_HASH"],
            c.secret_hash("alice").unwrap().as_str()
        );
        assert_eq!(
            target(&refresh, 0),
            "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken"
        );
        let b = body(&refresh, 0);
        assert_eq!(b["RefreshToken"], "r");
        assert_eq!(b["ClientId"], refresh.config.client_id.as_str());
        assert_eq!(b["ClientSecret"], "the-client-secret");
        assert!(b.get("AuthFlow").is_none() && b.get("SecretHash").is_none());
    }

    #[test]
    fn an_answer_with_neither_tokens_nor_challenge_is_malformed() {
        let c = client(200, "{}", None);
        let err = pollster::block_on(c.initiate_srp("alice", "abc")).unwrap_err();
        assert_eq!(
            err,
            UserPoolError::malformed("neither tokens nor a challenge")
        );
    }

    #[test]
    fn a_verifier_challenge_without_salt_is_malformed() {
        let answer = json::parse(
            r#"{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SRP_B":"ab","SECRET_BLOCK":"x","USER_ID_FOR_SRP":"u"}}"#,
        )
        .unwrap();
        let c = Challenge::from_answer("PASSWORD_VERIFIER", &answer, UserId::new("u"));
        assert_eq!(
            password_verifier(&c).unwrap_err(),
            UserPoolError::malformed("no SALT")
        );
    }
}
