//! `localStorage` as raw strings (the JS libraries store raw strings, not JSON,
//! so gloo-storage's JSON helpers are bypassed for interoperability).

use gloo_storage::{LocalStorage, Storage as _};

use crate::error::BrowserError;

/// Reads a key; `None` when absent or when storage is unavailable (private mode).
pub fn get(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Writes a key.
///
/// # Errors
/// [`BrowserError::StorageRefused`]: storage full or unavailable.
pub fn set(key: &str, value: &str) -> Result<(), BrowserError> {
    LocalStorage::raw()
        .set_item(key, value)
        .map_err(|_| BrowserError::StorageRefused)
}

/// Removes a key (no error when absent).
pub fn remove(key: &str) {
    let _ = LocalStorage::raw().remove_item(key);
}
