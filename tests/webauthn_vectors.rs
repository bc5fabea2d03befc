//! Known answers from the WebAuthn Level 3 spec's test vectors (§16.2, "ES256
//! Credential with No Attestation": <https://www.w3.org/TR/webauthn-3/#sctn-test-vectors-none-es256>,
//! transcribed as hex from w3c/webauthn's index.bs). The spec's client wrote
//! each ceremony's challenge into `clientDataJSON` as base64url: the options
//! read here must decode that text to the spec's challenge bytes, and the
//! credential written here must carry the spec's bytes unchanged.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_app::webauthn::{
    AssertionJson, AssertionParts, AttestationParts, CreationOptions, RegistrationJson,
    RequestOptions,
};
use serde_json::{Value, json};
use sha2::Digest as _;

const RP_ID: &str = "example.org";
const CREDENTIAL_ID: &str = "f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4";

/// Registration.
const CREATE_CHALLENGE: &str = "00c30fb78531c464d2b6771dab8d7b603c01162f2fa486bea70f283ae556e130";
const CREATE_CLIENT_DATA: &str = "7b2274797065223a22776562617574686e2e637265617465222c226368616c6c656e6765223a22414d4d507434557878475453746e63647134313759447742466938767049612d7077386f4f755657345441222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73652c22657874726144617461223a22636c69656e74446174614a534f4e206d617920626520657874656e6465642077697468206164646974696f6e616c206669656c647320696e20746865206675747572652c207375636820617320746869733a20426b5165446a646354427258426941774a544c453551227d";
const ATTESTATION_OBJECT: &str = "a363666d74646e6f6e656761747453746d74a068617574684461746158a4bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b559000000008446ccb9ab1db374750b2367ff6f3a1f0020f91f391db4c9b2fde0ea70189cba3fb63f579ba6122b33ad94ff3ec330084be4a5010203262001215820afefa16f97ca9b2d23eb86ccb64098d20db90856062eb249c33a9b672f26df61225820930a56b87a2fca66334b03458abf879717c12cc68ed73290af2e2664796b9220";

/// Authentication.
const GET_CHALLENGE: &str = "39c0e7521417ba54d43e8dc95174f423dee9bf3cd804ff6d65c857c9abf4d408";
const GET_AUTHENTICATOR_DATA: &str =
    "bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b51900000000";
const GET_CLIENT_DATA: &str = "7b2274797065223a22776562617574686e2e676574222c226368616c6c656e6765223a224f63446e55685158756c5455506f334a5558543049393770767a7a59425039745a63685879617630314167222c226f726967696e223a2268747470733a2f2f6578616d706c652e6f7267222c2263726f73734f726967696e223a66616c73657d";
const SIGNATURE: &str = "3046022100f50a4e2e4409249c4a853ba361282f09841df4dd4547a13a87780218deffcd380221008480ac0f0b93538174f575bf11a1dd5d78c6e486013f937295ea13653e331e87";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// The collected client data of a ceremony, as the spec's client wrote it.
fn client_data(hex_text: &str) -> Value {
    serde_json::from_slice(&hex(hex_text)).unwrap()
}

/// A member of the credential JSON, base64url-decoded.
fn member(credential: &Value, pointer: &str) -> Vec<u8> {
    let text = credential.pointer(pointer).unwrap().as_str().unwrap();
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

#[test]
fn request_options_decode_the_challenge_the_spec_client_signed() {
    let signed = client_data(GET_CLIENT_DATA);
    assert_eq!(signed["type"], "webauthn.get");
    let options = json!({
        "challenge": signed["challenge"],
        "rpId": RP_ID,
        "allowCredentials": [{"type": "public-key", "id": URL_SAFE_NO_PAD.encode(hex(CREDENTIAL_ID))}],
        "userVerification": "required",
    });
    let read = RequestOptions::parse(&options.to_string()).unwrap();
    assert_eq!(read.challenge, hex(GET_CHALLENGE));
    assert_eq!(read.allow_credentials[0].id, hex(CREDENTIAL_ID));
}

#[test]
fn creation_options_decode_the_challenge_the_spec_client_signed() {
    let signed = client_data(CREATE_CLIENT_DATA);
    assert_eq!(signed["type"], "webauthn.create");
    let options = json!({
        "rp": {"id": RP_ID, "name": RP_ID},
        "user": {"id": "AQ", "name": "user", "displayName": "User"},
        "challenge": signed["challenge"],
        "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
    });
    let read = CreationOptions::parse(&options.to_string()).unwrap();
    assert_eq!(read.challenge, hex(CREATE_CHALLENGE));
}

#[test]
fn the_spec_assertion_as_authentication_response_json() {
    let sent = AssertionJson::from_parts(&AssertionParts {
        raw_id: hex(CREDENTIAL_ID),
        client_data_json: hex(GET_CLIENT_DATA),
        authenticator_data: hex(GET_AUTHENTICATOR_DATA),
        signature: hex(SIGNATURE),
        user_handle: None,
        authenticator_attachment: None,
    });
    let v: Value = serde_json::from_str(sent.expose()).unwrap();
    assert_eq!(member(&v, "/rawId"), hex(CREDENTIAL_ID));
    assert_eq!(v["id"], v["rawId"]);
    assert_eq!(v["type"], "public-key");
    assert_eq!(member(&v, "/response/clientDataJSON"), hex(GET_CLIENT_DATA));
    assert_eq!(
        member(&v, "/response/authenticatorData"),
        hex(GET_AUTHENTICATOR_DATA)
    );
    assert_eq!(member(&v, "/response/signature"), hex(SIGNATURE));
    // The RP ID hash the authenticator data opens with is SHA-256("example.org").
    assert_eq!(
        member(&v, "/response/authenticatorData")[..32],
        sha2::Sha256::digest(RP_ID.as_bytes())[..]
    );
    assert!(AssertionJson::from_browser(sent.expose()).is_ok());
}

#[test]
fn the_spec_registration_as_registration_response_json() {
    let sent = RegistrationJson::from_parts(&AttestationParts {
        raw_id: hex(CREDENTIAL_ID),
        client_data_json: hex(CREATE_CLIENT_DATA),
        attestation_object: hex(ATTESTATION_OBJECT),
        transports: vec!["internal".into()],
        public_key_algorithm: Some(-7),
        ..AttestationParts::default()
    });
    let v: Value = serde_json::from_str(sent.expose()).unwrap();
    assert_eq!(member(&v, "/rawId"), hex(CREDENTIAL_ID));
    assert_eq!(
        member(&v, "/response/clientDataJSON"),
        hex(CREATE_CLIENT_DATA)
    );
    assert_eq!(
        member(&v, "/response/attestationObject"),
        hex(ATTESTATION_OBJECT)
    );
    assert_eq!(v["response"]["publicKeyAlgorithm"], -7);
    assert!(RegistrationJson::from_browser(sent.expose()).is_ok());
}
