//! The browser clock (`SystemTime::now()` panics on wasm32-unknown-unknown).

/// Milliseconds since the Unix epoch, from `Date.now()`.
pub fn now_millis() -> u64 {
    js_sys::Date::now() as u64
}

/// Seconds since the Unix epoch.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0).floor() as i64
}
