//! The AWS JSON 1.1 protocol shared by `cognito-idp` and `cognito-identity`:
//! `POST /` with `X-Amz-Target: <Service>.<Operation>`, JSON in and out, and
//! errors as `{"__type": "[prefix#]Name", "message": "…"}`.
//!
//! One non-generic path for every operation: the body goes out as text and
//! the answer comes back as one [`Value`]; typed structs live at the edges.

use crate::json::Value;

use crate::http::{HttpClient, HttpRequest, HttpResponse, Method};
use crate::json;
use crate::service::{Service, ServiceFailure};

/// A failed JSON 1.1 call, before each service gives its error codes a meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AwsJsonError {
    /// The service answered with a typed error it alone gives meaning to.
    Code {
        /// The error name without its prefix, e.g. `NotAuthorizedException`.
        code: String,
        /// The service's message (may be empty).
        message: String,
    },
    /// A failure common to every service (network, HTTP, throttling, …).
    Failure(ServiceFailure),
}

/// A service's error type: made from a [`ServiceFailure`] or from an error code.
pub trait ServiceError: From<ServiceFailure> {
    /// The variant for a service error name and message.
    fn from_code(code: &str, message: &str) -> Self;
}

impl AwsJsonError {
    /// The service's typed error.
    pub fn typed<E: ServiceError>(self) -> E {
        match self {
            Self::Code { code, message } => E::from_code(&code, &message),
            Self::Failure(f) => f.into(),
        }
    }
}

/// Builds the request for `target` (`AWSCognitoIdentityProviderService.SignUp`, …).
pub fn request(endpoint: &str, target: &str, body: String) -> HttpRequest {
    HttpRequest {
        method: Method::POST,
        url: endpoint.to_owned(),
        headers: vec![
            ("Content-Type".into(), "application/x-amz-json-1.1".into()),
            ("X-Amz-Target".into(), target.into()),
        ],
        body,
    }
}

/// Reads a response: the body on 2xx, an [`AwsJsonError`] otherwise.
/// Throttling and internal errors are the same for both services and become
/// [`ServiceFailure`]s here.
///
/// # Errors
/// See [`AwsJsonError`].
pub fn parse(service: Service, response: &HttpResponse) -> Result<Value, AwsJsonError> {
    if (200..300).contains(&response.status) {
        return json::parse(&response.body)
            .map_err(|e| AwsJsonError::Failure(ServiceFailure::Malformed(service, e)));
    }
    let document = json::read::parse(&response.body).ok();
    let kind = document.as_ref().and_then(|d| json::str_field(d, "__type"));
    let Some(kind) = kind else {
        return Err(AwsJsonError::Failure(ServiceFailure::from_status(
            service,
            response.status,
        )));
    };
    let code = kind.rsplit('#').next().unwrap_or(kind);
    // Some services append `:http://internal.amazon.com/...` to the type.
    let code = code.split(':').next().unwrap_or(code);
    let failure = match code {
        "TooManyRequestsException" | "ThrottlingException" => ServiceFailure::Throttled(service),
        "InternalErrorException" | "InternalFailure" | "ServiceUnavailable" => {
            ServiceFailure::Internal(service)
        }
        _ => {
            let message = document.as_ref().and_then(|d| {
                json::str_field(d, "message").or_else(|| json::str_field(d, "Message"))
            });
            return Err(AwsJsonError::Code {
                code: code.to_owned(),
                message: message.unwrap_or_default().to_owned(),
            });
        }
    };
    Err(AwsJsonError::Failure(failure))
}

/// Sends `operation` of the service whose targets start with `prefix`
/// (`AWSCognitoIdentityProviderService.`), with the JSON `body`; the answer as
/// JSON, or the service's typed error. The one path every operation takes.
///
/// # Errors
/// The service's error type, from its codes or a [`ServiceFailure`].
pub async fn call_typed<H: HttpClient, E: ServiceError>(
    http: &H,
    service: Service,
    endpoint: &str,
    prefix: &str,
    operation: &str,
    body: String,
) -> Result<Value, E> {
    let mut target = String::from(prefix);
    target.push_str(operation);
    call(http, service, endpoint, &target, body)
        .await
        .map_err(AwsJsonError::typed)
}

/// Sends one JSON 1.1 call: `body` is the request's JSON text.
///
/// # Errors
/// See [`AwsJsonError`].
pub async fn call<H: HttpClient>(
    http: &H,
    service: Service,
    endpoint: &str,
    target: &str,
    body: String,
) -> Result<Value, AwsJsonError> {
    let response = http
        .send(request(endpoint, target, body))
        .await
        .map_err(|t| AwsJsonError::Failure(ServiceFailure::unanswered(service, t)))?;
    parse(service, &response)
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Service = Service::UserPool;

    fn resp(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            body: body.into(),
        }
    }

    #[test]
    fn error_type_prefix_and_suffix_are_stripped() {
        let e = parse(
            S,
            &resp(
                400,
                r#"{"__type":"com.amazonaws.cognito#NotAuthorizedException:http://x","message":"Incorrect username or password."}"#,
            ),
        )
        .unwrap_err();
        assert_eq!(
            e,
            AwsJsonError::Code {
                code: "NotAuthorizedException".into(),
                message: "Incorrect username or password.".into(),
            }
        );
    }

    #[test]
    fn capitalised_message_is_read() {
        let e = parse(S, &resp(400, r#"{"__type":"X","Message":"m"}"#)).unwrap_err();
        assert!(matches!(e, AwsJsonError::Code { message, .. } if message == "m"));
    }

    #[test]
    fn non_json_error_is_a_status_failure() {
        let e = parse(S, &resp(502, "<html>Bad gateway</html>")).unwrap_err();
        assert_eq!(e, AwsJsonError::Failure(ServiceFailure::Internal(S)));
        let e = parse(S, &resp(403, "<html>Forbidden</html>")).unwrap_err();
        assert_eq!(e, AwsJsonError::Failure(ServiceFailure::Http(S, 403)));
    }

    #[test]
    fn throttling_and_internal_errors_are_common_failures() {
        for (code, failure) in [
            ("TooManyRequestsException", ServiceFailure::Throttled(S)),
            ("ThrottlingException", ServiceFailure::Throttled(S)),
            ("InternalErrorException", ServiceFailure::Internal(S)),
        ] {
            let body = format!(r#"{{"__type":"{code}","message":"m"}}"#);
            assert_eq!(
                parse(S, &resp(400, &body)).unwrap_err(),
                AwsJsonError::Failure(failure)
            );
        }
    }

    #[test]
    fn malformed_success_body() {
        assert!(matches!(
            parse(S, &resp(200, "not json")),
            Err(AwsJsonError::Failure(ServiceFailure::Malformed(..)))
        ));
        assert_eq!(
            parse(S, &resp(200, "")).unwrap(),
            json::ours(&serde_json::json!({}))
        );
    }
}
