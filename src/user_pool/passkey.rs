//! The signed-in user's passkeys, each call authorized by the access token:
//! adding one (`StartWebAuthnRegistration`, the browser's
//! `navigator.credentials.create`, `CompleteWebAuthnRegistration`), listing
//! them (`ListWebAuthnCredentials`, by pages) and removing one
//! (`DeleteWebAuthnCredential`). The JSON the browser takes and gives is in
//! [`crate::webauthn`].

use crate::json::Value;

use super::{UserPoolClient, UserPoolError, token_body};
use crate::http::HttpClient;
use crate::json;
use crate::secret::AccessToken;
use crate::service::WrapsServiceFailure;
use crate::text_id::text_id;
use crate::webauthn::{CreationOptions, RegistrationJson};

text_id! {
    /// A passkey's credential id as Cognito lists it (`CredentialId`: the
    /// base64url of the credential's raw id).
    pub struct PasskeyId;
}

/// One of the user's passkeys (`WebAuthnCredentialDescription`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passkey {
    /// `CredentialId`: what [`UserPoolClient::delete_passkey`] takes.
    pub id: PasskeyId,
    /// `FriendlyCredentialName`: a name Cognito gave it (the authenticator's, often).
    pub name: String,
    /// `RelyingPartyId`: the site it signs in to.
    pub relying_party_id: String,
    /// `AuthenticatorAttachment`: `platform` (this device) or `cross-platform`
    /// (a security key, a phone); absent when the browser did not say.
    pub attachment: Option<String>,
    /// `AuthenticatorTransports`: `internal`, `hybrid`, `usb`, `nfc`, `ble`.
    pub transports: Vec<String>,
    /// `CreatedAt`: seconds since the epoch.
    pub created_at: Option<i64>,
}

impl Passkey {
    /// An item of `Credentials`; one without `CredentialId` is left out.
    fn from_json(v: &Value) -> Option<Self> {
        let text = |key| json::str_field(v, key).unwrap_or_default().to_owned();
        Some(Self {
            id: PasskeyId::new(json::str_field(v, "CredentialId")?),
            name: text("FriendlyCredentialName"),
            relying_party_id: text("RelyingPartyId"),
            attachment: json::str_field(v, "AuthenticatorAttachment").map(str::to_owned),
            transports: v
                .get("AuthenticatorTransports")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            created_at: v.get("CreatedAt").and_then(Value::as_seconds),
        })
    }
}

/// One page of `ListWebAuthnCredentials`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasskeyPage {
    /// The passkeys of this page.
    pub passkeys: Vec<Passkey>,
    /// `NextToken`: where the next page starts; `None` on the last page.
    pub next_token: Option<String>,
}

/// The most passkeys `ListWebAuthnCredentials` gives per page.
pub const MAX_PAGE: u32 = 20;

impl<H: HttpClient> UserPoolClient<H> {
    /// `StartWebAuthnRegistration`: the options for the browser's
    /// `navigator.credentials.create` (`CredentialCreationOptions`), read.
    ///
    /// # Errors
    /// [`UserPoolError::PasskeysNotEnabled`], [`UserPoolError::InvalidConfiguration`]
    /// (no relying party configured), [`UserPoolError::SessionExpired`], …; a
    /// malformed answer when the options are not ones a browser can take.
    pub async fn start_passkey_registration(
        &self,
        access_token: &AccessToken,
    ) -> Result<CreationOptions, UserPoolError> {
        const NAME: &str = "CredentialCreationOptions";
        let answer = self
            .call("StartWebAuthnRegistration", token_body(access_token))
            .await?;
        let options = answer
            .get(NAME)
            .filter(|v| !v.is_null())
            .ok_or_else(|| UserPoolError::malformed(json::missing(NAME)))?;
        CreationOptions::parse(&options.to_string())
            .map_err(|e| UserPoolError::malformed(format!("{NAME}: {}", e.problem())))
    }

    /// `CompleteWebAuthnRegistration`: the browser's new credential
    /// (`RegistrationResponseJSON`, sent as a JSON object).
    ///
    /// # Errors
    /// [`UserPoolError::PasskeyRequestExpired`], [`UserPoolError::PasskeyOfAnotherSite`],
    /// [`UserPoolError::PasskeyOriginNotAllowed`], [`UserPoolError::PasskeyNotSupported`], …
    pub async fn complete_passkey_registration(
        &self,
        access_token: &AccessToken,
        credential: &RegistrationJson,
    ) -> Result<(), UserPoolError> {
        let body = token_body(access_token).raw("Credential", credential.expose());
        self.call_for_effect("CompleteWebAuthnRegistration", body)
            .await
    }

    /// `ListWebAuthnCredentials`: one page of the user's passkeys, up to
    /// `max_results` of them (at most [`MAX_PAGE`]; `None`: Cognito's default),
    /// starting at `next_token` (that of the page before; `None`: the first page).
    ///
    /// # Errors
    /// [`UserPoolError::SessionExpired`], …; a malformed answer without `Credentials`.
    pub async fn list_passkeys(
        &self,
        access_token: &AccessToken,
        max_results: Option<u32>,
        next_token: Option<&str>,
    ) -> Result<PasskeyPage, UserPoolError> {
        let mut body = token_body(access_token);
        if let Some(max) = max_results {
            body = body.num("MaxResults", u64::from(max.min(MAX_PAGE)));
        }
        let body = body.opt_str("NextToken", next_token);
        let answer = self.call("ListWebAuthnCredentials", body).await?;
        let listed = answer
            .get("Credentials")
            .and_then(Value::as_array)
            .ok_or_else(|| UserPoolError::malformed("no Credentials"))?;
        Ok(PasskeyPage {
            passkeys: listed.iter().filter_map(Passkey::from_json).collect(),
            next_token: json::str_field(&answer, "NextToken")
                .filter(|t| !t.is_empty())
                .map(str::to_owned),
        })
    }

    /// `DeleteWebAuthnCredential`: the passkey no longer signs in (the
    /// authenticator keeps it until the user removes it there).
    ///
    /// # Errors
    /// [`UserPoolError::PasskeyNotFound`] for a passkey removed already (from
    /// another device, say), [`UserPoolError::SessionExpired`], …
    pub async fn delete_passkey(
        &self,
        access_token: &AccessToken,
        id: &PasskeyId,
    ) -> Result<(), UserPoolError> {
        let body = token_body(access_token).str("CredentialId", id.as_str());
        match self.call_for_effect("DeleteWebAuthnCredential", body).await {
            // Here the missing resource is the passkey, not the pool or client.
            Err(UserPoolError::ResourceNotFound(_)) => Err(UserPoolError::PasskeyNotFound),
            other => other,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use serde_json::Value;
    use serde_json::json;

    use super::super::canned::{client, run};
    use super::*;
    use crate::webauthn::{AttestationParts, JsonProblem};

    const CREATION: &str = r#"{"rp":{"id":"example.org","name":"example.org"},"user":{"id":"YWRhLXVzZXItaWQ","name":"ada","displayName":"ada"},"challenge":"AMMPt4UxxGTStncdq417YDwBFi8vpIa-pw8oOuVW4TA","pubKeyCredParams":[{"type":"public-key","alg":-7},{"type":"public-key","alg":-257}],"timeout":180000,"excludeCredentials":[],"authenticatorSelection":{"requireResidentKey":true,"residentKey":"required","userVerification":"preferred"}}"#;

    fn token() -> AccessToken {
        AccessToken::new("acc")
    }

    #[test]
    fn starting_a_registration_reads_the_creation_options() {
        let answer = format!(r#"{{"CredentialCreationOptions":{CREATION}}}"#);
        let (options, sent) = run(&[&answer], async |c| {
            c.start_passkey_registration(&token()).await
        });
        let options = options.unwrap();
        assert_eq!(
            sent[0].0,
            "AWSCognitoIdentityProviderService.StartWebAuthnRegistration"
        );
        // AWS API reference: StartWebAuthnRegistration takes only AccessToken.
        assert_eq!(sent[0].1, json!({"AccessToken": "acc"}));
        assert_eq!(options.rp.id.as_deref(), Some("example.org"));
        assert_eq!(options.user.id, b"ada-user-id");
        assert_eq!(
            serde_json::from_str::<Value>(options.json()).unwrap(),
            serde_json::from_str::<Value>(CREATION).unwrap()
        );
    }

    #[test]
    fn creation_options_that_cannot_be_used_are_a_malformed_answer() {
        let (none, _) = run(&["{}"], async |c| {
            c.start_passkey_registration(&token()).await
        });
        assert_eq!(
            none.unwrap_err(),
            UserPoolError::malformed("no CredentialCreationOptions")
        );
        let bad = CREATION.replace("YWRhLXVzZXItaWQ", "YWRh+XVzZXItaWQ=");
        let answer = format!(r#"{{"CredentialCreationOptions":{bad}}}"#);
        let (bad, _) = run(&[&answer], async |c| {
            c.start_passkey_registration(&token()).await
        });
        assert_eq!(
            bad.unwrap_err(),
            UserPoolError::malformed(format!(
                "CredentialCreationOptions: {}",
                JsonProblem::NotBase64Url("user.id".into())
            ))
        );
        let off = client(
            400,
            r#"{"__type":"WebAuthnNotEnabledException","message":"WebAuthn is not enabled"}"#,
            None,
        );
        assert_eq!(
            pollster::block_on(off.start_passkey_registration(&token())).unwrap_err(),
            UserPoolError::PasskeysNotEnabled
        );
    }

    #[test]
    fn the_new_credential_goes_as_a_json_object() {
        let credential = RegistrationJson::from_parts(&AttestationParts {
            raw_id: vec![1, 2, 3],
            client_data_json: b"{}".to_vec(),
            attestation_object: vec![0xa3],
            transports: vec!["internal".into()],
            public_key_algorithm: Some(-7),
            ..AttestationParts::default()
        });
        let (done, sent) = run(&["{}"], async |c| {
            c.complete_passkey_registration(&token(), &credential).await
        });
        done.unwrap();
        assert_eq!(
            sent[0].0,
            "AWSCognitoIdentityProviderService.CompleteWebAuthnRegistration"
        );
        // AWS API reference: {"AccessToken": "string", "Credential": JSON value}
        // (a RegistrationResponseJSON object, not a string).
        assert_eq!(
            sent[0].1,
            json!({
                "AccessToken": "acc",
                "Credential": {
                    "id": "AQID", "rawId": "AQID", "type": "public-key",
                    "response": {
                        "clientDataJSON": "e30", "attestationObject": "ow",
                        "transports": ["internal"], "publicKeyAlgorithm": -7,
                    },
                    "clientExtensionResults": {},
                },
            })
        );
    }

    #[test]
    fn passkeys_are_listed_by_pages() {
        // As AWS documents the answer: CreatedAt in epoch seconds.
        let page = r#"{"Credentials":[{"CredentialId":"-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q","FriendlyCredentialName":"Chrome on Linux","RelyingPartyId":"example.org","AuthenticatorAttachment":"platform","AuthenticatorTransports":["internal","hybrid"],"CreatedAt":1.7000001E9},{"FriendlyCredentialName":"no id"},{"CredentialId":"AQ","FriendlyCredentialName":"Key","RelyingPartyId":"example.org","AuthenticatorTransports":[],"CreatedAt":1700000000}],"NextToken":"page-2"}"#;
        let (listed, sent) = run(&[page, r#"{"Credentials":[]}"#], async |c| {
            let first = c.list_passkeys(&token(), Some(50), None).await?;
            let next = c
                .list_passkeys(&token(), None, first.next_token.as_deref())
                .await?;
            Ok::<_, UserPoolError>((first, next))
        });
        let (first, next) = listed.unwrap();
        assert_eq!(
            sent[0].0,
            "AWSCognitoIdentityProviderService.ListWebAuthnCredentials"
        );
        // MaxResults is 0 to 20 in AWS's model.
        assert_eq!(sent[0].1, json!({"AccessToken": "acc", "MaxResults": 20}));
        assert_eq!(
            sent[1].1,
            json!({"AccessToken": "acc", "NextToken": "page-2"})
        );
        assert_eq!(
            first.passkeys,
            vec![
                Passkey {
                    id: PasskeyId::new("-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q"),
                    name: "Chrome on Linux".into(),
                    relying_party_id: "example.org".into(),
                    attachment: Some("platform".into()),
                    transports: vec!["internal".into(), "hybrid".into()],
                    created_at: Some(1_700_000_100),
                },
                Passkey {
                    id: PasskeyId::new("AQ"),
                    name: "Key".into(),
                    relying_party_id: "example.org".into(),
                    attachment: None,
                    transports: vec![],
                    created_at: Some(1_700_000_000),
                },
            ]
        );
        assert_eq!(first.next_token.as_deref(), Some("page-2"));
        assert_eq!(next, PasskeyPage::default());

        let (malformed, _) = run(&["{}"], async |c| {
            c.list_passkeys(&token(), None, None).await
        });
        assert_eq!(
            malformed.unwrap_err(),
            UserPoolError::malformed("no Credentials")
        );
    }

    #[test]
    fn a_passkey_is_removed_by_its_id() {
        let id = PasskeyId::new("-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q");
        let (done, sent) = run(&["{}"], async |c| c.delete_passkey(&token(), &id).await);
        done.unwrap();
        assert_eq!(
            sent[0].0,
            "AWSCognitoIdentityProviderService.DeleteWebAuthnCredential"
        );
        assert_eq!(
            sent[0].1,
            json!({"AccessToken": "acc", "CredentialId": "-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q"})
        );
        let gone = client(
            400,
            r#"{"__type":"ResourceNotFoundException","message":"Credential not found"}"#,
            None,
        );
        assert_eq!(
            pollster::block_on(gone.delete_passkey(&token(), &id)).unwrap_err(),
            UserPoolError::PasskeyNotFound
        );
    }
}
