//! Every public type that holds a secret (password, token, AWS key, client
//! secret, challenge session, TOTP key, passkey credential), formatted with `{:?}` (and `{}` where
//! it has a `Display`), shows none of it. The secret newtypes themselves have
//! no `Display` at all, so `{}` of one does not compile.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use cognito_app::config::Config;
use cognito_app::error::AppError;
use cognito_app::forms::Registration;
use cognito_app::http::{HttpRequest, Method, TransportError};
use cognito_app::identity::Credentials;
use cognito_app::json::JsonObject;
use cognito_app::secret::{
    AccessToken, ChallengeSession, ClientSecret, IdToken, Password, RefreshToken, SecretKey,
    SessionToken, TotpSecret,
};
use cognito_app::service::{Service, ServiceFailure};
use cognito_app::session::Session;
use cognito_app::srp::SrpClient;
use cognito_app::user_pool::{AuthenticationResult, Challenge, ChallengeName, UserId};
use cognito_app::webauthn::{AssertionJson, AssertionParts, AttestationParts, RegistrationJson};

/// A distinct secret text per field, so a leak names the field.
fn secret(field: &str) -> String {
    format!("S3cr3t-{field}-value")
}

fn assert_clean(what: &str, shown: &str) {
    assert!(!shown.contains("S3cr3t"), "{what} shows a secret: {shown}");
}

/// A JWT whose signature is the secret marker (the claims are not secret).
fn jwt(field: &str) -> String {
    let enc = |v: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    format!(
        "{}.{}.{}",
        enc(r#"{"alg":"RS256"}"#),
        enc(r#"{"iat":1000,"exp":4600,"email":"a@b.c"}"#),
        secret(field)
    )
}

#[test]
fn secret_newtypes() {
    for shown in [
        format!("{:?}", Password::new(secret("password"))),
        format!("{:?}", IdToken::new(secret("id"))),
        format!("{:?}", AccessToken::new(secret("access"))),
        format!("{:?}", RefreshToken::new(secret("refresh"))),
        format!("{:?}", SecretKey::new(secret("aws-secret"))),
        format!("{:?}", SessionToken::new(secret("aws-session"))),
        format!("{:?}", ClientSecret::new(secret("client"))),
        format!("{:?}", TotpSecret::new(secret("totp"))),
        format!("{:?}", ChallengeSession::new(secret("challenge"))),
    ] {
        assert_clean("a secret newtype", &shown);
    }
}

#[test]
fn types_that_hold_secrets() {
    let registration = Registration {
        email: "a@b.c".into(),
        username: "ada".into(),
        password: Password::new(secret("password")),
        confirm_password: Password::new(secret("confirm")),
        ..Registration::default()
    };
    assert_clean("Registration", &format!("{registration:?}"));

    let tokens = AuthenticationResult {
        id_token: IdToken::new(jwt("id")),
        access_token: AccessToken::new(jwt("access")),
        refresh_token: Some(RefreshToken::new(secret("refresh"))),
        expires_in: Some(3600),
        new_device: None,
    };
    let device = cognito_app::user_pool::DeviceSecrets {
        key: "us-east-1_device".into(),
        group_key: "-group".into(),
        password: Password::new(secret("device-password")),
    };
    assert_clean("DeviceSecrets", &format!("{device:?}"));
    assert_clean("AuthenticationResult", &format!("{tokens:?}"));
    let session = Session::from_sign_in(UserId::new("ada"), tokens, 1000).unwrap();
    assert_clean("Session", &format!("{session:?}"));

    let credentials = Credentials {
        access_key_id: "ASIAEXAMPLE".into(),
        secret_key: SecretKey::new(secret("aws-secret")),
        session_token: SessionToken::new(secret("aws-session")),
        expiration: 1,
    };
    assert_clean("Credentials", &format!("{credentials:?}"));

    let challenge = Challenge {
        name: ChallengeName::SoftwareTokenMfa,
        session: ChallengeSession::new(secret("challenge")),
        parameters: vec![("USER_ID_FOR_SRP".into(), "ada".into())],
        user: UserId::new("ada"),
        available: Vec::new(),
    };
    assert_clean("Challenge", &format!("{challenge:?}"));

    // A passwordless sign-up's session.
    let signed_up = cognito_app::user_pool::SignUpResult {
        user_confirmed: false,
        user_sub: "sub".into(),
        code_delivery_details: None,
        session: Some(ChallengeSession::new(secret("sign-up-session"))),
    };
    assert_clean("SignUpResult", &format!("{signed_up:?}"));

    // Passkey credentials: the bytes the fallback writes them from, and the JSON sent.
    let bytes = |field: &str| secret(field).into_bytes();
    let assertion = AssertionParts {
        raw_id: bytes("raw-id"),
        client_data_json: bytes("client-data"),
        authenticator_data: bytes("authenticator-data"),
        signature: bytes("signature"),
        user_handle: Some(bytes("user-handle")),
        authenticator_attachment: None,
    };
    let attestation = AttestationParts {
        raw_id: bytes("raw-id"),
        client_data_json: bytes("client-data"),
        attestation_object: bytes("attestation"),
        public_key: Some(bytes("public-key")),
        authenticator_data: Some(bytes("authenticator-data")),
        ..AttestationParts::default()
    };
    let assertion_json = AssertionJson::from_parts(&assertion);
    let registration_json = RegistrationJson::from_parts(&attestation);
    let encoded = |field: &str| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret(field))[..12].to_owned()
    };
    assert!(assertion_json.expose().contains(&encoded("signature")));
    for (what, shown) in [
        ("AssertionParts", format!("{assertion:?}")),
        ("AttestationParts", format!("{attestation:?}")),
        ("AssertionJson", format!("{assertion_json:?}")),
        ("RegistrationJson", format!("{registration_json:?}")),
    ] {
        assert_clean(what, &shown);
        // Nor the bytes as numbers ("S3c" is 83, 51, 99), nor their base64url.
        assert!(!shown.contains("83, 51, 99"), "{what} shows bytes: {shown}");
        for field in ["raw-id", "signature", "attestation", "client-data"] {
            assert!(
                !shown.contains(&encoded(field)),
                "{what} shows {field}: {shown}"
            );
        }
    }

    let body = JsonObject::new()
        .str("Password", &secret("password"))
        .str("AccessToken", &secret("access"));
    assert_clean("JsonObject", &format!("{body:?}"));
    let request = HttpRequest {
        method: Method::POST,
        url: "https://cognito-idp.eu-west-1.amazonaws.com/".into(),
        headers: vec![
            ("authorization".into(), secret("authorization")),
            ("x-amz-security-token".into(), secret("aws-session")),
        ],
        body: body.finish(),
    };
    assert_clean("HttpRequest", &format!("{request:?}"));

    let config = Config::parse(&format!(
        r#"{{"region":"eu-west-1","userPoolId":"eu-west-1_P","clientId":"c","clientSecret":"{}",
            "identityPoolId":"eu-west-1:1","bucket":"data-bucket"}}"#,
        secret("client")
    ))
    .unwrap();
    assert_clean("Config", &format!("{config:?}"));
    assert_clean("UserPoolConfig", &format!("{:?}", config.user_pool()));

    // The SRP private value `a`: neither as hex nor as a decimal number.
    let a = [0xa7_u8; 32];
    let shown = format!("{:?}", SrpClient::new(&a).unwrap());
    let decimal = num_bigint::BigUint::from_bytes_be(&a).to_string();
    assert!(
        !shown.contains("a7a7a7a7") && !shown.contains(&decimal[..12]),
        "{shown}"
    );
}

#[test]
fn errors_shown_to_people() {
    // A URL can carry a token in its query (a presigned URL, say): only the origin is kept.
    let transport = TransportError::new(
        &format!(
            "https://bucket.s3.eu-west-1.amazonaws.com/k?X-Amz-Signature={}",
            secret("sig")
        ),
        "failed",
    );
    let failure = ServiceFailure::unanswered(Service::S3, transport.clone());
    let app: AppError = cognito_app::s3::S3Error::from(failure.clone()).into();
    for (what, debug, display) in [
        (
            "TransportError",
            format!("{transport:?}"),
            transport.to_string(),
        ),
        (
            "ServiceFailure",
            format!("{failure:?}"),
            failure.to_string(),
        ),
        ("AppError", format!("{app:?}"), app.to_string()),
    ] {
        assert_clean(what, &debug);
        assert_clean(what, &display);
    }
}
