//! The user's own API: an API Gateway REST API behind a Cognito user pool
//! authorizer (`infra/template.yaml`). Its `POST uploads` answers a presigned
//! upload of one file to the caller's folder (the only way a file gets in: its
//! signature covers the size, so S3 keeps it). Its `GET whoami` answers the caller's
//! claims as the authorizer saw the access token (the method asks for the scope
//! `api/whoami.read`, which the pool adds to the app's access tokens; an ID token is
//! refused). Pure: the request is built and the
//! answer read here; the caller sends it (and refreshes the token first, and once
//! more on a 401).

use crate::json::Value;

use crate::http::{HttpRequest, Method};
use crate::json;
use crate::json::JsonObject;
use crate::secret::{AccessToken, IdToken};
use crate::service::{Service, ServiceFailure};

/// Why the API did not answer who called. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The authorizer refused the token (none, expired, forged, another pool's).
    #[error("Your API refused your sign-in (HTTP {0}): its authorizer did not accept the token.")]
    Refused(u16),
    /// No API is configured (`api` in `config.json`): uploads go through it.
    #[error("Uploads go through your API, and this app has none configured (api in config.json).")]
    NoApi,
    /// The upload function refused a file over the largest size.
    #[error("This file is over the largest size allowed ({}).", crate::s3::human_size(*.0))]
    UploadTooLarge(u64),
    /// The upload function refused a file that would take the folder past its quota.
    #[error("Your files may take {} in all, and this one does not fit: delete some first.", crate::s3::human_size(*.0))]
    QuotaExceeded(u64),
    /// The upload function refused the request (the file name, or the ID token).
    #[error("The upload was refused: {0}")]
    UploadRefused(String),
    /// No answer, another HTTP error, or an answer that is not the claims.
    #[error(transparent)]
    Service(#[from] ServiceFailure),
}

/// A presigned upload of one file: its key, the `PUT` URL (whose signature covers
/// the file's size and type) and the headers to send with it. The URL carries a
/// session token and a signature: `Debug` shows the key only.
#[derive(Clone, PartialEq, Eq)]
pub struct UploadPolicy {
    /// Where the file goes.
    pub key: String,
    /// The presigned `PUT` URL.
    pub url: String,
    /// The headers the signature covers besides `Content-Length` and `Host`.
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for UploadPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadPolicy")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// What to upload: the file's name (in the caller's folder), size and type, and the
/// S3 address the page uses when it is not AWS's (an emulator's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadAsk<'a> {
    /// The file's name.
    pub name: &'a str,
    /// Its size in bytes.
    pub size: u64,
    /// Its media type.
    pub content_type: &'a str,
    /// The S3 endpoint of `config.json` (`endpoints.s3`), if any.
    pub endpoint: Option<&'a str>,
}

/// `POST <base>uploads`: a presigned upload of `ask`'s file to the caller's folder.
/// The access token authorizes the call (scope `api/files.write`); the ID token lets
/// the function find the caller's identity id (its folder).
pub fn upload_policy_request(
    base: &str,
    access_token: &AccessToken,
    id_token: &IdToken,
    ask: &UploadAsk<'_>,
) -> HttpRequest {
    HttpRequest {
        method: Method::POST,
        url: format!("{}/uploads", base.trim_end_matches('/')),
        headers: vec![
            ("authorization".into(), access_token.expose().to_owned()),
            ("content-type".into(), "application/json".into()),
        ],
        body: JsonObject::new()
            .str("name", ask.name)
            .num("size", ask.size)
            .str("contentType", ask.content_type)
            .opt_str("endpoint", ask.endpoint)
            .str("idToken", id_token.expose())
            .finish(),
    }
}

/// Reads the upload function's answer.
///
/// # Errors
/// [`ApiError::Refused`] (the authorizer: 401, 403 without a code),
/// [`ApiError::UploadTooLarge`], [`ApiError::QuotaExceeded`], [`ApiError::UploadRefused`]
/// (the function's refusals), [`ApiError::Service`] otherwise.
pub fn parse_upload_policy(status: u16, body: &str) -> Result<UploadPolicy, ApiError> {
    let value = json::parse(body).unwrap_or(Value::Null);
    let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_owned);
    if !(200..=299).contains(&status) {
        let limit = value.get("limit").and_then(Value::as_u64).unwrap_or(0);
        return Err(match (status, text("code").as_deref()) {
            (413, Some("TooLarge")) => ApiError::UploadTooLarge(limit),
            (413, Some("QuotaExceeded")) => ApiError::QuotaExceeded(limit),
            (400 | 403, Some(_)) => ApiError::UploadRefused(text("message").unwrap_or_default()),
            (401 | 403, None) => ApiError::Refused(status),
            _ => ServiceFailure::from_status(Service::Api, status).into(),
        });
    }
    let malformed = |what: &str| ServiceFailure::Malformed(Service::Api, what.into());
    let key = text("key").ok_or_else(|| malformed("no key"))?;
    let url = text("url").ok_or_else(|| malformed("no url"))?;
    let headers = match value.get("headers") {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| malformed("a header is not text"))?,
        _ => Vec::new(),
    };
    Ok(UploadPolicy { key, url, headers })
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
    fn the_upload_request_names_the_file_and_carries_both_tokens() {
        let r = upload_policy_request(
            "https://abc.execute-api.eu-west-1.amazonaws.com/prod/",
            &AccessToken::new("acc.ess.tok"),
            &IdToken::new("id.tok.en"),
            &UploadAsk {
                name: "a \"b\".txt",
                size: 42,
                content_type: "text/plain",
                endpoint: None,
            },
        );
        assert_eq!(r.method, Method::POST);
        assert_eq!(
            r.url,
            "https://abc.execute-api.eu-west-1.amazonaws.com/prod/uploads"
        );
        assert_eq!(
            r.headers,
            vec![
                ("authorization".to_owned(), "acc.ess.tok".to_owned()),
                ("content-type".to_owned(), "application/json".to_owned())
            ]
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&r.body).unwrap(),
            serde_json::json!({"name": "a \"b\".txt", "size": 42, "contentType": "text/plain", "idToken": "id.tok.en"})
        );
        assert!(!format!("{r:?}").contains("tok"));
    }

    #[test]
    fn upload_answers_and_refusals() {
        let policy = parse_upload_policy(
            200,
            r#"{"key":"private/x/a.txt","url":"https://b.s3.eu-west-1.amazonaws.com/private/x/a.txt?X-Amz-Signature=abc","headers":{"content-type":"text/plain"},"expiresIn":300}"#,
        )
        .unwrap();
        assert_eq!(policy.key, "private/x/a.txt");
        assert_eq!(
            policy.headers,
            vec![("content-type".to_owned(), "text/plain".to_owned())]
        );
        assert!(!format!("{policy:?}").contains("abc"));
        assert_eq!(
            parse_upload_policy(413, r#"{"code":"TooLarge","message":"m","limit":100}"#),
            Err(ApiError::UploadTooLarge(100))
        );
        assert_eq!(
            parse_upload_policy(
                413,
                r#"{"code":"QuotaExceeded","message":"m","limit":1073741824}"#
            )
            .unwrap_err()
            .to_string(),
            "Your files may take 1.1 GB in all, and this one does not fit: delete some first."
        );
        assert_eq!(
            parse_upload_policy(401, r#"{"message":"Unauthorized"}"#),
            Err(ApiError::Refused(401))
        );
        assert_eq!(
            parse_upload_policy(
                403,
                r#"{"code":"NotTheCaller","message":"The ID token is not the caller's."}"#
            ),
            Err(ApiError::UploadRefused(
                "The ID token is not the caller's.".into()
            ))
        );
        assert!(matches!(
            parse_upload_policy(200, r#"{"key":"k"}"#),
            Err(ApiError::Service(_))
        ));
        assert!(matches!(
            parse_upload_policy(502, ""),
            Err(ApiError::Service(_))
        ));
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
