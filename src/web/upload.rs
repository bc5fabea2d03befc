//! Sending a file with progress and a cancel button: `XMLHttpRequest`, whose
//! `upload.onprogress` `fetch` does not have. The file goes to the URL the upload
//! function of the user's API presigned (`api::UploadPolicy`); this only sends it,
//! reports bytes sent, and reads the status and body.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use crate::http::TransportError;

/// The upload's deadline: as long as its policy is valid (100 MiB at ~350 KB/s).
pub const DEADLINE_SECONDS: u32 = 300;

/// Cancels the request in flight (if any) and the ones not started yet.
#[derive(Clone, Default)]
pub struct Cancel(Rc<RefCell<CancelState>>);

#[derive(Default)]
struct CancelState {
    cancelled: bool,
    in_flight: Vec<XmlHttpRequest>,
}

impl Cancel {
    /// Stops the upload: every request in flight is aborted.
    pub fn cancel(&self) {
        let in_flight = {
            let mut state = self.0.borrow_mut();
            state.cancelled = true;
            std::mem::take(&mut state.in_flight)
        };
        for xhr in in_flight {
            let _ = xhr.abort();
        }
    }

    /// Was it cancelled?
    pub fn is_cancelled(&self) -> bool {
        self.0.borrow().cancelled
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// HTTP status.
    pub status: u16,
    /// The body as text (an error document, usually empty).
    pub body: String,
}

/// Why nothing came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotSent {
    /// The user cancelled.
    Cancelled,
    /// No answer (network lost, CORS refusal, deadline).
    Transport(TransportError),
}

/// Sends `body` with `method` to `url` and `headers`; `progress(bytes sent)` as it goes.
///
/// # Errors
/// [`NotSent::Cancelled`] when `cancel` fired; [`NotSent::Transport`] otherwise.
pub async fn send(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: &Blob,
    progress: impl Fn(f64) + 'static,
    cancel: &Cancel,
) -> Result<Sent, NotSent> {
    let fail = |reason: &str| NotSent::Transport(TransportError::new(url, reason));
    if cancel.is_cancelled() {
        return Err(NotSent::Cancelled);
    }
    let xhr = XmlHttpRequest::new().map_err(|_| fail("no XMLHttpRequest"))?;
    xhr.open(method, url).map_err(|_| fail("open"))?;
    for (name, value) in headers {
        if !name.eq_ignore_ascii_case("host") {
            xhr.set_request_header(name, value)
                .map_err(|_| fail("header"))?;
        }
    }
    xhr.set_timeout(DEADLINE_SECONDS * 1000);
    let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |e: ProgressEvent| {
        progress(e.loaded());
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // Settles on load, error, abort or timeout; which one is read from the XHR.
    let outcome = Rc::new(RefCell::new("error"));
    let done = js_sys::Promise::new(&mut |resolve, _reject| {
        for (event, name) in [
            ("load", "load"),
            ("error", "error"),
            ("abort", "abort"),
            ("timeout", "timeout"),
        ] {
            let (resolve, outcome) = (resolve.clone(), outcome.clone());
            let handler = Closure::once_into_js(move || {
                *outcome.borrow_mut() = name;
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            });
            let _ = xhr.add_event_listener_with_callback(event, handler.unchecked_ref());
        }
    });
    cancel.0.borrow_mut().in_flight.push(xhr.clone());
    xhr.send_with_opt_blob(Some(body))
        .map_err(|_| fail("send"))?;
    let _ = JsFuture::from(done).await;
    cancel.0.borrow_mut().in_flight.retain(|x| x != &xhr);
    drop(on_progress);
    match *outcome.borrow() {
        "load" => Ok(Sent {
            status: xhr.status().unwrap_or(0),
            body: xhr.response_text().ok().flatten().unwrap_or_default(),
        }),
        "abort" => Err(NotSent::Cancelled),
        "timeout" => Err(NotSent::Transport(TransportError::timed_out(
            url,
            DEADLINE_SECONDS,
        ))),
        _ => Err(fail("network error")),
    }
}
