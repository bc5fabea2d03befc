//! The lock of [`super::lock`] where a page has no Web Locks (an S3 website
//! over plain http is no secure context): a lease, `"<owner> <until>"`
//! ([`Lease`]), taken in **IndexedDB**, whose read-write transactions on one
//! store run one at a time across every tab of the origin, so reading the
//! lease and writing ours is one atomic step however slow the CPU is.
//!
//! Why not `localStorage` (the first version, still the fallback where
//! IndexedDB cannot be opened): it has no atomic read-then-write, only "write,
//! wait, read back", and another tab's write reaches this tab's storage after a
//! delay nothing bounds (tens of milliseconds on an idle machine, more under
//! load): two tabs whose writes cross within that delay both believe they hold
//! it (e2e/refresh.test.mjs shows it with writes seen 2 s late).
//!
//! IndexedDB is reached through `Reflect` rather than web-sys's typed API: no
//! new imports in the first module for code only the refresh runs.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::session::lease::{LEASE_MS, Lease};
use crate::web::{clock, random, storage};

/// The database and store of leases.
const DB: &str = "cognito-app.leases";
const STORE: &str = "leases";
/// localStorage fallback: after writing a lease, wait this long before reading
/// it back (another tab's write took up to 60 ms to show in headless Chromium
/// on 2 busy cores).
const SETTLE_MS: i32 = 200;
/// Give up waiting for a lease after this long, and take it (ms): by then an
/// honest holder has released it or its lease has run out.
const WAIT_MS: u64 = LEASE_MS + 5_000;
/// How often a waiting tab looks again (ms).
const POLL_MS: i32 = 50;

/// Runs `f` holding the lease `name`; `f` is told whether it waited.
pub async fn exclusive<F, Fut>(name: &str, f: F) -> Fut::Output
where
    F: FnOnce(bool) -> Fut,
    Fut: Future,
{
    let owner = new_owner();
    match open().await {
        Some(db) => match db_lease(&db, name, &owner).await {
            Some(waited) => {
                let _held = DbHeld {
                    db,
                    key: name.to_owned(),
                    owner,
                };
                f(waited).await
            }
            None => storage_lease(name, &owner, f).await,
        },
        None => storage_lease(name, &owner, f).await,
    }
}

/// A random name for this holder.
fn new_owner() -> String {
    random::bytes::<8>().map_or_else(
        |_| format!("{}", js_sys::Math::random().to_bits()),
        |b| b.iter().map(|x| format!("{x:02x}")).collect(),
    )
}

/// `target[method](...args)`.
fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function = Reflect::get(target, &method.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    function.apply(target, &args.iter().collect::<Array>()).ok()
}

fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &name.into(), value);
}

/// Resolves when the IndexedDB request or transaction `target` ends well
/// (`ok_event`, with its `result`), rejects when it fails.
fn ended(target: &JsValue, ok_event: &str) -> JsFuture {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let source = target.clone();
        let ok = Closure::once_into_js(move || {
            let result = Reflect::get(&source, &"result".into()).unwrap_or(JsValue::UNDEFINED);
            let _ = resolve.call1(&JsValue::UNDEFINED, &result);
        });
        set(target, ok_event, &ok);
        set(target, "onerror", &reject);
        set(target, "onabort", &reject);
    });
    JsFuture::from(promise)
}

/// The lease database, created on first use; `None` where IndexedDB is
/// missing or refused (some private modes, sandboxed frames).
async fn open() -> Option<JsValue> {
    let factory = Reflect::get(&js_sys::global(), &"indexedDB".into()).ok()?;
    if factory.is_undefined() || factory.is_null() {
        return None;
    }
    let request = call(&factory, "open", &[DB.into(), 1.into()])?;
    let source = request.clone();
    let upgrade = Closure::once_into_js(move || {
        if let Ok(db) = Reflect::get(&source, &"result".into()) {
            let _ = call(&db, "createObjectStore", &[STORE.into()]);
        }
    });
    set(&request, "onupgradeneeded", &upgrade);
    ended(&request, "onsuccess").await.ok()
}

/// Waits for the lease and takes it (`Some(waited)`); `None` if IndexedDB
/// failed meanwhile (the caller falls back to `localStorage`).
async fn db_lease(db: &JsValue, key: &str, owner: &str) -> Option<bool> {
    let give_up_at = clock::now_millis().saturating_add(WAIT_MS);
    let mut waited = false;
    loop {
        let force = clock::now_millis() > give_up_at;
        if take(db, key, owner, force).await? {
            return Some(waited);
        }
        waited = true;
        clock::sleep(POLL_MS).await;
    }
}

/// Starts a read-write transaction that reads `key`'s lease and calls
/// `then(store, lease)` inside it, so what `then` writes is part of the same
/// atomic step. The transaction, to wait for; `None` if IndexedDB refused.
fn read_then(
    db: &JsValue,
    key: &str,
    then: impl FnOnce(&JsValue, Option<String>) + 'static,
) -> Option<JsValue> {
    let tx = call(db, "transaction", &[STORE.into(), "readwrite".into()])?;
    let store = call(&tx, "objectStore", &[STORE.into()])?;
    let read = call(&store, "get", &[key.into()])?;
    let source = read.clone();
    let on_read = Closure::once_into_js(move || {
        let lease = Reflect::get(&source, &"result".into())
            .ok()
            .and_then(|v| v.as_string());
        then(&store, lease);
    });
    set(&read, "onsuccess", &on_read);
    Some(tx)
}

/// One read-write transaction: reads the lease and, unless another holder's
/// keeps us out (or `force`), writes ours. `Some(true)` if it is ours now.
async fn take(db: &JsValue, key: &str, owner: &str, force: bool) -> Option<bool> {
    let taken = Rc::new(Cell::new(false));
    let (got, put_key, owner) = (Rc::clone(&taken), key.to_owned(), owner.to_owned());
    let tx = read_then(db, key, move |store, current| {
        let now = clock::now_millis();
        if force || !Lease::keeps_out(current.as_deref(), &owner, now) {
            let lease = Lease::taken(&owner, now).value();
            got.set(call(store, "put", &[lease.into(), put_key.into()]).is_some());
        }
    })?;
    ended(&tx, "oncomplete").await.ok()?;
    Some(taken.get())
}

/// Removes the lease when dropped, if it is still ours (a transaction started
/// at once; nothing waits for it).
struct DbHeld {
    db: JsValue,
    key: String,
    owner: String,
}

impl Drop for DbHeld {
    fn drop(&mut self) {
        let (key, owner) = (self.key.clone(), self.owner.clone());
        let _ = read_then(&self.db, &self.key, move |store, current| {
            if Lease::held_by(current.as_deref(), &owner) {
                let _ = call(store, "delete", &[key.into()]);
            }
        });
    }
}

/// Removes the `localStorage` lease when dropped, if it is still ours.
struct StorageHeld {
    key: String,
    owner: String,
}

impl Drop for StorageHeld {
    fn drop(&mut self) {
        if Lease::held_by(storage::get(&self.key).as_deref(), &self.owner) {
            storage::remove(&self.key);
        }
    }
}

/// The fallback where IndexedDB cannot be used: write "owner until", wait a
/// moment, and hold the lease if the value is still ours.
async fn storage_lease<F, Fut>(name: &str, owner: &str, f: F) -> Fut::Output
where
    F: FnOnce(bool) -> Fut,
    Fut: Future,
{
    let key = format!("{name}.lease");
    let give_up_at = clock::now_millis().saturating_add(WAIT_MS);
    let mut waited = false;
    loop {
        let now = clock::now_millis();
        let taken = Lease::keeps_out(storage::get(&key).as_deref(), owner, now);
        waited |= taken;
        if !taken || now > give_up_at {
            let _ = storage::set(&key, &Lease::taken(owner, now).value());
            // Let a competing tab's write land; the last writer wins.
            clock::sleep(SETTLE_MS).await;
            if Lease::held_by(storage::get(&key).as_deref(), owner) {
                break;
            }
            waited = true;
        } else {
            clock::sleep(POLL_MS).await;
        }
    }
    let _held = StorageHeld {
        key,
        owner: owner.to_owned(),
    };
    f(waited).await
}

/// [`exclusive`] with the `localStorage` lease (for its browser test).
pub async fn exclusive_in_storage<F, Fut>(name: &str, f: F) -> Fut::Output
where
    F: FnOnce(bool) -> Fut,
    Fut: Future,
{
    storage_lease(name, &new_owner(), f).await
}
