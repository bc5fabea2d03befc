//! Cryptographically secure randomness from `crypto.getRandomValues` (the
//! same source getrandom's browser backend uses, without its build flags).

use crate::error::browser::BrowserError;

/// Fills `buf` with CSPRNG bytes.
///
/// # Errors
/// [`BrowserError::NoRandomness`]: no `window.crypto` (old browsers outside a secure context).
pub fn fill(buf: &mut [u8]) -> Result<(), BrowserError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(BrowserError::NoRandomness)?;
    crypto
        .get_random_values_with_u8_array(buf)
        .map_err(|_| BrowserError::NoRandomness)?;
    Ok(())
}

/// `N` random bytes.
///
/// # Errors
/// As [`fill`].
pub fn bytes<const N: usize>() -> Result<[u8; N], BrowserError> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}
