//! [`HttpClient`] over the browser's `fetch`, with a deadline on every request.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, Request, RequestInit, RequestMode, Response};

use crate::http::{HttpClient, HttpRequest, HttpResponse, TransportError};

/// Every request is given up after this long without its whole answer (seconds):
/// a hung network shows "took too long" instead of a view that waits forever,
/// and a refresh cannot hold the cross-tab lock beyond it (see `web::lock`).
pub const DEADLINE_SECONDS: u32 = 15;

/// Sends requests with `window.fetch` (CORS mode, no cookies).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fetch;

impl HttpClient for Fetch {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = &request.url;
        let headers = Headers::new().map_err(|e| failed(url, "headers", e))?;
        for (name, value) in &request.headers {
            // `host` is set by the browser from the URL and may not be set by scripts.
            if !name.eq_ignore_ascii_case("host") {
                headers
                    .append(name, value)
                    .map_err(|e| failed(url, "header", e))?;
            }
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        init.set_headers(&headers);
        if !request.body.is_empty() {
            init.set_body(&wasm_bindgen::JsValue::from_str(&request.body));
        }
        fetch_text(url, init).await
    }
}

/// `GET` a same-origin path as text (for `config.json`: the first module
/// fetches with this alone, not with [`Fetch`] and its requests' types).
///
/// # Errors
/// [`TransportError`] when it cannot be fetched.
pub async fn get_text(path: &str) -> Result<HttpResponse, TransportError> {
    fetch_text(path, RequestInit::new()).await
}

/// Fetches `url` as `init` says (CORS mode, no cookies), with the deadline:
/// the answer's status and text.
async fn fetch_text(url: &str, init: RequestInit) -> Result<HttpResponse, TransportError> {
    init.set_mode(RequestMode::Cors);
    let window = web_sys::window().ok_or_else(|| TransportError::new(url, "no window"))?;
    let deadline = deadline_signal(&window, DEADLINE_SECONDS.saturating_mul(1000))
        .map_err(|e| failed(url, "deadline", e))?;
    init.set_signal(Some(&deadline));
    let req = Request::new_with_str_and_init(url, &init).map_err(|e| failed(url, "request", e))?;
    // Aborted at the deadline, the fetch (or the body's read) rejects: say so.
    let late = |what: &str, e| {
        if deadline.aborted() {
            TransportError::timed_out(url, DEADLINE_SECONDS)
        } else {
            failed(url, what, e)
        }
    };
    let resp: Response = JsFuture::from(window.fetch_with_request(&req))
        .await
        .map_err(|e| late("fetch", e))?
        .dyn_into()
        .map_err(|e| failed(url, "fetch", e))?;
    let text = JsFuture::from(resp.text().map_err(|e| failed(url, "body", e))?)
        .await
        .map_err(|e| late("body", e))?;
    Ok(HttpResponse {
        status: resp.status(),
        body: text.as_string().unwrap_or_default(),
    })
}

/// The transport error for `what` failing: a JS TypeError ("Failed to
/// fetch") says little; its text is kept, never the URL's query.
fn failed(url: &str, what: &str, e: wasm_bindgen::JsValue) -> TransportError {
    let text = e.as_string().or_else(|| {
        e.dyn_ref::<js_sys::Error>()
            .map(|err| String::from(err.message()))
    });
    TransportError::new(
        url,
        format!("{what}: {}", text.unwrap_or_else(|| "network error".into())),
    )
}

/// A signal that aborts at the deadline (`ms`): `AbortSignal.timeout`, where the
/// browser aborts the request itself (no timer of ours to clear or outlive
/// it); in browsers without it (Safari before 16) an `AbortController` that a
/// timer aborts.
fn deadline_signal(
    window: &web_sys::Window,
    ms: u32,
) -> Result<AbortSignal, wasm_bindgen::JsValue> {
    let class = js_sys::Reflect::get(&js_sys::global(), &"AbortSignal".into())?;
    if js_sys::Reflect::has(&class, &"timeout".into())? {
        return Ok(AbortSignal::timeout_with_u32(ms));
    }
    let controller = AbortController::new()?;
    let signal = controller.signal();
    let abort = wasm_bindgen::closure::Closure::once_into_js(move || controller.abort());
    window.set_timeout_with_callback_and_timeout_and_arguments_0(
        abort.unchecked_ref(),
        i32::try_from(ms).unwrap_or(i32::MAX),
    )?;
    Ok(signal)
}
