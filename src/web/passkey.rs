//! Passkeys in the browser: `navigator.credentials.get` (a sign-in's
//! assertion) and `.create` (a new passkey), through the small extern block
//! below rather than web-sys (whose WebAuthn JSON methods need its unstable flag).
//!
//! The options go in through the browser's own converters,
//! `PublicKeyCredential.parseRequestOptionsFromJSON` and
//! `parseCreationOptionsFromJSON`, where it has them; else as an object built
//! here from [`crate::webauthn`]'s decoded bytes (`ArrayBuffer`s). The
//! credential comes out through `credential.toJSON()` where it exists, else its
//! `ArrayBuffer`s are read into [`AssertionParts`] / [`AttestationParts`] and
//! written as JSON by the protocol code. Either way the JSON stays in the
//! redacted [`AssertionJson`] / [`RegistrationJson`].
//!
//! Every prompt has a deadline: the options' `timeout` (two minutes when they
//! name none) is passed to the browser, and an `AbortController` stops the
//! request a moment after it, should the browser not.
//!
//! Size: wasm-bindgen puts every JS import in the one glue file of the first
//! load, so this file imports only the two calls (and `JSON.parse`); the rest
//! is `Reflect` and `js_sys` calls the first module imports already.

use js_sys::{Array, ArrayBuffer, Function, JSON, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal};

use crate::error::PasskeyError;
use crate::webauthn::{
    AssertionJson, AssertionParts, AttestationParts, CreationOptions, CredentialDescriptor,
    RegistrationJson, RequestOptions,
};

/// The prompt's deadline when the options name none (milliseconds).
pub const DEFAULT_TIMEOUT_MS: u32 = 120_000;
/// How long after the deadline the request is aborted, if the browser has not ended it.
const ABORT_GRACE_MS: u32 = 2_000;

// Only the two calls are imports of their own: wasm-bindgen puts every import in
// the one JS glue file of the first load, so the credential's members are read
// with `Reflect` (already imported by the first module) rather than declared here.
#[wasm_bindgen]
extern "C" {
    /// `navigator.credentials`.
    type CredentialsContainer;
    #[wasm_bindgen(method, catch)]
    fn get(this: &CredentialsContainer, options: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn create(this: &CredentialsContainer, options: &Object) -> Result<Promise, JsValue>;
}

/// Signs in with a passkey: the browser's prompt for `options` (a `WEB_AUTHN`
/// challenge's), and its assertion as the JSON Cognito takes.
///
/// # Errors
/// [`PasskeyError`]: unsupported here, cancelled or timed out, another site's
/// relying party, or JSON that cannot be read.
pub async fn get(options: &RequestOptions) -> Result<AssertionJson, PasskeyError> {
    let (credentials, class) = available()?;
    let public_key = match static_fn(&class, "parseRequestOptionsFromJSON") {
        Some(parse) => parse_json_options(&class, &parse, options.json())?,
        None => request_object(options),
    };
    let timeout = options.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
    let credential = prompt(|o| credentials.get(o), &public_key, timeout, false).await?;
    Ok(match browser_json(&credential) {
        Some(json) => AssertionJson::from_browser(&json)?,
        None => AssertionJson::from_parts(&assertion_parts(&credential)),
    })
}

/// Makes a new passkey: the browser's prompt for `options`
/// (`StartWebAuthnRegistration`'s), and the new credential as the JSON Cognito takes.
///
/// # Errors
/// As [`get`]; [`PasskeyError::AlreadyRegistered`] when the authenticator
/// already holds one of the account's passkeys.
pub async fn create(options: &CreationOptions) -> Result<RegistrationJson, PasskeyError> {
    let (credentials, class) = available()?;
    let public_key = match static_fn(&class, "parseCreationOptionsFromJSON") {
        Some(parse) => parse_json_options(&class, &parse, options.json())?,
        None => creation_object(options),
    };
    let timeout = options.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
    let credential = prompt(|o| credentials.create(o), &public_key, timeout, true).await?;
    Ok(match browser_json(&credential) {
        Some(json) => RegistrationJson::from_browser(&json)?,
        None => RegistrationJson::from_parts(&attestation_parts(&credential)),
    })
}

/// `navigator.credentials` and the `PublicKeyCredential` class, in a secure context.
fn available() -> Result<(CredentialsContainer, JsValue), PasskeyError> {
    let window = web_sys::window().ok_or(PasskeyError::Unsupported)?;
    // (`is_falsy`, not `as_bool`: an import the first module has already.)
    if member(&window, "isSecureContext").is_falsy() {
        return Err(PasskeyError::Unsupported);
    }
    let class = Reflect::get(&window, &"PublicKeyCredential".into())
        .ok()
        .filter(JsValue::is_function)
        .ok_or(PasskeyError::Unsupported)?;
    let credentials = Reflect::get(&window.navigator(), &"credentials".into())
        .ok()
        .filter(JsValue::is_object)
        .ok_or(PasskeyError::Unsupported)?;
    Ok((credentials.unchecked_into(), class))
}

/// A static method of `PublicKeyCredential`, if this browser has it.
fn static_fn(class: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(class, &name.into()).ok()?.dyn_into().ok()
}

/// The browser's converter applied to the options' JSON text.
fn parse_json_options(
    class: &JsValue,
    parse: &Function,
    json: &str,
) -> Result<Object, PasskeyError> {
    let refused = |e: JsValue| PasskeyError::from_dom_name(&dom_name(&e), false, false);
    let document = JSON::parse(json).map_err(refused)?;
    let options = parse.call1(class, &document).map_err(refused)?;
    // (`is_object`, not `dyn_into`'s `instanceof Object`: an import the first module has already.)
    if options.is_object() {
        Ok(options.unchecked_into())
    } else {
        Err(refused(options))
    }
}

/// Runs the prompt (`ask` with `{publicKey, signal}`) under the deadline.
async fn prompt(
    ask: impl FnOnce(&Object) -> Result<Promise, JsValue>,
    public_key: &Object,
    timeout_ms: u32,
    creating: bool,
) -> Result<JsValue, PasskeyError> {
    set(public_key, "timeout", &JsValue::from(timeout_ms));
    let options = Object::new();
    set(&options, "publicKey", public_key);
    let signal = deadline(timeout_ms.saturating_add(ABORT_GRACE_MS));
    if let Some(signal) = &signal {
        set(&options, "signal", signal);
    }
    let result = match ask(&options) {
        Ok(promise) => JsFuture::from(promise).await,
        Err(e) => Err(e),
    };
    let deadline_passed = signal.is_some_and(|s| s.aborted());
    match result {
        // No credential at all: nothing was chosen.
        Ok(value) if value.is_null() || value.is_undefined() => Err(PasskeyError::Cancelled),
        Ok(value) => Ok(value),
        Err(e) => Err(PasskeyError::from_dom_name(
            &dom_name(&e),
            creating,
            deadline_passed,
        )),
    }
}

/// A signal that aborts after `ms`: an `AbortController` that a timer aborts
/// (as `web::fetch`'s fallback does; aborting after the prompt has ended does
/// nothing). `None` where the browser has no `AbortController`.
fn deadline(ms: u32) -> Option<AbortSignal> {
    let controller = AbortController::new().ok()?;
    let signal = controller.signal();
    let abort = Closure::once_into_js(move || controller.abort());
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.unchecked_ref(),
            i32::try_from(ms).unwrap_or(i32::MAX),
        )
        .ok()?;
    Some(signal)
}

/// A `DOMException`'s (or any error's) `name`.
fn dom_name(e: &JsValue) -> String {
    Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_else(|| "Error".to_owned())
}

/// `credential.toJSON()` as text, where the browser has it.
fn browser_json(credential: &JsValue) -> Option<String> {
    json_text(&call(credential, "toJSON")?)
}

/// `JSON.stringify(value)`, where it gives text. (Numbers and arrays are read
/// through it, not `as_f64` or `Array`: imports the first module would carry.)
fn json_text(value: &JsValue) -> Option<String> {
    JSON::stringify(value).ok()?.as_string()
}

fn assertion_parts(credential: &JsValue) -> AssertionParts {
    let response = member(credential, "response");
    AssertionParts {
        raw_id: bytes(&member(credential, "rawId")),
        client_data_json: bytes(&member(&response, "clientDataJSON")),
        authenticator_data: bytes(&member(&response, "authenticatorData")),
        signature: bytes(&member(&response, "signature")),
        user_handle: Some(member(&response, "userHandle"))
            .filter(|h| !h.is_null() && !h.is_undefined())
            .map(|h| bytes(&h)),
        authenticator_attachment: member(credential, "authenticatorAttachment").as_string(),
    }
}

fn attestation_parts(credential: &JsValue) -> AttestationParts {
    let response = member(credential, "response");
    // Level 2 methods: a browser without them leaves these out.
    let buffer_of = |method| {
        call(&response, method)
            .filter(|b| b.is_object())
            .map(|b| bytes(&b))
    };
    AttestationParts {
        raw_id: bytes(&member(credential, "rawId")),
        client_data_json: bytes(&member(&response, "clientDataJSON")),
        attestation_object: bytes(&member(&response, "attestationObject")),
        transports: call(&response, "getTransports")
            .and_then(|t| json_text(&t))
            .and_then(|text| serde_json::from_str::<Vec<serde_json::Value>>(&text).ok())
            .map(|t| {
                t.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        public_key: buffer_of("getPublicKey"),
        public_key_algorithm: call(&response, "getPublicKeyAlgorithm")
            .and_then(|a| json_text(&a))
            .and_then(|text| text.parse().ok()),
        authenticator_data: buffer_of("getAuthenticatorData"),
        authenticator_attachment: member(credential, "authenticatorAttachment").as_string(),
    }
}

/// `object[name]` (undefined when absent).
fn member(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// `object[name]()`, when `object` has that method and it returns.
fn call(object: &JsValue, name: &str) -> Option<JsValue> {
    member(object, name)
        .dyn_into::<Function>()
        .ok()?
        .call0(object)
        .ok()
}

/// `PublicKeyCredentialRequestOptions` with `ArrayBuffer`s, for a browser without the converter.
fn request_object(o: &RequestOptions) -> Object {
    let public_key = Object::new();
    set(&public_key, "challenge", &buffer(&o.challenge));
    set_opt(&public_key, "rpId", o.rp_id.as_deref());
    set(
        &public_key,
        "allowCredentials",
        &descriptors(&o.allow_credentials),
    );
    set_opt(
        &public_key,
        "userVerification",
        o.user_verification.as_deref(),
    );
    public_key
}

/// `PublicKeyCredentialCreationOptions` with `ArrayBuffer`s, for a browser without the converter.
fn creation_object(o: &CreationOptions) -> Object {
    let public_key = Object::new();
    let rp = Object::new();
    set_opt(&rp, "id", o.rp.id.as_deref());
    set(&rp, "name", &o.rp.name.as_str().into());
    set(&public_key, "rp", &rp);
    let user = Object::new();
    set(&user, "id", &buffer(&o.user.id));
    set(&user, "name", &o.user.name.as_str().into());
    set(&user, "displayName", &o.user.display_name.as_str().into());
    set(&public_key, "user", &user);
    set(&public_key, "challenge", &buffer(&o.challenge));
    let params: Array = o
        .key_parameters
        .iter()
        .map(|p| {
            let param = Object::new();
            set(&param, "type", &p.kind.as_str().into());
            set(&param, "alg", &JsValue::from_f64(p.alg as f64));
            JsValue::from(param)
        })
        .collect();
    set(&public_key, "pubKeyCredParams", &params);
    set(
        &public_key,
        "excludeCredentials",
        &descriptors(&o.exclude_credentials),
    );
    if let Some(s) = &o.authenticator_selection {
        let selection = Object::new();
        set_opt(
            &selection,
            "authenticatorAttachment",
            s.authenticator_attachment.as_deref(),
        );
        set_opt(&selection, "residentKey", s.resident_key.as_deref());
        if let Some(required) = s.require_resident_key {
            set(&selection, "requireResidentKey", &required.into());
        }
        set_opt(
            &selection,
            "userVerification",
            s.user_verification.as_deref(),
        );
        set(&public_key, "authenticatorSelection", &selection);
    }
    set_opt(&public_key, "attestation", o.attestation.as_deref());
    if let Some(extensions) = o
        .extensions
        .as_ref()
        .and_then(|e| JSON::parse(&e.to_string()).ok())
    {
        set(&public_key, "extensions", &extensions);
    }
    public_key
}

fn descriptors(list: &[CredentialDescriptor]) -> Array {
    list.iter()
        .map(|d| {
            let descriptor = Object::new();
            set(&descriptor, "type", &d.kind.as_str().into());
            set(&descriptor, "id", &buffer(&d.id));
            let transports: Array = d.transports.iter().map(|t| JsValue::from_str(t)).collect();
            set(&descriptor, "transports", &transports);
            JsValue::from(descriptor)
        })
        .collect()
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

fn set_opt(object: &Object, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        set(object, key, &value.into());
    }
}

fn buffer(bytes: &[u8]) -> ArrayBuffer {
    Uint8Array::from(bytes).buffer()
}

/// The bytes of an `ArrayBuffer` (none for anything else).
fn bytes(buffer: &JsValue) -> Vec<u8> {
    if buffer.is_object() {
        Uint8Array::new(buffer).to_vec()
    } else {
        Vec::new()
    }
}
