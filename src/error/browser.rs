//! What the browser can refuse the app, in its own file: the browser glue
//! (`web::random`, `web::storage`) returns it without depending on the UI's
//! error type, which wraps every service's.

/// What the browser can refuse the app. `Display` is the sentence to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BrowserError {
    /// `localStorage` refused a write (full, or turned off in private mode).
    #[error("This browser refused to save your sign-in (its storage is full or turned off).")]
    StorageRefused,
    /// No `crypto.getRandomValues`.
    #[error("This browser cannot make the secure random numbers that signing in needs.")]
    NoRandomness,
    /// The code of a page loaded on demand could not be fetched.
    #[error("This page could not be loaded. Check your connection, then reload the page.")]
    PageNotLoaded,
}
