//! Becoming a user and getting back in without a password: `SignUp` (with a
//! password, or without one where the pool signs in by passkey or code), the
//! emailed code (`ConfirmSignUp`, `ResendConfirmationCode`) and password
//! recovery (`ForgotPassword`, `ConfirmForgotPassword`). All are called with
//! the name the user typed, never with a [`super::UserId`].
//!
//! A passwordless sign-up signs the user in without a second code: `SignUp`
//! answers a `Session`, `ConfirmSignUp` takes it with the code and answers
//! another, which [`UserPoolClient::initiate_user_auth_after_sign_up`] turns
//! into tokens.

use super::{Attribute, CodeDelivery, SignUpResult, UserPoolClient, UserPoolError};
use crate::http::HttpClient;
use crate::json;
use crate::secret::{ChallengeSession, Password};

impl<H: HttpClient> UserPoolClient<H> {
    /// Registers a user; Cognito then emails a code (see [`Self::confirm_sign_up`]).
    /// Without a password (`None`): in a pool whose sign-in policy allows a first
    /// factor other than the password (a passkey, an emailed code); confirmed with
    /// the answer's [`SignUpResult::session`], the user is signed in straight away.
    ///
    /// # Errors
    /// [`UserPoolError::UsernameExists`], [`UserPoolError::InvalidPassword`],
    /// [`UserPoolError::InvalidParameter`] when the pool requires a password, …
    /// (see its variants).
    pub async fn sign_up(
        &self,
        username: &str,
        password: Option<&Password>,
        attributes: &[Attribute],
    ) -> Result<SignUpResult, UserPoolError> {
        let body = self
            .user_body(username)
            .opt_str("Password", password.map(Password::expose))
            .array("UserAttributes", Attribute::to_json(attributes));
        let answer = self.call("SignUp", body).await?;
        Ok(SignUpResult::from_json(&answer))
    }

    /// Confirms a registration with the emailed code, and the `Session` of the
    /// `SignUp` answer when it had one (Cognito needs it to answer the session
    /// that signs the user in). The answer's session, when the pool gives one,
    /// signs the user in ([`Self::initiate_user_auth_after_sign_up`]).
    ///
    /// # Errors
    /// [`UserPoolError::CodeMismatch`], [`UserPoolError::ExpiredCode`], …
    pub async fn confirm_sign_up(
        &self,
        username: &str,
        code: &str,
        sign_up_session: Option<&ChallengeSession>,
    ) -> Result<Option<ChallengeSession>, UserPoolError> {
        let body = self
            .user_body(username)
            .str("ConfirmationCode", code)
            .opt_str("Session", sign_up_session.map(ChallengeSession::expose));
        let answer = self.call("ConfirmSignUp", body).await?;
        Ok(json::str_field(&answer, "Session")
            .filter(|s| !s.is_empty())
            .map(ChallengeSession::new))
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
        let answer = self.call(operation, self.user_body(username)).await?;
        Ok(CodeDelivery::from_answer(&answer))
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
        let body = self
            .user_body(username)
            .str("ConfirmationCode", code)
            .str("Password", new_password.expose());
        self.call_for_effect("ConfirmForgotPassword", body).await
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::canned::{body, client, target};
    use super::*;
    use crate::service::WrapsServiceFailure;

    #[test]
    fn sign_up_is_json_1_1_with_the_operation_as_target() {
        let c = client(
            200,
            r#"{"UserConfirmed":false,"UserSub":"s"}"#,
            Some("the-client-secret"),
        );
        let attrs = [Attribute::new("email", "a@b.c")];
        pollster::block_on(c.sign_up("alice", Some(&Password::new("pw")), &attrs)).unwrap();
        assert_eq!(target(&c, 0), "AWSCognitoIdentityProviderService.SignUp");
        let b = body(&c, 0);
        assert_eq!(b["ClientId"], "clientid123");
        assert_eq!(b["Username"], "alice");
        assert_eq!(b["Password"], "pw");
        assert_eq!(
            b["SecretHash"],
            "05yLkZjvkXRR+CvAIB49/htwKsmJLWndF62I7R06M4M="
        );
        assert_eq!(b["UserAttributes"][0]["Name"], "email");
        assert_eq!(b["UserAttributes"][0]["Value"], "a@b.c");
    }

    #[test]
    fn codes_and_recovery_send_the_typed_name() {
        let c = client(
            200,
            r#"{"CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"a***@e***"}}"#,
            None,
        );
        let sent = pollster::block_on(c.forgot_password("alice")).unwrap();
        assert_eq!(sent.destination, "a***@e***");
        pollster::block_on(c.confirm_forgot_password("alice", "123456", &Password::new("N3w")))
            .unwrap();
        pollster::block_on(c.confirm_sign_up("alice", "654321", None)).unwrap();
        assert_eq!(
            target(&c, 0),
            "AWSCognitoIdentityProviderService.ForgotPassword"
        );
        let b = body(&c, 1);
        assert_eq!(b["ConfirmationCode"], "123456");
        assert_eq!(b["Password"], "N3w");
        assert!(b.get("SecretHash").is_none());
        assert_eq!(body(&c, 2)["ConfirmationCode"], "654321");
    }

    #[test]
    fn a_failed_request_is_a_typed_error() {
        let c = client(503, "<html>unavailable</html>", None);
        let err = pollster::block_on(c.forgot_password("alice")).unwrap_err();
        assert!(err.is_transient(), "{err:?}");
    }

    #[test]
    fn a_passwordless_sign_up_carries_its_session_to_the_confirmation() {
        use serde_json::json;

        use super::super::canned::run_as;
        use crate::secret::ChallengeSession;

        let attrs = [Attribute::new("email", "ada@example.org")];
        let signed_up = r#"{"UserConfirmed":false,"UserSub":"sub-1","Session":"sign-up-session","CodeDeliveryDetails":{"DeliveryMedium":"EMAIL","Destination":"a***@e***","AttributeName":"email"}}"#;
        let (result, sent) = run_as(
            None,
            &[signed_up, r#"{"Session":"confirm-session"}"#, "{}"],
            async |c| {
                let up = c.sign_up("ada", None, &attrs).await?;
                let session = up.session.clone().unwrap();
                let confirmed = c.confirm_sign_up("ada", "123456", Some(&session)).await?;
                let plain = c.confirm_sign_up("bob", "654321", None).await?;
                Ok::<_, UserPoolError>((up, confirmed, plain))
            },
        );
        let (up, confirmed, plain) = result.unwrap();
        assert_eq!(up.session, Some(ChallengeSession::new("sign-up-session")));
        assert_eq!(confirmed, Some(ChallengeSession::new("confirm-session")));
        assert_eq!(plain, None, "a pool without USER_AUTH answers no session");
        // AWS API reference: SignUp's Password is optional; ConfirmSignUp takes
        // the SignUp answer's Session.
        assert_eq!(
            sent[0].1,
            json!({
                "ClientId": "clientid123",
                "Username": "ada",
                "UserAttributes": [{"Name": "email", "Value": "ada@example.org"}],
            })
        );
        assert_eq!(
            sent[1].1,
            json!({
                "ClientId": "clientid123",
                "Username": "ada",
                "ConfirmationCode": "123456",
                "Session": "sign-up-session",
            })
        );
        assert_eq!(
            sent[2].1,
            json!({"ClientId": "clientid123", "Username": "bob", "ConfirmationCode": "654321"})
        );
        assert!(!format!("{up:?}").contains("sign-up-session"));
    }
}
