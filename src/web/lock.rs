//! One holder at a time across every tab of the origin: for the token refresh.
//!
//! The Web Locks API (`navigator.locks`) where the browser offers it, which
//! needs a secure context (https, or http://localhost). An S3 website served
//! over plain http is not one, so there a lease stands in ([`super::lease`]:
//! taken in one IndexedDB transaction); a holder that vanished (closed tab)
//! loses the lease after 40 seconds.

use std::future::Future;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;

use crate::session::lease::LEASE_MS;
use crate::web::lease;

// The lease outlives the longest refresh (one request, given up at its deadline).
const _: () = assert!(LEASE_MS > 2 * 1000 * crate::web::fetch::DEADLINE_SECONDS as u64);

/// Which mechanism [`exclusive`] used (for tests and diagnostics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockKind {
    /// `navigator.locks`.
    WebLocks,
    /// A lease in IndexedDB (in `localStorage` where IndexedDB is refused).
    StorageLease,
}

/// The mechanism this page has.
pub fn available() -> LockKind {
    if web_locks().is_some() {
        LockKind::WebLocks
    } else {
        LockKind::StorageLease
    }
}

/// Runs `f` while holding the lock `name` (waits for other holders in any
/// tab). `f` is told whether another holder had the lock first: then it
/// may find the work already done.
pub async fn exclusive<F, Fut>(name: &str, f: F) -> Fut::Output
where
    F: FnOnce(bool) -> Fut,
    Fut: Future,
{
    match web_locks() {
        Some(locks) => match web_lock(&locks, name, f).await {
            Ok(out) => out,
            // The browser refused the request (e.g. an opaque origin): a lease instead.
            Err(f) => lease::exclusive(name, f).await,
        },
        None => lease::exclusive(name, f).await,
    }
}

fn web_locks() -> Option<JsValue> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

/// Resolves the promise the lock callback returned: the lock is released
/// when this is dropped, also if the waiting future is dropped early.
struct Release(Function);

impl Drop for Release {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::UNDEFINED);
    }
}

/// A promise and its `resolve` function.
fn deferred() -> (Promise, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
    // The executor runs synchronously inside `new Promise`.
    let resolve = resolve.unwrap_or_else(|| Function::new_no_args(""));
    (promise, resolve)
}

/// `navigator.locks.request(name, options, callback)`; resolves with the
/// lock (or `null` when `ifAvailable` and it is taken), and the function that
/// releases it.
fn request_lock(locks: &JsValue, name: &str, if_available: bool) -> Option<(Promise, Release)> {
    let request = Reflect::get(locks, &"request".into())
        .ok()
        .map(Function::from)?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"ifAvailable".into(), &if_available.into()).ok()?;
    let (held, release) = deferred();
    let (granted, grant) = deferred();
    let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
        let _ = grant.call1(&JsValue::UNDEFINED, &lock);
        held.into()
    });
    let release = Release(release);
    request
        .call3(locks, &name.into(), &options, &callback)
        .ok()?;
    Some((granted, release))
}

async fn web_lock<F, Fut>(locks: &JsValue, name: &str, f: F) -> Result<Fut::Output, F>
where
    F: FnOnce(bool) -> Fut,
    Fut: Future,
{
    // First without waiting, to learn whether another holder is at work.
    let Some((granted, release)) = request_lock(locks, name, true) else {
        return Err(f);
    };
    let lock = JsFuture::from(granted).await.unwrap_or(JsValue::NULL);
    if !lock.is_null() {
        let out = f(false).await;
        drop(release);
        return Ok(out);
    }
    drop(release);
    let Some((granted, release)) = request_lock(locks, name, false) else {
        return Err(f);
    };
    let _ = JsFuture::from(granted).await;
    let out = f(true).await;
    drop(release);
    Ok(out)
}
