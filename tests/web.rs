//! Browser glue and UI, in headless Chromium and Firefox (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use cognito_app::http::{HttpClient, HttpRequest};
use cognito_app::secret::Password;
use cognito_app::srp::{self, PasswordVerifier, SrpClient};
use cognito_app::web::{clock, fetch::Fetch, random, storage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn body() -> web_sys::HtmlElement {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
}

/// Waits (up to 5 s) until the page text contains `needle`.
async fn wait_for_text(needle: &str) -> String {
    for _ in 0..100 {
        let text = body().text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        sleep(50).await;
    }
    panic!(
        "page never showed {needle:?}; it shows: {:?}",
        body().text_content()
    );
}

#[wasm_bindgen_test]
fn local_storage_round_trip() {
    storage::set("test.key", "välue").unwrap();
    assert_eq!(storage::get("test.key").as_deref(), Some("välue"));
    storage::remove("test.key");
    assert_eq!(storage::get("test.key"), None);
}

#[wasm_bindgen_test]
fn randomness_is_not_constant() {
    let a: [u8; 32] = random::bytes().unwrap();
    let b: [u8; 32] = random::bytes().unwrap();
    assert_ne!(a, b);
    assert_ne!(a, [0u8; 32]);
}

#[wasm_bindgen_test]
fn clock_reads_the_browser_time() {
    let now = clock::now_seconds();
    assert!(now > 1_700_000_000, "{now}");
    assert_eq!(clock::now_millis() as i64 / 1000 - now, 0);
}

#[wasm_bindgen_test]
async fn fetch_reports_an_unreachable_host_as_transport_error() {
    let err = Fetch
        .send(HttpRequest {
            method: "GET",
            url: "http://127.0.0.1:9/secret?token=abc".into(),
            headers: vec![],
            body: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.host, "http://127.0.0.1:9");
    assert!(!err.to_string().contains("token"), "{err}");
}

#[wasm_bindgen_test]
fn srp_in_wasm_matches_the_js_library() {
    // The same vectors as the native test, compiled into the wasm (no file system here).
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("vectors/srp.json")).unwrap();
    for case in vectors["cases"].as_array().unwrap().iter().take(4) {
        let s = |k: &str| case[k].as_str().unwrap().to_owned();
        let mut a = num_bigint::BigUint::parse_bytes(s("a").as_bytes(), 16)
            .unwrap()
            .to_bytes_be();
        while a.len() < srp::SECRET_LEN {
            a.insert(0, 0);
        }
        let client = SrpClient::new(&a).unwrap();
        let claim = client
            .password_claim(
                srp::pool_name(&s("pool_id")),
                &PasswordVerifier {
                    srp_b: s("srp_b"),
                    salt: s("salt"),
                    secret_block: s("secret_block"),
                    user_id_for_srp: s("user_id_for_srp"),
                },
                &Password::new(s("password")),
                case["expected"]["timestamp"].as_str().unwrap(),
            )
            .unwrap();
        assert_eq!(
            claim.signature,
            case["expected"]["signature"].as_str().unwrap()
        );
    }
}

#[wasm_bindgen_test]
async fn app_shows_the_setup_page_without_config() {
    // The test server has no config.json: the app must explain, not stay blank.
    let host: web_sys::HtmlElement = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap()
        .unchecked_into();
    body().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), cognito_app::app::App);
    let text = wait_for_text("not configured").await;
    assert!(text.contains("config.json"), "{text}");
    let alert = host.query_selector("[role=alert]").unwrap();
    assert!(alert.is_some(), "the problem is announced with role=alert");
    drop(handle);
    host.remove();
}
