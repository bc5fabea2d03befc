//! Property fuzzing of everything the app reads from places it does not control:
//! stored session values, `config.json` (as structured JSON), S3's XML (with
//! DTDs, entity tricks and deep nesting), bucket names, the storage lease,
//! the hosted sign-in's callback and token answer, and passkey JSON (Cognito's
//! options, the browser's credentials).
//! Each target runs `FUZZ_CASES` cases (default 2,000: the test command's
//! budget); `scripts/fuzz.sh [cases]` runs them longer and reports the figures.
//! Tests run with overflow checks on: an overflow is a failure too.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine as _;
use cognito_app::config::Config;
use cognito_app::http::HttpResponse;
use cognito_app::oauth;
use cognito_app::s3::{self, S3Endpoint};
use cognito_app::session::lease::{LEASE_MS, Lease};
use cognito_app::session::policy::{self, RefreshFailure, RefreshStep};
use cognito_app::session::{Audience, MAX_CLOCK_DRIFT, Session};
use cognito_app::webauthn::{
    AssertionJson, AssertionParts, AttestationParts, CreationOptions, RegistrationJson,
    RequestOptions,
};
use proptest::prelude::*;
use proptest::test_runner::{Config as Runner, TestRunner};
use serde_json::{Value, json};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(2_000)
}

/// Runs `strategy` through `test` for `FUZZ_CASES` cases; prints the figures.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let started = Instant::now();
    let mut runner = TestRunner::new(Runner {
        cases: cases(),
        failure_persistence: None,
        ..Runner::default()
    });
    let result = runner.run(&strategy, test);
    let elapsed = started.elapsed();
    println!(
        "fuzz {name}: {} cases in {:.1} s, failures: {}",
        cases(),
        elapsed.as_secs_f64(),
        u32::from(result.is_err())
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

const AUD: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_P";

fn jwt(claims: &Value) -> String {
    let enc = |v: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v);
    format!(
        "{}.{}.sig",
        enc(br#"{"alg":"RS256"}"#),
        enc(&serde_json::to_vec(claims).unwrap())
    )
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        ".{0,30}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::hash_map(".{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A value for a stored token: a JWT whose claims are any mix of the real ones
/// (with any values) and others, or any text.
fn stored_token() -> impl Strategy<Value = String> {
    let claim = prop_oneof![
        Just("iat".to_owned()),
        Just("exp".to_owned()),
        Just("token_use".to_owned()),
        Just("aud".to_owned()),
        Just("iss".to_owned()),
        Just("client_id".to_owned()),
        ".{0,8}",
    ];
    prop_oneof![
        proptest::collection::hash_map(claim, any_json(), 0..8)
            .prop_map(|m| jwt(&Value::Object(m.into_iter().collect()))),
        (any::<i64>(), any::<i64>(), prop_oneof![Just("id"), Just("access")]).prop_map(|(iat, exp, kind)| jwt(
            &json!({"iat": iat, "exp": exp, "token_use": kind, "aud": "c", "client_id": "c", "iss": AUD})
        )),
        ".{0,120}",
    ]
}

#[test]
fn stored_session_values() {
    let strategy = (
        ".{0,12}",
        stored_token(),
        stored_token(),
        ".{0,16}",
        prop_oneof![any::<i64>().prop_map(|d| d.to_string()), ".{0,24}"],
        any::<i64>(),
        any::<i64>(),
    );
    fuzz(
        "stored session values",
        strategy,
        |(user, id, access, refresh, drift, now, margin)| {
            let p = "CognitoIdentityServiceProvider.c";
            let store: HashMap<String, String> = HashMap::from([
                (format!("{p}.LastAuthUser"), user.clone()),
                (format!("{p}.{user}.idToken"), id),
                (format!("{p}.{user}.accessToken"), access),
                (format!("{p}.{user}.refreshToken"), refresh),
                (format!("{p}.{user}.clockDrift"), drift),
            ]);
            let audience = Audience::new("c", "us-east-1", "us-east-1_P");
            if let Ok(Some(s)) = Session::load(&audience, |k| store.get(k).cloned()) {
                prop_assert!(s.clock_drift.abs() <= MAX_CLOCK_DRIFT);
                let _ = (
                    s.is_valid(now),
                    s.needs_refresh(now, margin),
                    s.expires_at_local(),
                );
                for step in [
                    RefreshStep::Start,
                    RefreshStep::Failed {
                        tried: &s,
                        failure: RefreshFailure::Transient,
                    },
                ] {
                    let _ = policy::decide(&s, Some(&s), step, false, now, margin);
                }
            }
            Ok(())
        },
    );
}

#[test]
fn config_json() {
    let field = prop_oneof![
        Just("region"),
        Just("userPoolId"),
        Just("clientId"),
        Just("clientSecret"),
        Just("identityPoolId"),
        Just("bucket"),
        Just("signInWith"),
        Just("endpoints"),
        Just("passwordPolicy"),
    ];
    let good = json!({"region": "us-east-1", "userPoolId": "us-east-1_P", "clientId": "c",
        "identityPoolId": "us-east-1:1", "bucket": "data-bucket"});
    let strategy = (
        proptest::collection::vec((field, any_json()), 0..4),
        any::<bool>(),
        ".{0,40}",
    );
    fuzz("config.json", strategy, |(changes, start_good, url)| {
        let mut config = if start_good { good.clone() } else { json!({}) };
        for (key, value) in changes {
            config[key] = value;
        }
        if start_good && url.len() % 2 == 0 {
            config["endpoints"] = json!({"s3": url, "cognitoIdp": url});
        }
        if let Ok(c) = Config::parse(&config.to_string()) {
            // Accepted: every endpoint is this computer or AWS, and the bucket is a bucket name.
            for e in [&c.endpoints.cognito_idp, &c.endpoints.s3]
                .into_iter()
                .flatten()
            {
                let host = e
                    .split("://")
                    .nth(1)
                    .unwrap_or_default()
                    .split(['/', ':', '?', '#'])
                    .next()
                    .unwrap();
                prop_assert!(
                    host == "127.0.0.1"
                        || host == "localhost"
                        || host.ends_with(".amazonaws.com")
                        || host.starts_with("127.")
                        || host.starts_with('[')
                        || host.ends_with(".amazonaws.com.cn")
                        || host.ends_with(".api.aws"),
                    "endpoint {e}"
                );
            }
            prop_assert!(c.bucket.is_empty() || s3::bucket_name::check(&c.bucket).is_ok());
        }
        Ok(())
    });
}

/// S3 answers made of the listing's parts, in any order and nesting, with text
/// full of references, DTDs and CDATA.
fn xml_doc() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        "[^<&]{0,12}",
        Just("&amp;&lt;&#x41;&#65;".to_owned()),
        Just("&lol;".to_owned()),
        Just("&#xFFFFFFFF;".to_owned()),
        Just("<![CDATA[<b>&x;</b>]]>".to_owned()),
        ".{0,12}",
    ];
    let tag = prop_oneof![
        Just("ListBucketResult"),
        Just("Contents"),
        Just("Key"),
        Just("Size"),
        Just("IsTruncated"),
        Just("NextContinuationToken"),
        Just("CommonPrefixes"),
        Just("Prefix"),
        Just("Error"),
        Just("Code"),
        Just("Message"),
    ];
    let leaf = (tag.clone(), text).prop_map(|(t, x)| format!("<{t}>{x}</{t}>"));
    let body = leaf.prop_recursive(4, 40, 6, move |inner| {
        (tag.clone(), proptest::collection::vec(inner, 0..6))
            .prop_map(|(t, kids)| format!("<{t}>{}</{t}>", kids.concat()))
    });
    let prolog = prop_oneof![
        Just(String::new()),
        Just(r#"<?xml version="1.0" encoding="UTF-8"?>"#.to_owned()),
        Just(r#"<!DOCTYPE x [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>"#.to_owned()),
        Just(r#"<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#.to_owned()),
    ];
    (prolog, body, any::<bool>()).prop_map(|(p, b, cut)| {
        let doc = format!("{p}{b}");
        if cut {
            let half = (0..=doc.len() / 2)
                .rev()
                .find(|&i| doc.is_char_boundary(i))
                .unwrap_or(0);
            doc[..half].to_owned()
        } else {
            doc
        }
    })
}

#[test]
fn s3_xml() {
    let strategy = (
        prop_oneof![Just(200_u16), Just(403), Just(404), Just(500)],
        prop_oneof![xml_doc(), ".{0,200}"],
    );
    fuzz("S3 XML", strategy, |(status, body)| {
        if let Ok(page) = s3::parse_list_objects(
            &HttpResponse {
                status,
                body: body.clone(),
            },
            "b",
        ) {
            // A listing comes only from a 200 ListBucketResult, and never from a DTD's entities.
            prop_assert_eq!(status, 200);
            prop_assert!(body.contains("ListBucketResult"));
            for o in &page.objects {
                prop_assert!(!o.key.as_str().contains("passwd") || body.contains("passwd</Key>"));
            }
        }
        Ok(())
    });
}

#[test]
fn s3_xml_tricks() {
    let answer = |body: String| s3::parse_list_objects(&HttpResponse { status: 200, body }, "b");
    // Billion laughs: the DTD is not applied, so its entities are unknown.
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{}]><ListBucketResult><Contents><Key>&lol9;</Key><Size>1</Size></Contents></ListBucketResult>"#,
        (1..10).map(|i| format!(r#"<!ENTITY lol{i} "{}">"#, format!("&lol{};", i - 1).repeat(10))).collect::<String>()
    ).replace("&lol0;", "&lol;");
    let started = Instant::now();
    assert!(answer(laughs).is_err());
    // An external entity is never read.
    let xxe = r#"<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><ListBucketResult><Contents><Key>&xxe;</Key><Size>1</Size></Contents></ListBucketResult>"#;
    assert!(answer(xxe.to_owned()).is_err());
    // 10,000-deep nesting: refused, quickly.
    let deep = format!(
        "<ListBucketResult>{}{}</ListBucketResult>",
        "<a>".repeat(10_000),
        "</a>".repeat(10_000)
    );
    assert!(answer(deep).is_err());
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn bucket_names() {
    let strategy = prop_oneof![
        ".{0,70}",
        "[a-z0-9.-]{0,70}",
        "[a-z0-9][a-z0-9.@/?#:-]{1,20}[a-z0-9]"
    ];
    fuzz("bucket names", strategy, |name| {
        if s3::bucket_name::check(&name).is_ok() {
            // An accepted name never moves the request: the URL's host is the bucket's.
            let aws = S3Endpoint::Aws {
                region: "eu-west-1".into(),
            };
            let url = aws.bucket_url(&name);
            let host = url
                .strip_prefix("https://")
                .unwrap()
                .split('/')
                .next()
                .unwrap();
            prop_assert!(
                host == format!("{name}.s3.eu-west-1.amazonaws.com")
                    || host == "s3.eu-west-1.amazonaws.com",
                "{url}"
            );
            let local = S3Endpoint::Custom {
                url: "http://127.0.0.1:4566".into(),
                region: "us-east-1".into(),
            };
            prop_assert_eq!(
                local.bucket_url(&name),
                format!("http://127.0.0.1:4566/{name}")
            );
        }
        Ok(())
    });
}

#[test]
fn storage_lease() {
    let strategy = (
        prop_oneof![
            ".{0,40}",
            "[a-f0-9]{1,16} [0-9]{1,22}",
            any::<u64>().prop_map(|u| format!("other {u}"))
        ],
        any::<u64>(),
    );
    fuzz("storage lease", strategy, |(value, now)| {
        // Whatever is stored, nobody is kept out beyond one lease from now.
        if Lease::keeps_out(Some(&value), "me", now) {
            let lease = Lease::parse(&value).unwrap();
            prop_assert!(lease.until > now && lease.until - now <= LEASE_MS);
            prop_assert!(!Lease::keeps_out(
                Some(&value),
                "me",
                now.saturating_add(LEASE_MS)
            ));
        }
        let _ = Lease::held_by(Some(&value), "me");
        Ok(())
    });
}

#[test]
fn oauth_callback() {
    let strategy = (
        prop_oneof![
            ".{0,80}",
            "(code|state|error|error_description)=[^&]{0,12}(&(code|state|error)=[^&]{0,12}){0,3}"
        ],
        prop_oneof![
            Just(None),
            Just(Some("s1".to_owned())),
            ".{0,6}".prop_map(Some)
        ],
        any::<u16>(),
        ".{0,80}",
    );
    fuzz(
        "OAuth callback and token answer",
        strategy,
        |(query, state, status, body)| {
            if let Ok(code) = oauth::callback_code(&query, state.as_deref()) {
                // A code is only ever taken with the state this tab sent.
                let want = state.unwrap();
                prop_assert!(!want.is_empty() && query.contains("state="));
                prop_assert!(!code.is_empty());
            }
            let _ = oauth::parse_token_answer(status, &body);
            Ok(())
        },
    );
}

/// Passkey options as Cognito sends them (request and creation options), with
/// any members changed to any JSON: never a panic, and accepted options hold
/// exactly the bytes whose base64url the document carries.
#[test]
fn passkey_options() {
    let member = prop_oneof![
        Just("challenge".to_owned()),
        Just("timeout".to_owned()),
        Just("rpId".to_owned()),
        Just("allowCredentials".to_owned()),
        Just("excludeCredentials".to_owned()),
        Just("rp".to_owned()),
        Just("user".to_owned()),
        Just("pubKeyCredParams".to_owned()),
        Just("authenticatorSelection".to_owned()),
        Just("extensions".to_owned()),
        ".{0,8}",
    ];
    let strategy = (
        proptest::collection::vec((member, any_json()), 0..4),
        proptest::collection::vec(any::<u8>(), 0..64),
        "[A-Za-z0-9_=+/-]{0,12}",
    );
    fuzz("passkey options", strategy, |(changes, challenge, id)| {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let descriptors = json!([{"type": "public-key", "id": id}]);
        let mut request = json!({"challenge": b64(&challenge), "allowCredentials": descriptors});
        let mut creation = json!({
            "rp": {"id": "example.org", "name": "Example"},
            "user": {"id": id, "name": "ada", "displayName": "Ada"},
            "challenge": b64(&challenge),
            "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
            "excludeCredentials": descriptors,
        });
        for (key, value) in &changes {
            request[key] = value.clone();
            creation[key] = value.clone();
        }
        if let Ok(o) = RequestOptions::parse(&request.to_string()) {
            prop_assert_eq!(&request["challenge"], &json!(b64(&o.challenge)));
            for (i, d) in o.allow_credentials.iter().enumerate() {
                prop_assert_eq!(&request["allowCredentials"][i]["id"], &json!(b64(&d.id)));
            }
        } else if changes.is_empty() {
            // Untouched, only a credential id that is not base64url is refused.
            let id_only = json!({"challenge": "AA", "allowCredentials": descriptors});
            let refused = RequestOptions::parse(&id_only.to_string()).is_err();
            prop_assert!(refused, "only the id {} can be wrong", id);
        }
        // As the app reads Cognito's answer: its reader, the member written out again.
        let member = cognito_app::json::read::parse(&creation.to_string())
            .unwrap()
            .to_string();
        if let Ok(o) = CreationOptions::parse(&member) {
            prop_assert_eq!(&creation["challenge"], &json!(b64(&o.challenge)));
            prop_assert_eq!(&creation["user"]["id"], &json!(b64(&o.user.id)));
        }
        Ok(())
    });
}

/// Credentials: whatever bytes the browser gives, the JSON written from them is
/// accepted back and decodes to the same bytes; any JSON as the browser's own
/// is refused or accepted without a panic.
#[test]
fn passkey_credentials() {
    let bytes = || proptest::collection::vec(any::<u8>(), 0..80);
    let strategy = (
        (bytes(), bytes(), bytes(), bytes()),
        proptest::option::of(bytes()),
        any_json(),
    );
    fuzz(
        "passkey credentials",
        strategy,
        |((raw_id, client_data, authenticator_data, signature), user_handle, browser)| {
            let parts = AssertionParts {
                raw_id: raw_id.clone(),
                client_data_json: client_data.clone(),
                authenticator_data,
                signature: signature.clone(),
                user_handle,
                authenticator_attachment: None,
            };
            let sent = AssertionJson::from_parts(&parts);
            prop_assert!(AssertionJson::from_browser(sent.expose()).is_ok());
            let v: Value = serde_json::from_str(sent.expose()).unwrap();
            let decode = |pointer: &str| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(v.pointer(pointer).unwrap().as_str().unwrap())
                    .unwrap()
            };
            prop_assert_eq!(decode("/rawId"), raw_id.clone());
            prop_assert_eq!(decode("/response/signature"), signature);
            let registration = RegistrationJson::from_parts(&AttestationParts {
                raw_id,
                client_data_json: client_data,
                attestation_object: parts.authenticator_data.clone(),
                ..AttestationParts::default()
            });
            prop_assert!(RegistrationJson::from_browser(registration.expose()).is_ok());
            let _ = AssertionJson::from_browser(&browser.to_string());
            let _ = RegistrationJson::from_browser(&browser.to_string());
            Ok(())
        },
    );
}
