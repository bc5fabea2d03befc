//! Browser glue and UI, in headless Chromium and Firefox (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use cognito_app::app::Shell;
use cognito_app::config::Config;
use cognito_app::http::{HttpClient, HttpRequest, Method};
use cognito_app::secret::Password;
use cognito_app::srp::{self, PasswordVerifier, SrpClient};
use cognito_app::web::{clock, fetch::Fetch, lease, lock, random, storage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn body() -> web_sys::HtmlElement {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
}

/// Which lock [`lock_serialises`] takes.
#[derive(Clone, Copy)]
enum Kind {
    /// What the page has (Web Locks here).
    Page,
    /// The IndexedDB lease.
    Database,
    /// The `localStorage` lease (where IndexedDB is refused).
    Storage,
}

/// Two tasks ask for the same lock at once: they run one after the other,
/// and the second is told it waited.
async fn lock_serialises(name: &str, kind: Kind) {
    use std::cell::RefCell;
    use std::rc::Rc;
    let log = Rc::new(RefCell::new(Vec::new()));
    let task = |id: u32| {
        let log = Rc::clone(&log);
        move |waited: bool| async move {
            log.borrow_mut().push(format!("start {id} waited={waited}"));
            clock::sleep(120).await;
            log.borrow_mut().push(format!("end {id}"));
        }
    };
    let (a, b) = match kind {
        Kind::Page => {
            futures_join(
                lock::exclusive(name, task(1)),
                lock::exclusive(name, task(2)),
            )
            .await
        }
        Kind::Database => {
            futures_join(
                lease::exclusive(name, task(1)),
                lease::exclusive(name, task(2)),
            )
            .await
        }
        Kind::Storage => {
            futures_join(
                lease::exclusive_in_storage(name, task(1)),
                lease::exclusive_in_storage(name, task(2)),
            )
            .await
        }
    };
    let ((), ()) = (a, b);
    let log = log.borrow();
    assert_eq!(log.len(), 4, "{log:?}");
    let first = if log[0].starts_with("start 1") { 1 } else { 2 };
    let second = 3 - first;
    assert_eq!(
        *log,
        [
            format!("start {first} waited=false"),
            format!("end {first}"),
            format!("start {second} waited=true"),
            format!("end {second}"),
        ]
    );
}

/// Polls two futures to completion (no executor crate needed).
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none()
            && let Poll::Ready(v) = a.as_mut().poll(cx)
        {
            ra = Some(v);
        }
        if rb.is_none()
            && let Poll::Ready(v) = b.as_mut().poll(cx)
        {
            rb = Some(v);
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

#[wasm_bindgen_test]
async fn the_lock_lets_one_holder_in_at_a_time() {
    // wasm-bindgen-test serves from http://127.0.0.1: a secure context with Web Locks.
    assert_eq!(lock::available(), lock::LockKind::WebLocks);
    lock_serialises("test.lock.web", Kind::Page).await;
}

#[wasm_bindgen_test]
async fn the_database_lease_lets_one_holder_in_at_a_time() {
    lock_serialises("test.lock.db", Kind::Database).await;
    // Released: taken again at once, without waiting.
    let waited = lease::exclusive("test.lock.db", |waited| async move { waited }).await;
    assert!(!waited, "the lease was released");
}

#[wasm_bindgen_test]
async fn the_storage_lease_lets_one_holder_in_at_a_time() {
    lock_serialises("test.lock.lease", Kind::Storage).await;
    assert_eq!(
        storage::get("test.lock.lease.lease"),
        None,
        "the lease is removed"
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
            method: Method::GET,
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
    // A path that cannot exist: the app must explain, not stay blank.
    let host = new_host();
    let loaded = cognito_app::app::load_config("no-such-config-for-tests.json").await;
    let handle = leptos::mount::mount_to(host.clone(), move || {
        leptos::view! { <cognito_app::app::App loaded /> }
    });
    let text = wait_for(&host, "not configured").await;
    assert!(text.contains("There is no config.json"), "{text}");
    assert!(
        host.query_selector("[role=alert]").unwrap().is_some(),
        "announced with role=alert"
    );
    drop(handle);
    host.remove();
}

/// The first paint's fields of config.json, read by `JSON.parse`, are the
/// checked configuration's (whose reader is held to serde_json natively).
#[wasm_bindgen_test]
fn the_first_paint_reads_config_as_the_check_does() {
    let base = test_config_text();
    let cases = [
        base.clone(),
        base.replacen('{', r#"{"signInWith":"email","guests":true,"clientSecret":"s","#, 1),
        base.replacen('{', r#"{"hostedUi":{"domain":"https://d.auth.us-east-1.amazoncognito.com"},"#, 1),
        base.replacen(
            '{',
            r#"{"hostedUi":{"domain":"https://d.auth.us-east-1.amazoncognito.com","providers":["Google","Okta\u00e9"]},"#,
            1,
        ),
        // A repeated name: the last one counts, in both readers.
        base.replacen('{', r#"{"clientId":"first","guests":false,"#, 1),
        base.replacen('{', r#"{"signInWith":"username","guests":null,"#, 1),
    ];
    for text in cases {
        let shell = Shell::read(text.clone()).unwrap();
        let config = Config::parse(&text).unwrap();
        assert_eq!(shell.client_id, config.client_id, "{text}");
        assert_eq!(shell.sign_in_with, config.sign_in_with, "{text}");
        assert_eq!(shell.guests, config.guests, "{text}");
    }
    for not_a_shell in [
        "",
        "[1]",
        "null",
        "{\"clientId\":3}",
        "{\"region\":\"x\"}",
        "{,}",
    ] {
        assert!(
            Shell::read(not_a_shell.to_owned()).is_none(),
            "{not_a_shell}"
        );
    }
}

/// A config.json that reads but that the full check refuses: the first view
/// is shown, then the setup page with the check's sentence.
#[wasm_bindgen_test]
async fn app_shows_the_setup_page_for_a_config_the_check_refuses() {
    let host = new_host();
    let loaded = cognito_app::app::load_config(r#"data:application/json,{"region":"us-east-1","userPoolId":"us-east-1_T","clientId":"c","identityPoolId":"eu-west-1:1"}"#).await;
    let handle = leptos::mount::mount_to(host.clone(), move || {
        leptos::view! { <cognito_app::app::App loaded /> }
    });
    let text = wait_for(&host, "not configured").await;
    assert!(
        text.contains(
            "config.json: identityPoolId must look like <region>:<uuid>, in the configured region."
        ),
        "{text}"
    );
    drop(handle);
    host.remove();
}

/// Not JSON at all: the setup page says where the reader stopped (the full check's sentence).
#[wasm_bindgen_test]
async fn app_shows_the_setup_page_for_a_config_that_is_not_json() {
    let host = new_host();
    let loaded = cognito_app::app::load_config("data:application/json,{\"region\" 1}").await;
    let handle = leptos::mount::mount_to(host.clone(), move || {
        leptos::view! { <cognito_app::app::App loaded /> }
    });
    let text = wait_for(&host, "not configured").await;
    assert!(text.contains("config.json is not valid: "), "{text}");
    drop(handle);
    host.remove();
}

// ---- the configured app, mounted with a test configuration (no network) ----

const CLIENT_ID: &str = "testclient";

fn test_config_text() -> String {
    format!(
        r#"{{"region":"us-east-1","userPoolId":"us-east-1_Test","clientId":"{CLIENT_ID}",
            "identityPoolId":"us-east-1:0000","bucket":"test-bucket",
            "endpoints":{{"cognitoIdp":"http://127.0.0.1:9/","cognitoIdentity":"http://127.0.0.1:9/","s3":"http://127.0.0.1:9"}}}}"#
    )
}

fn new_host() -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    body().append_child(&host).unwrap();
    host
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits (up to 5 s) until `host` shows `needle`; returns its text.
async fn wait_for(host: &web_sys::HtmlElement, needle: &str) -> String {
    for _ in 0..100 {
        let text = host.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        clock::sleep(50).await;
    }
    panic!("never showed {needle:?}; shows: {:?}", host.text_content());
}

fn path() -> String {
    web_sys::window().unwrap().location().pathname().unwrap()
}

/// Mounts the configured app at `path`, with a clean or prepared `localStorage`.
fn mount_at(path: &str) -> (web_sys::HtmlElement, impl Drop) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .push_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
    let host = new_host();
    let shell = Shell::read(test_config_text()).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        let refused = leptos::prelude::RwSignal::new(None).write_only();
        leptos::view! { <cognito_app::app::Configured shell refused /> }
    });
    (host, handle)
}

fn clear_storage() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
}

fn fake_jwt(claims: serde_json::Value) -> String {
    use base64::Engine as _;
    let enc = |v: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    format!(
        "{}.{}.sig",
        enc(&serde_json::json!({"alg": "RS256"})),
        enc(&claims)
    )
}

/// Writes a session as amazon-cognito-identity-js would have.
fn store_session(username: &str, email: &str) {
    let now = clock::now_seconds();
    let p = format!("CognitoIdentityServiceProvider.{CLIENT_ID}");
    let iss = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test";
    let id = serde_json::json!({"iat": now, "exp": now + 3600, "email": email, "cognito:username": username,
        "token_use": "id", "aud": CLIENT_ID, "iss": iss});
    let access = serde_json::json!({"iat": now, "exp": now + 3600, "username": username,
        "token_use": "access", "client_id": CLIENT_ID, "iss": iss});
    storage::set(&format!("{p}.LastAuthUser"), username).unwrap();
    storage::set(&format!("{p}.{username}.idToken"), &fake_jwt(id)).unwrap();
    storage::set(&format!("{p}.{username}.accessToken"), &fake_jwt(access)).unwrap();
    storage::set(&format!("{p}.{username}.refreshToken"), "opaque-refresh").unwrap();
    storage::set(&format!("{p}.{username}.clockDrift"), "0").unwrap();
}

fn set_input(host: &web_sys::HtmlElement, id: &str, value: &str) {
    let input: web_sys::HtmlInputElement = host
        .query_selector(&format!("#{id}"))
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn submit(host: &web_sys::HtmlElement) {
    let form: web_sys::HtmlFormElement = host
        .query_selector("form")
        .unwrap()
        .unwrap()
        .unchecked_into();
    form.request_submit().unwrap();
}

#[wasm_bindgen_test]
async fn a_stored_session_is_restored_without_a_request() {
    clear_storage();
    store_session("restored-user", "restored@example.com");
    // The endpoints point at a closed port: a refresh would fail and end on an error
    // or at sign-in. (The view's own opening listing of the shared folder fails there
    // too, under "Objects"; the e2e journey checks that no user pool request is sent.)
    let (host, handle) = mount_at("/objects");
    let text = wait_for(&host, "restored@example.com").await;
    assert!(text.contains("restored-user"), "{text}");
    assert_eq!(path(), "/objects");
    let who = host.query_selector(".who").unwrap().expect("who you are");
    assert!(
        who.text_content().unwrap().contains("restored-user"),
        "{text}"
    );
    drop(handle);
    host.remove();
    clear_storage();
}

#[wasm_bindgen_test]
async fn the_objects_page_is_guarded() {
    clear_storage();
    let (host, handle) = mount_at("/objects");
    wait_for(&host, "Sign in").await;
    assert_eq!(path(), "/signin");
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
async fn a_corrupted_session_is_reported_not_silently_dropped() {
    clear_storage();
    let p = format!("CognitoIdentityServiceProvider.{CLIENT_ID}");
    storage::set(&format!("{p}.LastAuthUser"), "broken").unwrap();
    storage::set(&format!("{p}.broken.idToken"), "not-a-jwt").unwrap();
    storage::set(&format!("{p}.broken.accessToken"), "not-a-jwt").unwrap();
    let (host, handle) = mount_at("/signin");
    let text = wait_for(&host, "could not be read").await;
    assert!(text.contains("sign in again"), "{text}");
    drop(handle);
    host.remove();
    clear_storage();
}

#[wasm_bindgen_test]
async fn registration_is_validated_before_any_request() {
    clear_storage();
    let (host, handle) = mount_at("/register");
    wait_for(&host, "Create an account").await;
    for label in [
        "Email",
        "Username",
        "Password",
        "Confirm password",
        "Name",
        "Address",
    ] {
        assert!(
            host.inner_html().contains(&format!(">{label}")),
            "no visible label {label}"
        );
    }
    set_input(&host, "email", "ada@example.com");
    set_input(&host, "username", "ada");
    set_input(&host, "password", "Analytical-1");
    set_input(&host, "confirm-password", "Analytical-2");
    submit(&host);
    // The endpoint is a closed port: had a request been sent, the error would be a network one.
    let text = wait_for(&host, "The passwords do not match.").await;
    assert!(!text.contains("Could not reach"), "{text}");
    let alert = host.query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(alert.text_content().unwrap(), "The passwords do not match.");

    set_input(&host, "confirm-password", "Analytical-1");
    submit(&host);
    // Now the form is valid and the request goes out (to the closed port): a network error.
    wait_for(&host, "Could not reach the sign-in service").await;
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
async fn sign_in_errors_are_sentences_and_the_password_is_not_kept() {
    clear_storage();
    let (host, handle) = mount_at("/signin");
    wait_for(&host, "Sign in").await;
    set_input(&host, "username", "someone");
    submit(&host);
    wait_for(&host, "Enter your password.").await;
    set_input(&host, "password", "Secret-Password-1");
    submit(&host);
    wait_for(&host, "Could not reach the sign-in service").await;
    let password: web_sys::HtmlInputElement = host
        .query_selector("#password")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        password.value(),
        "",
        "the password field is cleared once used"
    );
    assert!(!host.inner_html().contains("Secret-Password-1"));
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
async fn sign_out_clears_the_stored_session() {
    clear_storage();
    store_session("leaving-user", "leaving@example.com");
    let (host, handle) = mount_at("/objects");
    wait_for(&host, "leaving@example.com").await;
    // The navigation's button, in the top bar.
    let sign_out: web_sys::HtmlElement = host
        .query_selector("nav.main button")
        .unwrap()
        .expect("a button")
        .unchecked_into();
    assert_eq!(sign_out.text_content().as_deref(), Some("Sign out"));
    sign_out.click();
    // The endpoints are a closed port: the revocation fails, the sign-out stands.
    wait_for(
        &host,
        "You are signed out on this device, but Cognito could not be told",
    )
    .await;
    assert_eq!(path(), "/signin");
    assert_eq!(
        storage::get(&format!(
            "CognitoIdentityServiceProvider.{CLIENT_ID}.LastAuthUser"
        )),
        None
    );
    drop(handle);
    host.remove();
}

#[wasm_bindgen_test]
fn the_panic_banner_offers_a_reload() {
    cognito_app::app::panic_banner::show();
    let banner = document()
        .query_selector(".panic-banner")
        .unwrap()
        .expect("a banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(banner.text_content().unwrap().contains("stopped working"));
    let button = banner.query_selector("button").unwrap().expect("a button");
    assert_eq!(button.text_content().as_deref(), Some("Reload"));
    // No inline handler: a strict Content-Security-Policy would block it.
    assert_eq!(button.get_attribute("onclick"), None);
    banner.remove();
}
