//! `localStorage` as raw strings, as the JS libraries store them (not JSON).
//!
//! web-sys directly rather than gloo-storage: its `LocalStorage::raw()`
//! panics where the browser refuses storage (reading `window.localStorage`
//! throws where the user blocks site data, in Safari and Firefox); here that
//! is an absent value or [`BrowserError::StorageRefused`], said in a sentence.

use crate::error::browser::BrowserError;

/// `localStorage`, unless the browser refuses it.
fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a key; `None` when absent or when storage is unavailable (private mode).
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Writes a key.
///
/// # Errors
/// [`BrowserError::StorageRefused`]: storage full or unavailable.
pub fn set(key: &str, value: &str) -> Result<(), BrowserError> {
    local()
        .ok_or(BrowserError::StorageRefused)?
        .set_item(key, value)
        .map_err(|_| BrowserError::StorageRefused)
}

/// Removes a key (no error when absent).
pub fn remove(key: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}
