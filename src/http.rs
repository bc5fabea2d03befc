//! The HTTP seam between protocol code and the outside world.
//!
//! Protocol clients build an [`HttpRequest`] and read an [`HttpResponse`]; the
//! caller supplies an [`HttpClient`]: `fetch` in the browser (`web::fetch`), a
//! plain blocking client in native tests, a scripted fake in unit tests.

use std::future::Future;

/// The request method (`http::Method`: `GET`, `POST`, …).
pub use ::http::Method;

/// A request ready to send. `Debug` leaves out the body and the header values
/// (a password, tokens, a signature) and the URL's query.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, …
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body (empty for `GET`).
    pub body: String,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("origin", &origin_of(&self.url))
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// A response as received (any status).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// The response body as text.
    pub body: String,
}

/// The request never got an HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not reach {host}: {reason}")]
pub struct TransportError {
    /// Which host (no path or query: those may carry tokens).
    pub host: String,
    /// What the platform said.
    pub reason: String,
    /// No answer before the request's deadline: it was given up.
    pub timed_out: bool,
}

impl TransportError {
    /// A transport error for `url`, keeping only its scheme and host.
    pub fn new(url: &str, reason: impl Into<String>) -> Self {
        Self {
            host: origin_of(url).to_owned(),
            reason: reason.into(),
            timed_out: false,
        }
    }

    /// `url` did not answer within `seconds`: the request was given up.
    pub fn timed_out(url: &str, seconds: u32) -> Self {
        Self {
            timed_out: true,
            ..Self::new(url, format!("no answer within {seconds} s"))
        }
    }
}

/// `https://host:port` of a URL (everything before the path).
pub fn origin_of(url: &str) -> &str {
    // (Bytes, not `find("://")`: the first module has no substring search.)
    let after_scheme = url
        .as_bytes()
        .windows(3)
        .position(|w| w == b"://")
        .map_or(0, |i| i + 3);
    match url[after_scheme..].find(['/', '?', '#']) {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// Sends requests. Futures need not be `Send` (browser `fetch` futures are not).
pub trait HttpClient {
    /// Sends `request` and returns the response, whatever its status.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

impl<T: HttpClient> HttpClient for &T {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_debug_shows_no_secrets() {
        let r = HttpRequest {
            method: Method::POST,
            url: "https://h.example/path?X-Amz-Signature=sig".into(),
            headers: vec![("Authorization".into(), "AWS4 secret-signature".into())],
            body: r#"{"Password":"hunter2"}"#.into(),
        };
        let shown = format!("{r:?}");
        for secret in ["hunter2", "secret-signature", "sig"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("Authorization"));
    }

    #[test]
    fn origin_drops_path_and_query() {
        assert_eq!(
            origin_of("https://a.example.com/x?y"),
            "https://a.example.com"
        );
        assert_eq!(origin_of("http://127.0.0.1:4566"), "http://127.0.0.1:4566");
        assert_eq!(origin_of("http://h:1?q=token"), "http://h:1");
    }
}
