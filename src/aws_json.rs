//! The AWS JSON 1.1 protocol shared by `cognito-idp` and `cognito-identity`:
//! `POST /` with `X-Amz-Target: <Service>.<Operation>`, JSON in and out, and
//! errors as `{"__type": "[prefix#]Name", "message": "…"}`.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::http::{HttpClient, HttpRequest, HttpResponse, TransportError};

/// What went wrong with a JSON 1.1 call, before each service gives it meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsJsonError {
    /// No HTTP answer at all.
    Transport(TransportError),
    /// The service answered with a typed error.
    Service {
        /// The error name without its prefix, e.g. `NotAuthorizedException`.
        code: String,
        /// The service's message (may be empty).
        message: String,
        /// HTTP status.
        status: u16,
    },
    /// A non-2xx answer that is not an AWS error document (a proxy page, say).
    Http {
        /// HTTP status.
        status: u16,
    },
    /// A 2xx answer whose body does not have the expected shape.
    Malformed(String),
}

/// Builds the request for `target` (`AWSCognitoIdentityProviderService.SignUp`, …).
pub fn request<Req: Serialize>(endpoint: &str, target: &str, body: &Req) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type".into(), "application/x-amz-json-1.1".into()),
            ("X-Amz-Target".into(), target.into()),
        ],
        body: serde_json::to_string(body).expect("request types serialize"),
    }
}

/// Reads a response: the typed body on 2xx, an [`AwsJsonError`] otherwise.
///
/// # Errors
/// [`AwsJsonError::Service`], [`AwsJsonError::Http`] or [`AwsJsonError::Malformed`].
pub fn parse<Resp: DeserializeOwned>(response: &HttpResponse) -> Result<Resp, AwsJsonError> {
    if (200..300).contains(&response.status) {
        let body = if response.body.trim().is_empty() {
            "{}"
        } else {
            &response.body
        };
        return serde_json::from_str(body).map_err(|e| AwsJsonError::Malformed(e.to_string()));
    }
    parse_error(response)
}

fn parse_error<T>(response: &HttpResponse) -> Result<T, AwsJsonError> {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        #[serde(rename = "__type")]
        kind: Option<String>,
        #[serde(alias = "Message")]
        message: Option<String>,
    }
    match serde_json::from_str::<ErrorBody>(&response.body) {
        Ok(ErrorBody {
            kind: Some(kind),
            message,
        }) => {
            let code = kind.rsplit('#').next().unwrap_or(&kind);
            // Some services append `:http://internal.amazon.com/...` to the type.
            let code = code.split(':').next().unwrap_or(code);
            Err(AwsJsonError::Service {
                code: code.to_owned(),
                message: message.unwrap_or_default(),
                status: response.status,
            })
        }
        _ => Err(AwsJsonError::Http {
            status: response.status,
        }),
    }
}

/// Sends one JSON 1.1 call.
///
/// # Errors
/// See [`AwsJsonError`].
pub async fn call<H: HttpClient, Req: Serialize, Resp: DeserializeOwned>(
    http: &H,
    endpoint: &str,
    target: &str,
    body: &Req,
) -> Result<Resp, AwsJsonError> {
    let response = http
        .send(request(endpoint, target, body))
        .await
        .map_err(AwsJsonError::Transport)?;
    parse(&response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            body: body.into(),
        }
    }

    #[test]
    fn error_type_prefix_and_suffix_are_stripped() {
        let e = parse::<serde_json::Value>(&resp(
            400,
            r#"{"__type":"com.amazonaws.cognito#NotAuthorizedException:http://x","message":"Incorrect username or password."}"#,
        ))
        .unwrap_err();
        assert_eq!(
            e,
            AwsJsonError::Service {
                code: "NotAuthorizedException".into(),
                message: "Incorrect username or password.".into(),
                status: 400
            }
        );
    }

    #[test]
    fn capitalised_message_is_read() {
        let e =
            parse::<serde_json::Value>(&resp(400, r#"{"__type":"X","Message":"m"}"#)).unwrap_err();
        assert!(matches!(e, AwsJsonError::Service { message, .. } if message == "m"));
    }

    #[test]
    fn non_json_error_is_http_error() {
        let e = parse::<serde_json::Value>(&resp(502, "<html>Bad gateway</html>")).unwrap_err();
        assert_eq!(e, AwsJsonError::Http { status: 502 });
    }

    #[test]
    fn malformed_success_body() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Need {
            #[serde(rename = "IdentityId")]
            id: String,
        }
        assert!(matches!(
            parse::<Need>(&resp(200, "{}")),
            Err(AwsJsonError::Malformed(_))
        ));
        assert!(parse::<serde_json::Value>(&resp(200, "")).is_ok());
    }
}
