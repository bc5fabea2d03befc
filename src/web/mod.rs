//! Browser glue: the thin layer that gives the pure protocol code its I/O.
//! `fetch` for HTTP, `localStorage` for the session, `Date.now()` for time,
//! `crypto.getRandomValues` for randomness, Web Locks (or an IndexedDB lease) for one refresh at a time,
//! `navigator.credentials` for passkeys. Tested in headless browsers.

pub mod clock;
pub mod context_data;
pub mod fetch;
pub mod lease;
pub mod lock;
pub mod passkey;
pub mod random;
pub mod storage;
pub mod upload;
