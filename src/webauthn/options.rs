//! Options in: what Cognito asks the browser for, as the JSON forms of the
//! spec (`PublicKeyCredentialRequestOptionsJSON` for a sign-in,
//! `PublicKeyCredentialCreationOptionsJSON` for a new passkey), read into
//! typed values with every base64url member decoded to its bytes.
//!
//! A browser with `PublicKeyCredential.parseRequestOptionsFromJSON` (and
//! `parseCreationOptionsFromJSON`) is given [`RequestOptions::json`]
//! unchanged; the typed members are the fallback for one without, whose
//! `navigator.credentials` wants `ArrayBuffer`s where the JSON has text.
//! Either way the options are read here first, so broken ones are refused
//! before the browser shows its prompt.

use serde_json::Value;

use super::fields::Fields;
use super::{JsonProblem, WebAuthnError};

/// `PublicKeyCredentialDescriptorJSON`: a credential the authenticator may
/// use (`allowCredentials`) or must not register again (`excludeCredentials`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialDescriptor {
    /// `type`: `public-key`.
    pub kind: String,
    /// `id`: the credential id.
    pub id: Vec<u8>,
    /// `transports`: how the client may reach the authenticator (`internal`, `usb`, `hybrid`, …).
    pub transports: Vec<String>,
}

impl CredentialDescriptor {
    fn read(value: &Value, path: &str) -> Result<Self, JsonProblem> {
        let f = Fields::new(value, path)?;
        Ok(Self {
            kind: f.str("type")?.to_owned(),
            id: f.bytes("id")?,
            transports: f.strings("transports")?,
        })
    }
}

/// `PublicKeyCredentialRequestOptionsJSON`: Cognito's `CREDENTIAL_REQUEST_OPTIONS`
/// for a passkey sign-in (the `WEB_AUTHN` challenge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestOptions {
    json: String,
    /// `challenge`: the bytes the authenticator signs (with the origin).
    pub challenge: Vec<u8>,
    /// `timeout`, in milliseconds.
    pub timeout_ms: Option<u32>,
    /// `rpId`: the relying party (the pool's `WebAuthnRelyingPartyID`).
    pub rp_id: Option<String>,
    /// `allowCredentials`: the user's passkeys (empty: any discoverable one).
    pub allow_credentials: Vec<CredentialDescriptor>,
    /// `userVerification`: `required`, `preferred` or `discouraged`.
    pub user_verification: Option<String>,
}

impl RequestOptions {
    /// Reads the options from their JSON text, as `CREDENTIAL_REQUEST_OPTIONS` holds it.
    ///
    /// # Errors
    /// [`WebAuthnError::Options`] naming the first member that is missing,
    /// of the wrong type, or not base64url.
    pub fn parse(json: &str) -> Result<Self, WebAuthnError> {
        Self::read(json).map_err(WebAuthnError::Options)
    }

    fn read(json: &str) -> Result<Self, JsonProblem> {
        let document = super::parse_json(json)?;
        let f = Fields::new(&document, "")?;
        Ok(Self {
            challenge: f.bytes("challenge")?,
            timeout_ms: f.opt_u32("timeout")?,
            rp_id: f.opt_str("rpId")?.map(str::to_owned),
            allow_credentials: f.opt_list("allowCredentials", CredentialDescriptor::read)?,
            user_verification: f.opt_str("userVerification")?.map(str::to_owned),
            json: json.to_owned(),
        })
    }

    /// The JSON text as Cognito sent it, for `PublicKeyCredential.parseRequestOptionsFromJSON`.
    pub fn json(&self) -> &str {
        &self.json
    }
}

/// `PublicKeyCredentialRpEntity`: the site the passkey is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelyingParty {
    /// `id`: the RP ID (a registrable domain of the page's host); absent: the page's host.
    pub id: Option<String>,
    /// `name`: what the authenticator may show.
    pub name: String,
}

/// `PublicKeyCredentialUserEntityJSON`: the account the passkey signs in to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserEntity {
    /// `id`: the user handle (opaque bytes, returned as `userHandle` at sign-in).
    pub id: Vec<u8>,
    /// `name`: the account name shown to the user.
    pub name: String,
    /// `displayName`: a friendlier name.
    pub display_name: String,
}

/// `PublicKeyCredentialParameters`: a key type the relying party accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyParameter {
    /// `type`: `public-key` (browsers skip entries of other types).
    pub kind: String,
    /// `alg`: a COSE algorithm identifier (−7 ES256, −257 RS256, −8 EdDSA).
    pub alg: i64,
}

/// `AuthenticatorSelectionCriteria`: which authenticators may be used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthenticatorSelection {
    /// `authenticatorAttachment`: `platform` or `cross-platform`.
    pub authenticator_attachment: Option<String>,
    /// `residentKey`: `required`, `preferred` or `discouraged`.
    pub resident_key: Option<String>,
    /// `requireResidentKey` (Level 1's form of `residentKey`).
    pub require_resident_key: Option<bool>,
    /// `userVerification`: `required`, `preferred` or `discouraged`.
    pub user_verification: Option<String>,
}

impl AuthenticatorSelection {
    fn read(f: &Fields<'_>) -> Result<Self, JsonProblem> {
        Ok(Self {
            authenticator_attachment: f.opt_str("authenticatorAttachment")?.map(str::to_owned),
            resident_key: f.opt_str("residentKey")?.map(str::to_owned),
            require_resident_key: f.opt_bool("requireResidentKey")?,
            user_verification: f.opt_str("userVerification")?.map(str::to_owned),
        })
    }
}

/// `PublicKeyCredentialCreationOptionsJSON`: Cognito's `CredentialCreationOptions`
/// for a new passkey (`StartWebAuthnRegistration`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreationOptions {
    json: String,
    /// `rp`: the site.
    pub rp: RelyingParty,
    /// `user`: the account.
    pub user: UserEntity,
    /// `challenge`: the bytes the new credential's attestation covers.
    pub challenge: Vec<u8>,
    /// `pubKeyCredParams`: the key types accepted, most preferred first.
    pub key_parameters: Vec<KeyParameter>,
    /// `timeout`, in milliseconds.
    pub timeout_ms: Option<u32>,
    /// `excludeCredentials`: the user's existing passkeys.
    pub exclude_credentials: Vec<CredentialDescriptor>,
    /// `authenticatorSelection`.
    pub authenticator_selection: Option<AuthenticatorSelection>,
    /// `attestation`: `none`, `indirect`, `direct` or `enterprise`.
    pub attestation: Option<String>,
    /// `extensions`: the client extension inputs, as sent (e.g. `{"credProps": true}`).
    pub extensions: Option<Value>,
}

impl CreationOptions {
    /// Reads the options from their JSON text.
    ///
    /// # Errors
    /// [`WebAuthnError::Options`] naming the first member that is missing,
    /// of the wrong type, or not base64url.
    pub fn parse(json: &str) -> Result<Self, WebAuthnError> {
        super::parse_json(json)
            .and_then(|document| Self::read(&document, json.to_owned()))
            .map_err(WebAuthnError::Options)
    }

    fn read(document: &Value, json: String) -> Result<Self, JsonProblem> {
        let f = Fields::new(document, "")?;
        let rp = f.object("rp")?;
        let user = f.object("user")?;
        Ok(Self {
            rp: RelyingParty {
                id: rp.opt_str("id")?.map(str::to_owned),
                name: rp.str("name")?.to_owned(),
            },
            user: UserEntity {
                id: user.bytes("id")?,
                name: user.str("name")?.to_owned(),
                display_name: user.str("displayName")?.to_owned(),
            },
            challenge: f.bytes("challenge")?,
            key_parameters: f.list("pubKeyCredParams", |v, path| {
                let p = Fields::new(v, path)?;
                Ok(KeyParameter {
                    kind: p.str("type")?.to_owned(),
                    alg: p.i64("alg")?,
                })
            })?,
            timeout_ms: f.opt_u32("timeout")?,
            exclude_credentials: f.opt_list("excludeCredentials", CredentialDescriptor::read)?,
            authenticator_selection: f
                .opt_object("authenticatorSelection")?
                .map(|s| AuthenticatorSelection::read(&s))
                .transpose()?,
            attestation: f.opt_str("attestation")?.map(str::to_owned),
            extensions: f.opt_raw_object("extensions")?,
            json,
        })
    }

    /// The options as JSON text, for `PublicKeyCredential.parseCreationOptionsFromJSON`.
    pub fn json(&self) -> &str {
        &self.json
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::hex;
    use super::*;

    /// The authentication challenge and the credential id of the WebAuthn
    /// Level 3 spec's §16.2 ("ES256 Credential with No Attestation"), as a
    /// relying party would send them (base64url by Python's `base64`).
    const REQUEST: &str = r#"{"challenge":"OcDnUhQXulTUPo3JUXT0I97pvzzYBP9tZchXyav01Ag","timeout":180000,"rpId":"example.org","allowCredentials":[{"type":"public-key","id":"-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q","transports":["internal","hybrid"]}],"userVerification":"preferred"}"#;
    const SPEC_GET_CHALLENGE: &str =
        "39c0e7521417ba54d43e8dc95174f423dee9bf3cd804ff6d65c857c9abf4d408";
    const SPEC_CREATE_CHALLENGE: &str =
        "00c30fb78531c464d2b6771dab8d7b603c01162f2fa486bea70f283ae556e130";
    const SPEC_CREDENTIAL_ID: &str =
        "f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4";

    /// Creation options of the shape Cognito's `StartWebAuthnRegistration` answers
    /// (amplify-js `PasskeyCreateOptionsJson`), with the spec's registration challenge.
    const CREATION: &str = r#"{"rp":{"id":"example.org","name":"example.org"},"user":{"id":"YWRhLXVzZXItaWQ","name":"ada@example.org","displayName":"Ada"},"challenge":"AMMPt4UxxGTStncdq417YDwBFi8vpIa-pw8oOuVW4TA","pubKeyCredParams":[{"type":"public-key","alg":-7},{"type":"public-key","alg":-257}],"timeout":180000,"excludeCredentials":[{"type":"public-key","id":"-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q","transports":["internal"]}],"authenticatorSelection":{"requireResidentKey":true,"residentKey":"required","userVerification":"preferred"},"attestation":"none","extensions":{"credProps":true}}"#;

    fn problem(result: Result<impl std::fmt::Debug, WebAuthnError>) -> JsonProblem {
        match result.unwrap_err() {
            WebAuthnError::Options(p) => p,
            other => panic!("not an options error: {other:?}"),
        }
    }

    #[test]
    fn request_options_are_read_with_their_bytes_and_kept_as_sent() {
        let o = RequestOptions::parse(REQUEST).unwrap();
        assert_eq!(o.challenge, hex(SPEC_GET_CHALLENGE));
        assert_eq!(o.timeout_ms, Some(180_000));
        assert_eq!(o.rp_id.as_deref(), Some("example.org"));
        assert_eq!(
            o.allow_credentials,
            vec![CredentialDescriptor {
                kind: "public-key".into(),
                id: hex(SPEC_CREDENTIAL_ID),
                transports: vec!["internal".into(), "hybrid".into()],
            }]
        );
        assert_eq!(o.user_verification.as_deref(), Some("preferred"));
        assert_eq!(
            o.json(),
            REQUEST,
            "the browser's parser gets the text unchanged"
        );
    }

    #[test]
    fn only_the_challenge_is_required() {
        for minimal in [
            r#"{"challenge":"AA"}"#,
            r#"{"challenge":"AA","rpId":null,"allowCredentials":null,"timeout":null}"#,
            r#"{"challenge":"AA","allowCredentials":[],"hints":["client-device"],"extensions":{}}"#,
        ] {
            let o = RequestOptions::parse(minimal).unwrap();
            assert_eq!(o.challenge, [0]);
            assert_eq!(
                (o.timeout_ms, o.rp_id, o.user_verification),
                (None, None, None)
            );
            assert!(o.allow_credentials.is_empty());
        }
        let transports_optional = RequestOptions::parse(
            r#"{"challenge":"","allowCredentials":[{"type":"public-key","id":"AQ"}]}"#,
        )
        .unwrap();
        assert!(
            transports_optional.allow_credentials[0]
                .transports
                .is_empty()
        );
    }

    #[test]
    fn bad_request_options_name_the_member() {
        let missing = |f: &str| JsonProblem::Missing(f.into());
        let b64 = |f: &str| JsonProblem::NotBase64Url(f.into());
        let wrong = |f: &str, expected| JsonProblem::WrongType {
            field: f.into(),
            expected,
        };
        for (json, expected) in [
            ("{}", missing("challenge")),
            (r#"{"challenge":null}"#, missing("challenge")),
            (r#"{"challenge":"AA=="}"#, b64("challenge")),
            (r#"{"challenge":"+/8"}"#, b64("challenge")),
            (r#"{"challenge":"AA AA"}"#, b64("challenge")),
            (r#"{"challenge":[0]}"#, wrong("challenge", "a string")),
            (
                r#"{"challenge":"AA","timeout":"60000"}"#,
                wrong("timeout", "a whole number of milliseconds"),
            ),
            (
                r#"{"challenge":"AA","timeout":-1}"#,
                wrong("timeout", "a whole number of milliseconds"),
            ),
            (
                r#"{"challenge":"AA","timeout":1.5}"#,
                wrong("timeout", "a whole number of milliseconds"),
            ),
            (
                r#"{"challenge":"AA","timeout":4294967296}"#,
                wrong("timeout", "a whole number of milliseconds"),
            ),
            (r#"{"challenge":"AA","rpId":7}"#, wrong("rpId", "a string")),
            (
                r#"{"challenge":"AA","allowCredentials":{}}"#,
                wrong("allowCredentials", "a list"),
            ),
            (
                r#"{"challenge":"AA","allowCredentials":["AQ"]}"#,
                wrong("allowCredentials[0]", "an object"),
            ),
            (
                r#"{"challenge":"AA","allowCredentials":[{"type":"public-key","id":"AQ"},{"type":"public-key","id":"A/"}]}"#,
                b64("allowCredentials[1].id"),
            ),
            (
                r#"{"challenge":"AA","allowCredentials":[{"id":"AQ"}]}"#,
                missing("allowCredentials[0].type"),
            ),
            (
                r#"{"challenge":"AA","allowCredentials":[{"type":"public-key","id":"AQ","transports":[1]}]}"#,
                wrong("allowCredentials[0].transports[0]", "a string"),
            ),
            ("[]", wrong("the document", "an object")),
            (r#""challenge""#, wrong("the document", "an object")),
        ] {
            assert_eq!(problem(RequestOptions::parse(json)), expected, "{json}");
        }
        assert!(matches!(
            problem(RequestOptions::parse("")),
            JsonProblem::NotJson(_)
        ));
        assert!(matches!(
            problem(RequestOptions::parse(r#"{"challenge":"AA""#)),
            JsonProblem::NotJson(_)
        ));
    }

    #[test]
    fn creation_options_are_read_with_their_bytes() {
        let o = CreationOptions::parse(CREATION).unwrap();
        assert_eq!(
            o.rp,
            RelyingParty {
                id: Some("example.org".into()),
                name: "example.org".into()
            }
        );
        assert_eq!(
            o.user,
            UserEntity {
                id: b"ada-user-id".to_vec(),
                name: "ada@example.org".into(),
                display_name: "Ada".into()
            }
        );
        assert_eq!(o.challenge, hex(SPEC_CREATE_CHALLENGE));
        let algs: Vec<i64> = o.key_parameters.iter().map(|p| p.alg).collect();
        assert_eq!(algs, [-7, -257]);
        assert!(o.key_parameters.iter().all(|p| p.kind == "public-key"));
        assert_eq!(o.timeout_ms, Some(180_000));
        assert_eq!(o.exclude_credentials[0].id, hex(SPEC_CREDENTIAL_ID));
        assert_eq!(
            o.authenticator_selection,
            Some(AuthenticatorSelection {
                authenticator_attachment: None,
                resident_key: Some("required".into()),
                require_resident_key: Some(true),
                user_verification: Some("preferred".into()),
            })
        );
        assert_eq!(o.attestation.as_deref(), Some("none"));
        assert_eq!(o.extensions, Some(serde_json::json!({"credProps": true})));
        assert_eq!(o.json(), CREATION);

        // From Cognito's answer the options come as an object, not as text: the
        // app's reader reads the answer, and the member is written out again.
        let value: Value = serde_json::from_str(CREATION).unwrap();
        let member = crate::json::read::parse(CREATION).unwrap().to_string();
        let from_value = CreationOptions::parse(&member).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(from_value.json()).unwrap(),
            value
        );
        assert_eq!(
            CreationOptions {
                json: CREATION.into(),
                ..from_value
            },
            o
        );
    }

    #[test]
    fn the_smallest_creation_options() {
        let o = CreationOptions::parse(
            r#"{"rp":{"name":"Example"},"user":{"id":"AQ","name":"a","displayName":""},"challenge":"AA","pubKeyCredParams":[]}"#,
        )
        .unwrap();
        assert_eq!(o.rp.id, None);
        assert!(o.key_parameters.is_empty() && o.exclude_credentials.is_empty());
        assert_eq!(
            (o.authenticator_selection, o.attestation, o.extensions),
            (None, None, None)
        );
    }

    #[test]
    fn bad_creation_options_name_the_member() {
        let full: Value = serde_json::from_str(CREATION).unwrap();
        let with = |pointer: &str, value: Option<Value>| {
            let mut doc = full.clone();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let target = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
            match value {
                Some(v) => target.insert(key.to_owned(), v),
                None => target.remove(key),
            };
            problem(CreationOptions::parse(&doc.to_string()))
        };
        let missing = |f: &str| JsonProblem::Missing(f.into());
        assert_eq!(with("/challenge", None), missing("challenge"));
        assert_eq!(with("/rp", None), missing("rp"));
        assert_eq!(with("/rp/name", None), missing("rp.name"));
        assert_eq!(with("/user/id", None), missing("user.id"));
        assert_eq!(with("/user/displayName", None), missing("user.displayName"));
        assert_eq!(with("/pubKeyCredParams", None), missing("pubKeyCredParams"));
        assert_eq!(
            with("/user/id", Some("YWRh=".into())),
            JsonProblem::NotBase64Url("user.id".into())
        );
        assert_eq!(
            with(
                "/pubKeyCredParams",
                Some(serde_json::json!([{"type":"public-key","alg":"ES256"}]))
            ),
            JsonProblem::WrongType {
                field: "pubKeyCredParams[0].alg".into(),
                expected: "an integer"
            }
        );
        assert_eq!(
            with(
                "/authenticatorSelection/requireResidentKey",
                Some("yes".into())
            ),
            JsonProblem::WrongType {
                field: "authenticatorSelection.requireResidentKey".into(),
                expected: "true or false"
            }
        );
        assert_eq!(
            with(
                "/excludeCredentials",
                Some(serde_json::json!([{"type":"public-key","id":"a+b"}]))
            ),
            JsonProblem::NotBase64Url("excludeCredentials[0].id".into())
        );
        assert_eq!(
            with("/extensions", Some("credProps".into())),
            JsonProblem::WrongType {
                field: "extensions".into(),
                expected: "an object"
            }
        );
        assert_eq!(
            with("/rp", Some("example.org".into())),
            JsonProblem::WrongType {
                field: "rp".into(),
                expected: "an object"
            }
        );
    }

    #[test]
    fn the_sentence_names_the_problem() {
        let e = RequestOptions::parse("{}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "The sign-in service sent passkey options this app cannot use (no challenge)."
        );
        assert_eq!(e.problem(), &JsonProblem::Missing("challenge".into()));
    }
}
