//! What a signed-in user does with the access token: read and change their
//! attributes and password, sign out everywhere, revoke a refresh token, and
//! set up an authenticator app (TOTP).

use super::{Attribute, User, UserPoolClient, UserPoolError, token_body};
use crate::http::HttpClient;
use crate::json::{self, JsonObject};
use crate::secret::{AccessToken, ClientSecret, Password, RefreshToken, TotpSecret};
use crate::service::WrapsServiceFailure;

impl<H: HttpClient> UserPoolClient<H> {
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
        let body = token_body(access_token)
            .str("PreviousPassword", old.expose())
            .str("ProposedPassword", new.expose());
        self.call_for_effect("ChangePassword", body).await
    }

    /// The signed-in user and their attributes.
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn get_user(&self, access_token: &AccessToken) -> Result<User, UserPoolError> {
        let answer = self.call("GetUser", token_body(access_token)).await?;
        User::from_json(&answer)
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
        let body = token_body(access_token).array("UserAttributes", Attribute::to_json(attributes));
        self.call_for_effect("UpdateUserAttributes", body).await
    }

    /// Signs the user out of every device (invalidates all refresh tokens).
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn global_sign_out(&self, access_token: &AccessToken) -> Result<(), UserPoolError> {
        self.call_for_effect("GlobalSignOut", token_body(access_token))
            .await
    }

    /// Revokes a refresh token (and the tokens issued from it).
    ///
    /// # Errors
    /// [`UserPoolError::InvalidConfiguration`] when revocation is off for the client, …
    pub async fn revoke_token(&self, refresh_token: &RefreshToken) -> Result<(), UserPoolError> {
        let body = JsonObject::new()
            .str("Token", refresh_token.expose())
            .str("ClientId", &self.config.client_id)
            .opt_str(
                "ClientSecret",
                self.config.client_secret.as_ref().map(ClientSecret::expose),
            );
        self.call_for_effect("RevokeToken", body).await
    }

    /// Starts TOTP set-up: returns the shared secret (base32) for the authenticator app.
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …
    pub async fn associate_software_token(
        &self,
        access_token: &AccessToken,
    ) -> Result<TotpSecret, UserPoolError> {
        let answer = self
            .call("AssociateSoftwareToken", token_body(access_token))
            .await?;
        json::required_str(&answer, "SecretCode")
            .map(TotpSecret::new)
            .map_err(UserPoolError::malformed)
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
        let body = token_body(access_token)
            .str("UserCode", code)
            .str("FriendlyDeviceName", device_name);
        let answer = self.call("VerifySoftwareToken", body).await?;
        match json::str_field(&answer, "Status") {
            None | Some("SUCCESS") => Ok(()),
            Some(_) => Err(UserPoolError::CodeMismatch),
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
        let setting = JsonObject::new()
            .bool("Enabled", enabled)
            .bool("PreferredMfa", enabled);
        let body = token_body(access_token).object("SoftwareTokenMfaSettings", setting);
        self.call_for_effect("SetUserMFAPreference", body).await
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::canned::{body, client, target};
    use super::*;

    #[test]
    fn token_operations_send_the_access_token() {
        let c = client(
            200,
            r#"{"SecretCode":"JBSWY3DPEHPK3PXP","Status":"SUCCESS"}"#,
            None,
        );
        let t = AccessToken::new("acc");
        let key = pollster::block_on(c.associate_software_token(&t)).unwrap();
        assert_eq!(key.expose(), "JBSWY3DPEHPK3PXP");
        pollster::block_on(c.verify_software_token(&t, "123456", "Phone")).unwrap();
        pollster::block_on(c.set_totp_preference(&t, false)).unwrap();
        pollster::block_on(c.update_user_attributes(&t, &[Attribute::new("name", "Ada")])).unwrap();
        pollster::block_on(c.revoke_token(&RefreshToken::new("ref"))).unwrap();
        assert_eq!(body(&c, 0)["AccessToken"], "acc");
        assert_eq!(body(&c, 1)["UserCode"], "123456");
        assert_eq!(body(&c, 1)["FriendlyDeviceName"], "Phone");
        let b = body(&c, 2);
        assert_eq!(b["SoftwareTokenMfaSettings"]["Enabled"], false);
        assert_eq!(b["SoftwareTokenMfaSettings"]["PreferredMfa"], false);
        assert_eq!(
            target(&c, 2),
            "AWSCognitoIdentityProviderService.SetUserMFAPreference"
        );
        assert_eq!(body(&c, 3)["UserAttributes"][0]["Value"], "Ada");
        let b = body(&c, 4);
        assert_eq!(b["Token"], "ref");
        assert_eq!(b["ClientId"], "clientid123");
        assert!(b.get("ClientSecret").is_none());
    }

    #[test]
    fn a_verification_that_is_not_success_is_a_wrong_code() {
        let c = client(200, r#"{"Status":"ERROR"}"#, None);
        let err = pollster::block_on(c.verify_software_token(&AccessToken::new("a"), "1", "d"));
        assert_eq!(err.unwrap_err(), UserPoolError::CodeMismatch);
    }

    #[test]
    fn a_key_missing_from_the_answer_is_malformed() {
        let c = client(200, "{}", None);
        let err = pollster::block_on(c.associate_software_token(&AccessToken::new("a")));
        assert_eq!(err.unwrap_err(), UserPoolError::malformed("no SecretCode"));
    }
}
