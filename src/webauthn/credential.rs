//! Credentials out: what the browser's authenticator made, as the JSON Cognito
//! takes (`RegistrationResponseJSON` for `CompleteWebAuthnRegistration`,
//! `AuthenticationResponseJSON` as the `CREDENTIAL` of a `WEB_AUTHN` answer).
//!
//! A browser with `credential.toJSON()` gives that JSON itself: it is checked
//! here ([`RegistrationJson::from_browser`], [`AssertionJson::from_browser`])
//! and sent unchanged. For one without, the glue reads the credential's
//! `ArrayBuffer`s and this module writes the JSON from the bytes
//! ([`RegistrationJson::from_parts`], [`AssertionJson::from_parts`]), every
//! buffer as unpadded base64url and `clientExtensionResults` empty.
//!
//! Both are secrets until used: an assertion signs Cognito's challenge and
//! signs the user in if replayed within the challenge's few minutes, so the
//! types here print nothing of their content.

use std::fmt;

use serde_json::{Map, Value, json};

use super::fields::Fields;
use super::{JsonProblem, WebAuthnError, base64url};

/// The bytes of a new credential: a `PublicKeyCredential` whose `response` is an
/// `AuthenticatorAttestationResponse`. `Debug` shows none of them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AttestationParts {
    /// `rawId`: the credential id (its base64url is the credential's `id`).
    pub raw_id: Vec<u8>,
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.attestationObject`.
    pub attestation_object: Vec<u8>,
    /// `response.getTransports()`.
    pub transports: Vec<String>,
    /// `response.getPublicKey()` (SubjectPublicKeyInfo), when the browser knows the algorithm.
    pub public_key: Option<Vec<u8>>,
    /// `response.getPublicKeyAlgorithm()`: the COSE algorithm.
    pub public_key_algorithm: Option<i64>,
    /// `response.getAuthenticatorData()`.
    pub authenticator_data: Option<Vec<u8>>,
    /// `authenticatorAttachment`: `platform` or `cross-platform`.
    pub authenticator_attachment: Option<String>,
}

/// The bytes of a sign-in: a `PublicKeyCredential` whose `response` is an
/// `AuthenticatorAssertionResponse`. `Debug` shows none of them.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AssertionParts {
    /// `rawId`: the credential id.
    pub raw_id: Vec<u8>,
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.authenticatorData`.
    pub authenticator_data: Vec<u8>,
    /// `response.signature`.
    pub signature: Vec<u8>,
    /// `response.userHandle`: the account's user handle (absent or empty from some authenticators).
    pub user_handle: Option<Vec<u8>>,
    /// `authenticatorAttachment`: `platform` or `cross-platform`.
    pub authenticator_attachment: Option<String>,
}

/// `RegistrationResponseJSON` as text: the new passkey for
/// `CompleteWebAuthnRegistration`. `Debug` shows none of it.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistrationJson(String);

/// `AuthenticationResponseJSON` as text: the passkey's answer to a `WEB_AUTHN`
/// challenge (its `CREDENTIAL`). `Debug` shows none of it.
#[derive(Clone, PartialEq, Eq)]
pub struct AssertionJson(String);

impl RegistrationJson {
    /// Writes the JSON from the credential's bytes (for a browser without `toJSON()`).
    pub fn from_parts(parts: &AttestationParts) -> Self {
        let mut response = Map::new();
        response.insert("clientDataJSON".into(), b64(&parts.client_data_json));
        response.insert("attestationObject".into(), b64(&parts.attestation_object));
        response.insert("transports".into(), json!(parts.transports));
        if let Some(data) = &parts.authenticator_data {
            response.insert("authenticatorData".into(), b64(data));
        }
        if let Some(key) = &parts.public_key {
            response.insert("publicKey".into(), b64(key));
        }
        if let Some(alg) = parts.public_key_algorithm {
            response.insert("publicKeyAlgorithm".into(), json!(alg));
        }
        let credential = envelope(
            &parts.raw_id,
            response,
            parts.authenticator_attachment.as_deref(),
        );
        Self(credential.to_string())
    }

    /// Checks the JSON a browser's `credential.toJSON()` gave (written out with
    /// `JSON.stringify`), and keeps it unchanged.
    ///
    /// # Errors
    /// [`WebAuthnError::Credential`] when it is not a public-key credential
    /// with a registration's response (`clientDataJSON`, `attestationObject`).
    pub fn from_browser(json: &str) -> Result<Self, WebAuthnError> {
        check(json, |response| {
            response.bytes("clientDataJSON")?;
            response.bytes("attestationObject")?;
            response.opt_bytes("authenticatorData")?;
            response.opt_bytes("publicKey")?;
            response.strings("transports")?;
            Ok(())
        })
        .map(|()| Self(json.to_owned()))
    }

    /// The JSON text; call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl AssertionJson {
    /// Writes the JSON from the credential's bytes (for a browser without `toJSON()`).
    pub fn from_parts(parts: &AssertionParts) -> Self {
        let mut response = Map::new();
        response.insert("clientDataJSON".into(), b64(&parts.client_data_json));
        response.insert("authenticatorData".into(), b64(&parts.authenticator_data));
        response.insert("signature".into(), b64(&parts.signature));
        // An empty user handle is the authenticator not returning one (spec: null).
        if let Some(handle) = parts.user_handle.as_ref().filter(|h| !h.is_empty()) {
            response.insert("userHandle".into(), b64(handle));
        }
        let credential = envelope(
            &parts.raw_id,
            response,
            parts.authenticator_attachment.as_deref(),
        );
        Self(credential.to_string())
    }

    /// Checks the JSON a browser's `credential.toJSON()` gave, and keeps it unchanged.
    ///
    /// # Errors
    /// [`WebAuthnError::Credential`] when it is not a public-key credential
    /// with an assertion's response (`clientDataJSON`, `authenticatorData`, `signature`).
    pub fn from_browser(json: &str) -> Result<Self, WebAuthnError> {
        check(json, |response| {
            response.bytes("clientDataJSON")?;
            response.bytes("authenticatorData")?;
            response.bytes("signature")?;
            response.opt_bytes("userHandle")?;
            Ok(())
        })
        .map(|()| Self(json.to_owned()))
    }

    /// The JSON text; call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// `{id, rawId, type, response, authenticatorAttachment?, clientExtensionResults}`.
fn envelope(raw_id: &[u8], response: Map<String, Value>, attachment: Option<&str>) -> Value {
    let id = base64url::encode(raw_id);
    let mut credential = Map::new();
    credential.insert("id".into(), Value::String(id.clone()));
    credential.insert("rawId".into(), Value::String(id));
    credential.insert("type".into(), json!("public-key"));
    credential.insert("response".into(), Value::Object(response));
    if let Some(attachment) = attachment {
        credential.insert("authenticatorAttachment".into(), json!(attachment));
    }
    credential.insert("clientExtensionResults".into(), json!({}));
    Value::Object(credential)
}

fn b64(bytes: &[u8]) -> Value {
    Value::String(base64url::encode(bytes))
}

/// The envelope every credential JSON shares, then its `response` by `response_ok`.
fn check(
    json: &str,
    response_ok: impl Fn(&Fields<'_>) -> Result<(), JsonProblem>,
) -> Result<(), WebAuthnError> {
    let read = || {
        let document = super::parse_json(json)?;
        let f = Fields::new(&document, "")?;
        if f.str("type")? != "public-key" {
            return Err(JsonProblem::WrongType {
                field: "type".into(),
                expected: "\"public-key\"",
            });
        }
        let raw_id = f.bytes("rawId")?;
        if base64url::decode(f.str("id")?) != Some(raw_id) {
            return Err(JsonProblem::WrongType {
                field: "id".into(),
                expected: "rawId",
            });
        }
        f.opt_str("authenticatorAttachment")?;
        f.opt_object("clientExtensionResults")?;
        response_ok(&f.object("response")?)
    };
    read().map_err(WebAuthnError::Credential)
}

macro_rules! redacted_debug {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    )*};
}

redacted_debug!(
    AttestationParts,
    AssertionParts,
    RegistrationJson,
    AssertionJson
);

#[cfg(test)]
mod tests {
    use super::super::tests::hex;
    use super::*;

    // WebAuthn Level 3 §16.2, "ES256 Credential with No Attestation" (hex as
    // the spec gives it); the expected base64url was computed with Python's
    // `base64.urlsafe_b64encode(...).rstrip(b"=")`.
    const CREDENTIAL_ID: &str = "f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4";
    const CREDENTIAL_ID_B64: &str = "-R85HbTJsv3g6nAYnLo_tj9Xm6YSKzOtlP8-wzAIS-Q";
    const GET_AUTH_DATA: &str =
        "bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b51900000000";
    const GET_AUTH_DATA_B64: &str = "v6vDdDKViwYzYNOtZGHJxHNa5_jt1GWSpeDwFFKy5LUZAAAAAA";
    const GET_CLIENT_DATA: &str = "7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a224f63446e55685158756c5455506f334a5558543049393770767a7a59425039745a63685879617630314167222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73657d";
    const GET_CLIENT_DATA_B64: &str = "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiT2NEblVoUVh1bFRVUG8zSlVYVDBJOTdwdnp6WUJQOXRaY2hYeWF2MDFBZyIsIm9yaWdpbiI6Imh0dHBzOi8vZXhhbXBsZS5vcmciLCJjcm9zc09yaWdpbiI6ZmFsc2V9";
    const SIGNATURE: &str = "3046022100f50a4e2e4409249c4a853ba361282f09841df4dd4547a13a87780218deffcd380221008480ac0f0b93538174f575bf11a1dd5d78c6e486013f937295ea13653e331e87";
    const SIGNATURE_B64: &str = "MEYCIQD1Ck4uRAkknEqFO6NhKC8JhB303UVHoTqHeAIY3v_NOAIhAISArA8Lk1OBdPV1vxGh3V14xuSGAT-TcpXqE2U-Mx6H";
    const CREATE_CLIENT_DATA: &str = "7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a22414d4d507434557878475453746e63647134313759447742466938767049612d7077386f4f755657345441222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a20426b5165446a646354427258426941774a544c453551227d";
    const CREATE_CLIENT_DATA_B64: &str = "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiQU1NUHQ0VXh4R1RTdG5jZHE0MTdZRHdCRmk4dnBJYS1wdzhvT3VWVzRUQSIsIm9yaWdpbiI6Imh0dHBzOi8vZXhhbXBsZS5vcmciLCJjcm9zc09yaWdpbiI6ZmFsc2UsImV4dHJhRGF0YSI6ImNsaWVudERhdGFKU09OIG1heSBiZSBleHRlbmRlZCB3aXRoIGFkZGl0aW9uYWwgZmllbGRzIGluIHRoZSBmdXR1cmUsIHN1Y2ggYXMgdGhpczogQmtRZURqZGNUQnJYQmlBd0pUTEU1USJ9";
    const ATTESTATION: &str = "a363666d74646e6f6e656761747453746d74a068617574684461746158a4bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b559000000008446ccb9ab1db374750b2367ff6f3a1f0020f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4a5010203262001215820afefa16f97ca9b2d23eb86ccb64098d20db90856062eb249c33a9b672f26df61225820930a56b87a2fca66334b03458abf879717c12cc68ed73290af2e2664796b9220";
    const ATTESTATION_B64: &str = "o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVikv6vDdDKViwYzYNOtZGHJxHNa5_jt1GWSpeDwFFKy5LVZAAAAAIRGzLmrHbN0dQsjZ_9vOh8AIPkfOR20ybL94OpwGJy6P7Y_V5umEiszrZT_PsMwCEvkpQECAyYgASFYIK_voW-XypstI-uGzLZAmNINuQhWBi6yScM6m2cvJt9hIlggkwpWuHovymYzSwNFir-HlxfBLMaO1zKQry4mZHlrkiA";

    fn assertion() -> AssertionParts {
        AssertionParts {
            raw_id: hex(CREDENTIAL_ID),
            client_data_json: hex(GET_CLIENT_DATA),
            authenticator_data: hex(GET_AUTH_DATA),
            signature: hex(SIGNATURE),
            user_handle: Some(b"ada-user-id".to_vec()),
            authenticator_attachment: Some("platform".into()),
        }
    }

    fn attestation() -> AttestationParts {
        AttestationParts {
            raw_id: hex(CREDENTIAL_ID),
            client_data_json: hex(CREATE_CLIENT_DATA),
            attestation_object: hex(ATTESTATION),
            transports: vec!["hybrid".into(), "internal".into()],
            public_key: Some(vec![0x30, 0x59]),
            public_key_algorithm: Some(-7),
            authenticator_data: Some(hex(GET_AUTH_DATA)),
            authenticator_attachment: Some("platform".into()),
        }
    }

    fn json(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn an_assertion_is_authentication_response_json() {
        let sent = AssertionJson::from_parts(&assertion());
        assert_eq!(
            json(sent.expose()),
            json!({
                "id": CREDENTIAL_ID_B64,
                "rawId": CREDENTIAL_ID_B64,
                "type": "public-key",
                "response": {
                    "clientDataJSON": GET_CLIENT_DATA_B64,
                    "authenticatorData": GET_AUTH_DATA_B64,
                    "signature": SIGNATURE_B64,
                    "userHandle": "YWRhLXVzZXItaWQ",
                },
                "authenticatorAttachment": "platform",
                "clientExtensionResults": {},
            })
        );
        // What it writes, it accepts back.
        assert_eq!(AssertionJson::from_browser(sent.expose()).unwrap(), sent);
    }

    #[test]
    fn optional_assertion_members_are_left_out() {
        for handle in [None, Some(Vec::new())] {
            let parts = AssertionParts {
                user_handle: handle,
                authenticator_attachment: None,
                ..assertion()
            };
            let v = json(AssertionJson::from_parts(&parts).expose());
            assert!(v["response"].get("userHandle").is_none(), "{v}");
            assert!(v.get("authenticatorAttachment").is_none(), "{v}");
            assert_eq!(v["clientExtensionResults"], json!({}));
        }
    }

    #[test]
    fn a_registration_is_registration_response_json() {
        let sent = RegistrationJson::from_parts(&attestation());
        assert_eq!(
            json(sent.expose()),
            json!({
                "id": CREDENTIAL_ID_B64,
                "rawId": CREDENTIAL_ID_B64,
                "type": "public-key",
                "response": {
                    "clientDataJSON": CREATE_CLIENT_DATA_B64,
                    "attestationObject": ATTESTATION_B64,
                    "transports": ["hybrid", "internal"],
                    "publicKey": "MFk",
                    "publicKeyAlgorithm": -7,
                    "authenticatorData": GET_AUTH_DATA_B64,
                },
                "authenticatorAttachment": "platform",
                "clientExtensionResults": {},
            })
        );
        assert_eq!(RegistrationJson::from_browser(sent.expose()).unwrap(), sent);
        // A browser without getPublicKey() & co.: those members are left out,
        // transports stays (required, possibly empty).
        let bare = AttestationParts {
            raw_id: vec![1],
            client_data_json: vec![2],
            attestation_object: vec![3],
            ..AttestationParts::default()
        };
        assert_eq!(
            json(RegistrationJson::from_parts(&bare).expose()),
            json!({
                "id": "AQ", "rawId": "AQ", "type": "public-key",
                "response": {"clientDataJSON": "Ag", "attestationObject": "Aw", "transports": []},
                "clientExtensionResults": {},
            })
        );
    }

    #[test]
    fn a_browsers_own_json_is_kept_as_it_is() {
        // Chrome's toJSON() order, with extension results the fallback cannot write.
        let chrome = format!(
            r#"{{"authenticatorAttachment":"platform","clientExtensionResults":{{"credProps":{{"rk":true}}}},"id":"{CREDENTIAL_ID_B64}","rawId":"{CREDENTIAL_ID_B64}","response":{{"attestationObject":"{ATTESTATION_B64}","authenticatorData":"{GET_AUTH_DATA_B64}","clientDataJSON":"{CREATE_CLIENT_DATA_B64}","publicKey":"MFk","publicKeyAlgorithm":-7,"transports":["hybrid","internal"]}},"type":"public-key"}}"#
        );
        assert_eq!(
            RegistrationJson::from_browser(&chrome).unwrap().expose(),
            chrome
        );
    }

    #[test]
    fn a_browsers_json_that_is_not_a_credential_is_refused() {
        let good = json(AssertionJson::from_parts(&assertion()).expose());
        let changed = |pointer: &str, value: Option<Value>| {
            let mut doc = good.clone();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let target = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
            match value {
                Some(v) => target.insert(key.to_owned(), v),
                None => target.remove(key),
            };
            match AssertionJson::from_browser(&doc.to_string()).unwrap_err() {
                WebAuthnError::Credential(p) => p,
                other => panic!("{other:?}"),
            }
        };
        let missing = |f: &str| JsonProblem::Missing(f.into());
        assert_eq!(
            changed("/response/signature", None),
            missing("response.signature")
        );
        assert_eq!(changed("/response", None), missing("response"));
        assert_eq!(changed("/rawId", None), missing("rawId"));
        assert_eq!(
            changed("/type", Some("password".into())),
            JsonProblem::WrongType {
                field: "type".into(),
                expected: "\"public-key\""
            }
        );
        assert_eq!(
            changed("/id", Some("AQ".into())),
            JsonProblem::WrongType {
                field: "id".into(),
                expected: "rawId"
            }
        );
        let padded = format!("{SIGNATURE_B64}==");
        assert_eq!(
            changed("/response/signature", Some(padded.into())),
            JsonProblem::NotBase64Url("response.signature".into())
        );
        let standard = SIGNATURE_B64.replace(['-', '_'], "+");
        assert_eq!(
            changed("/response/signature", Some(standard.into())),
            JsonProblem::NotBase64Url("response.signature".into())
        );
        assert_eq!(
            changed("/clientExtensionResults", Some(json!([]))),
            JsonProblem::WrongType {
                field: "clientExtensionResults".into(),
                expected: "an object"
            }
        );
        // A registration is not an assertion, and the other way round.
        let registration = RegistrationJson::from_parts(&attestation());
        assert_eq!(
            AssertionJson::from_browser(registration.expose())
                .unwrap_err()
                .problem(),
            &missing("response.signature")
        );
        let sign_in = AssertionJson::from_parts(&assertion());
        assert_eq!(
            RegistrationJson::from_browser(sign_in.expose())
                .unwrap_err()
                .problem(),
            &missing("response.attestationObject")
        );
        assert!(matches!(
            AssertionJson::from_browser("not json")
                .unwrap_err()
                .problem(),
            JsonProblem::NotJson(_)
        ));
    }

    #[test]
    fn debug_shows_nothing_of_a_credential() {
        let sign_in = AssertionJson::from_parts(&assertion());
        let registration = RegistrationJson::from_parts(&attestation());
        for shown in [
            format!("{sign_in:?}"),
            format!("{registration:?}"),
            format!("{:?}", assertion()),
            format!("{:?}", attestation()),
        ] {
            assert!(shown.ends_with("(<redacted>)"), "{shown}");
            for secret in [CREDENTIAL_ID_B64, SIGNATURE_B64, "249, 31", "f91f39"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
    }

    #[test]
    fn credentials_round_trip_through_their_bytes() {
        let v = json(RegistrationJson::from_parts(&attestation()).expose());
        let field = |name: &str| base64url::decode(v["response"][name].as_str().unwrap()).unwrap();
        assert_eq!(field("attestationObject"), hex(ATTESTATION));
        assert_eq!(field("clientDataJSON"), hex(CREATE_CLIENT_DATA));
        assert_eq!(
            base64url::decode(v["rawId"].as_str().unwrap()).unwrap(),
            hex(CREDENTIAL_ID)
        );
    }
}
