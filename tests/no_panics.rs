//! Arbitrary input never panics: SRP challenge parsing, JWT claims, stored
//! sessions, S3 XML, AWS JSON errors, config.json (proptest).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

use cognito_app::config::Config;
use cognito_app::http::HttpResponse;
use cognito_app::jwt::Claims;
use cognito_app::s3;
use cognito_app::secret::Password;
use cognito_app::session::policy::{self, RefreshFailure, RefreshStep};
use cognito_app::session::{self, Audience, Session};
use cognito_app::srp::{self, PasswordVerifier, SrpClient};
use proptest::prelude::*;

fn client() -> SrpClient {
    SrpClient::new(&[0x5a; 32]).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn srp_challenge_fields_never_panic(b in ".{0,40}", salt in ".{0,40}", block in ".{0,40}", user in ".{0,20}") {
        let challenge = PasswordVerifier { srp_b: b, salt, secret_block: block, user_id_for_srp: user };
        let _ = client().password_claim("pool", &challenge, &Password::new("pw"), "ts");
    }

    #[test]
    fn srp_hex_values_of_any_size_never_panic(b in "[0-9a-fA-F]{1,1000}", salt in "[0-9a-f]{1,64}") {
        let challenge = PasswordVerifier {
            srp_b: b, salt, secret_block: "c2VjcmV0".into(), user_id_for_srp: "u".into(),
        };
        let _ = client().password_claim("pool", &challenge, &Password::new("pw"), "ts");
    }

    #[test]
    fn parse_hex_accepts_exactly_hex(s in ".{0,50}") {
        let ok = srp::parse_hex("X", &s).is_ok();
        prop_assert_eq!(ok, !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn jwt_claims_never_panic(s in ".{0,200}") {
        let _ = Claims::decode(&s);
    }

    #[test]
    fn jwt_with_arbitrary_payload_never_panics(payload in proptest::collection::vec(any::<u8>(), 0..200)) {
        use base64::Engine as _;
        let jwt = format!("h.{}.s", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload));
        if let Ok(c) = Claims::decode(&jwt) {
            let _ = (c.expires_at(), c.issued_at(), c.string("email"));
        }
    }

    #[test]
    fn s3_xml_never_panics(status in prop_oneof![Just(200u16), Just(403), Just(404), Just(500)], body in ".{0,300}") {
        let _ = s3::parse_list_objects(&HttpResponse { status, body }, "b");
    }

    #[test]
    fn s3_xml_with_listing_shapes_never_panics(keys in proptest::collection::vec("[^<&]{0,20}", 0..5), size in ".{0,8}") {
        let contents: String = keys.iter().map(|k| format!("<Contents><Key>{k}</Key><Size>{size}</Size></Contents>")).collect();
        let body = format!("<ListBucketResult><IsTruncated>maybe</IsTruncated>{contents}</ListBucketResult>");
        let _ = s3::parse_list_objects(&HttpResponse { status: 200, body }, "b");
    }

    #[test]
    fn aws_json_errors_never_panic(status in 100u16..600, body in ".{0,200}") {
        let _ = cognito_app::aws_json::parse(cognito_app::service::Service::UserPool, &HttpResponse { status, body });
    }

    #[test]
    fn config_never_panics(s in ".{0,200}") {
        let _ = Config::parse(&s);
    }

    /// Bounded time: any stored clock drift and any token times, read back and used
    /// at any "now" with any margin, never overflow (tests run with overflow checks)
    /// and the drift is held to a day either way.
    #[test]
    fn stored_times_are_bounded_and_never_overflow(
        iat in any::<i64>(), exp in any::<i64>(), iat2 in any::<i64>(), exp2 in any::<i64>(),
        drift in prop_oneof![any::<i64>().prop_map(|d| d.to_string()), ".{0,24}"],
        now in any::<i64>(), margin in any::<i64>(),
    ) {
        use base64::Engine as _;
        let iss = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_P";
        let jwt = |iat: i64, exp: i64, claims: &str| format!(
            "h.{}.s",
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(format!(r#"{{"iat":{iat},"exp":{exp},"iss":"{iss}",{claims}}}"#)),
        );
        let p = "CognitoIdentityServiceProvider.c";
        let store: HashMap<String, String> = HashMap::from([
            (format!("{p}.LastAuthUser"), "u".to_owned()),
            (format!("{p}.u.idToken"), jwt(iat, exp, r#""token_use":"id","aud":"c""#)),
            (format!("{p}.u.accessToken"), jwt(iat2, exp2, r#""token_use":"access","client_id":"c""#)),
            (format!("{p}.u.refreshToken"), "r".to_owned()),
            (format!("{p}.u.clockDrift"), drift),
        ]);
        let s = Session::load(&Audience::new("c", "us-east-1", "us-east-1_P"), |k| store.get(k).cloned())
            .unwrap().unwrap();
        prop_assert!(s.clock_drift.abs() <= session::MAX_CLOCK_DRIFT, "drift {}", s.clock_drift);
        let _ = (s.is_valid(now), s.needs_refresh(now, margin), s.expires_at_local());
        for step in [RefreshStep::Start, RefreshStep::Failed { tried: &s, failure: RefreshFailure::Transient }] {
            let _ = policy::decide(&s, Some(&s), step, false, now, margin);
        }
        // A session made now from tokens with any times: the same bounds.
        let fresh = Session::new(
            s.user.clone(), s.id_token.clone(), s.access_token.clone(), None, now,
        ).unwrap();
        prop_assert!(fresh.clock_drift.abs() <= session::MAX_CLOCK_DRIFT);
        let _ = (fresh.is_valid(now), fresh.needs_refresh(now, margin), fresh.expires_at_local());
    }
}
