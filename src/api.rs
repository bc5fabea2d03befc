//! The user's own API: an API Gateway REST API behind a Cognito user pool
//! authorizer (`infra/template.yaml`). Its `GET whoami` answers the caller's
//! claims as the authorizer saw the access token (the method asks for the scope
//! `api/whoami.read`, which the pool adds to the app's access tokens; an ID token is
//! refused). Pure: the request is built and the
//! answer read here; the caller sends it (and refreshes the token first, and once
//! more on a 401).

use serde_json::Value;

use crate::http::{HttpRequest, Method};
use crate::json;
use crate::secret::AccessToken;
use crate::service::{Service, ServiceFailure};

/// Why the API did not answer who called. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The authorizer refused the token (none, expired, forged, another pool's).
    #[error("Your API refused your sign-in (HTTP {0}): its authorizer did not accept the token.")]
    Refused(u16),
    /// No answer, another HTTP error, or an answer that is not the claims.
    #[error(transparent)]
    Service(#[from] ServiceFailure),
}

/// `GET <base>whoami` with the access token, as a Cognito user pool authorizer reads it
/// (the token itself in `Authorization`, no scheme).
pub fn whoami_request(base: &str, access_token: &AccessToken) -> HttpRequest {
    HttpRequest {
        method: Method::GET,
        url: format!("{}/whoami", base.trim_end_matches('/')),
        headers: vec![("authorization".into(), access_token.expose().to_owned())],
        body: String::new(),
    }
}

/// Reads the answer: the claims, as name and value, by name.
///
/// # Errors
/// [`ApiError::Refused`] for 401 and 403; [`ApiError::Service`] otherwise.
pub fn parse_whoami(status: u16, body: &str) -> Result<Vec<(String, String)>, ApiError> {
    match status {
        200..=299 => {}
        401 | 403 => return Err(ApiError::Refused(status)),
        _ => return Err(ServiceFailure::from_status(Service::Api, status).into()),
    }
    let malformed = || ServiceFailure::Malformed(Service::Api, "not a JSON object".into());
    let Ok(Value::Object(map)) = json::parse(body) else {
        return Err(malformed().into());
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            (k, text)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_as_the_authorizer_reads_it() {
        let r = whoami_request(
            "https://abc.execute-api.eu-west-1.amazonaws.com/prod/",
            &AccessToken::new("eyJ.x.y"),
        );
        assert_eq!(
            r.url,
            "https://abc.execute-api.eu-west-1.amazonaws.com/prod/whoami"
        );
        assert_eq!(
            r.headers,
            vec![("authorization".to_owned(), "eyJ.x.y".to_owned())]
        );
        assert!(!format!("{r:?}").contains("eyJ"));
    }

    #[test]
    fn answers_and_refusals() {
        let claims = parse_whoami(
            200,
            r#"{"sub":"s-1","email":"a@b.c","auth_time":"1700000000"}"#,
        )
        .unwrap();
        assert!(claims.contains(&("sub".into(), "s-1".into())));
        assert_eq!(
            parse_whoami(401, r#"{"message":"Unauthorized"}"#),
            Err(ApiError::Refused(401))
        );
        assert!(matches!(parse_whoami(502, ""), Err(ApiError::Service(_))));
        assert!(matches!(parse_whoami(200, "[]"), Err(ApiError::Service(_))));
    }
}
