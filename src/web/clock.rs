//! The browser clock (`SystemTime::now()` panics on wasm32-unknown-unknown),
//! and waiting.

/// Milliseconds since the Unix epoch, from `Date.now()`.
pub fn now_millis() -> u64 {
    js_sys::Date::now() as u64
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}

/// Waits `ms` milliseconds (`setTimeout`).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window().is_some_and(|window| {
            window
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .is_ok()
        });
        if !scheduled {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Marks a moment on the page's performance timeline (`performance.mark`),
/// where the load benchmark and the tests read it.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// An ISO 8601 time (S3's `LastModified`) as the browser's local date and
/// time; `None` when the browser cannot read it.
pub fn local_time_of(iso: &str) -> Option<String> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    (!date.get_time().is_nan())
        .then(|| String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)))
}

/// A Unix time as the browser's local date and time.
pub fn local_time(unix_seconds: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}
