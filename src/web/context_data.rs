//! Threat protection's collector in the browser: Cognito's own script,
//! `amazon-cognito-advanced-security-data.min.js` from Cognito's assets host in the
//! pool's region, loaded only when the pool has threat protection on (the CSP names
//! it then only: `scripts/csp.sh`), and read for each request that takes context data
//! ([`crate::user_pool::ContextData`]). Requests sent before it has loaded (or when
//! it is blocked) go without, as Amplify's do.

use wasm_bindgen::{JsCast, JsValue};

use crate::user_pool::ContextData;

const SCRIPT_ID: &str = "cognito-context-data";

/// Where Cognito serves its collector for a region.
pub fn script_url(region: &str) -> String {
    format!(
        "https://amazon-cognito-assets.{region}.amazoncognito.com/amazon-cognito-advanced-security-data.min.js"
    )
}

/// Adds the collector's `<script>` to the page, once; it loads in the background.
pub fn load(region: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(SCRIPT_ID).is_some() {
        return;
    }
    let (Ok(script), Some(head)) = (document.create_element("script"), document.head()) else {
        return;
    };
    script.set_id(SCRIPT_ID);
    if script.set_attribute("src", &script_url(region)).is_ok() {
        let _ = head.append_child(&script);
    }
}

/// The collector for a pool and app client: `AmazonCognitoAdvancedSecurityData.getData`.
pub fn collector(user_pool_id: String, client_id: String) -> ContextData {
    ContextData::new(move |username| encoded(username, &user_pool_id, &client_id))
}

fn encoded(username: &str, user_pool_id: &str, client_id: &str) -> Option<String> {
    let global = js_sys::Reflect::get(
        &js_sys::global(),
        &JsValue::from_str("AmazonCognitoAdvancedSecurityData"),
    )
    .ok()
    .filter(|g| g.is_object())?;
    let get_data = js_sys::Reflect::get(&global, &JsValue::from_str("getData"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    get_data
        .call3(
            &global,
            &JsValue::from_str(username),
            &JsValue::from_str(user_pool_id),
            &JsValue::from_str(client_id),
        )
        .ok()?
        .as_string()
}
