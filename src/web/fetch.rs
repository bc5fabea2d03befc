//! [`HttpClient`] over the browser's `fetch`.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, RequestMode, Response};

use crate::http::{HttpClient, HttpRequest, HttpResponse, TransportError};

/// Sends requests with `window.fetch` (CORS mode, no cookies).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fetch;

impl HttpClient for Fetch {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let url = request.url.clone();
        let fail = |what: &str, e: wasm_bindgen::JsValue| {
            // A JS TypeError ("Failed to fetch") says little; keep its text, never the URL's query.
            let text = e.as_string().or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|err| String::from(err.message()))
            });
            TransportError::new(
                &url,
                format!("{what}: {}", text.unwrap_or_else(|| "network error".into())),
            )
        };
        let headers = Headers::new().map_err(|e| fail("headers", e))?;
        for (name, value) in &request.headers {
            // `host` is set by the browser from the URL and may not be set by scripts.
            if !name.eq_ignore_ascii_case("host") {
                headers.append(name, value).map_err(|e| fail("header", e))?;
            }
        }
        let init = RequestInit::new();
        init.set_method(request.method);
        init.set_mode(RequestMode::Cors);
        init.set_headers(&headers);
        if !request.body.is_empty() {
            init.set_body(&wasm_bindgen::JsValue::from_str(&request.body));
        }
        let req =
            Request::new_with_str_and_init(&request.url, &init).map_err(|e| fail("request", e))?;
        let window = web_sys::window().ok_or_else(|| TransportError::new(&url, "no window"))?;
        let resp: Response = JsFuture::from(window.fetch_with_request(&req))
            .await
            .map_err(|e| fail("fetch", e))?
            .dyn_into()
            .map_err(|e| fail("fetch", e))?;
        let text = JsFuture::from(resp.text().map_err(|e| fail("body", e))?)
            .await
            .map_err(|e| fail("body", e))?;
        Ok(HttpResponse {
            status: resp.status(),
            body: text.as_string().unwrap_or_default(),
        })
    }
}

/// `GET` a same-origin path as text (for `config.json`).
///
/// # Errors
/// [`TransportError`] when it cannot be fetched.
pub async fn get_text(path: &str) -> Result<HttpResponse, TransportError> {
    Fetch
        .send(HttpRequest {
            method: "GET",
            url: path.to_owned(),
            headers: Vec::new(),
            body: String::new(),
        })
        .await
}
