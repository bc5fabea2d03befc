//! Cryptographically secure randomness from `crypto.getRandomValues` (the
//! same source getrandom's browser backend uses, without its build flags).

use wasm_bindgen::JsValue;

/// Fills `buf` with CSPRNG bytes.
///
/// # Errors
/// The browser refused (no `window.crypto`, e.g. not a secure context in old browsers).
pub fn fill(buf: &mut [u8]) -> Result<(), JsValue> {
    let crypto = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .crypto()?;
    crypto.get_random_values_with_u8_array(buf)?;
    Ok(())
}

/// `N` random bytes.
///
/// # Errors
/// As [`fill`].
pub fn bytes<const N: usize>() -> Result<[u8; N], JsValue> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}
