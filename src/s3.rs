//! S3 `ListObjectsV2`, SigV4-signed in the browser with identity pool credentials.
//!
//! Signing is done by the official `aws-sigv4` crate with the time passed in
//! (`SystemTime::now()` panics on wasm32): service `s3`, `x-amz-content-sha256`
//! included, URI path not normalised, single percent-encoding (S3's rules).
//! Responses and errors are S3 XML, read with quick-xml + serde.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use crate::http::{HttpClient, HttpRequest, HttpResponse, TransportError};
use crate::identity::Credentials;

/// Characters left as they are in a query value or path segment: AWS's unreserved set.
const AWS_QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Where S3 is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3Endpoint {
    /// Real AWS in `region`: virtual-hosted style (`https://<bucket>.s3.<region>.amazonaws.com/`),
    /// path style for bucket names with dots (TLS certificates do not cover them).
    Aws {
        /// The bucket's region.
        region: String,
    },
    /// An explicit endpoint (an emulator): path style, `<url>/<bucket>`.
    Custom {
        /// Base URL without trailing slash, e.g. `http://127.0.0.1:4566`.
        url: String,
        /// Region to sign for.
        region: String,
    },
}

impl S3Endpoint {
    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        match self {
            Self::Aws { region } | Self::Custom { region, .. } => region,
        }
    }

    /// The URL of `bucket`'s root, without query.
    pub fn bucket_url(&self, bucket: &str) -> String {
        let segment = utf8_percent_encode(bucket, AWS_QUERY);
        match self {
            Self::Aws { region } if !bucket.contains('.') => {
                format!("https://{bucket}.s3.{region}.amazonaws.com/")
            }
            Self::Aws { region } => format!("https://s3.{region}.amazonaws.com/{segment}"),
            Self::Custom { url, .. } => format!("{}/{segment}", url.trim_end_matches('/')),
        }
    }
}

/// A `ListObjectsV2` request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListObjects {
    /// The bucket.
    pub bucket: String,
    /// Only keys starting with this.
    pub prefix: Option<String>,
    /// Group keys up to this character into common prefixes (`/` for folders).
    pub delimiter: Option<String>,
    /// The previous page's `NextContinuationToken`.
    pub continuation_token: Option<String>,
    /// Page size (S3's default and maximum is 1000).
    pub max_keys: Option<u32>,
}

/// One object in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Object {
    /// The key, exactly as stored.
    pub key: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
    /// ISO 8601 time of the last change.
    #[serde(default)]
    pub last_modified: String,
    /// The entity tag.
    #[serde(default, rename = "ETag")]
    pub etag: String,
    /// Storage class.
    #[serde(default)]
    pub storage_class: Option<String>,
}

/// One page of a listing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPage {
    /// Objects on this page.
    pub objects: Vec<Object>,
    /// Common prefixes ("folders") when a delimiter was given.
    pub common_prefixes: Vec<String>,
    /// The token for the next page, when the listing is truncated.
    pub next_continuation_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListBucketResult {
    #[serde(default)]
    contents: Vec<Object>,
    #[serde(default)]
    common_prefixes: Vec<PrefixEntry>,
    #[serde(default)]
    is_truncated: bool,
    #[serde(default)]
    next_continuation_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixEntry {
    prefix: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorDoc {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

/// A failed S3 call. `Display` is the sentence to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum S3Error {
    /// The bucket does not exist.
    #[error("There is no bucket named “{0}”.")]
    NoSuchBucket(String),
    /// The role of signed-in users may not list this bucket.
    #[error("You are not allowed to list this bucket.")]
    AccessDenied,
    /// The credentials expired before the request (renew and retry).
    #[error("Your AWS credentials have expired. Try again.")]
    ExpiredCredentials,
    /// The signature did not verify: wrong secret, or a clock far off.
    #[error("S3 refused the request signature ({0}). Check that this computer's clock is right.")]
    BadSignature(String),
    /// The bucket is in another region than the one configured.
    #[error("The bucket is in another region than this app is configured for.")]
    WrongRegion,
    /// Throttled or S3's own failure.
    #[error("S3 is busy or had a problem. Try again in a moment.")]
    Unavailable,
    /// Another S3 error; keeps its code and message.
    #[error("S3 answered {code}: {message}")]
    Other {
        /// The S3 error code.
        code: String,
        /// The S3 message.
        message: String,
    },
    /// An HTTP error without an S3 error document.
    #[error("S3 answered with HTTP status {0}.")]
    Http(u16),
    /// No answer (in a browser, also a CORS refusal).
    #[error("Could not reach S3. Check your connection (and the bucket's CORS rules).")]
    Network(TransportError),
    /// An answer this app could not read.
    #[error("S3 sent an answer this app does not understand ({0}).")]
    Malformed(String),
    /// The request could not be signed.
    #[error("The request to S3 could not be signed ({0}).")]
    Signing(String),
}

impl S3Error {
    fn from_code(code: String, message: String, bucket: &str) -> Self {
        match code.as_str() {
            "NoSuchBucket" => Self::NoSuchBucket(bucket.to_owned()),
            "AccessDenied" | "AllAccessDisabled" => Self::AccessDenied,
            "ExpiredToken" | "TokenRefreshRequired" => Self::ExpiredCredentials,
            "SignatureDoesNotMatch"
            | "RequestTimeTooSkewed"
            | "InvalidAccessKeyId"
            | "InvalidToken" => Self::BadSignature(code),
            "PermanentRedirect"
            | "AuthorizationHeaderMalformed"
            | "IllegalLocationConstraintException" => Self::WrongRegion,
            "SlowDown" | "InternalError" | "ServiceUnavailable" => Self::Unavailable,
            _ => Self::Other { code, message },
        }
    }
}

/// The `SystemTime` for a Unix time in milliseconds (the browser's `Date.now()`).
pub fn system_time(unix_millis: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(unix_millis)
}

/// A size for people: `512 B`, `1.5 KB`, `3.2 MB` (decimal units, as the S3 console).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Percent-encodes a query value as SigV4 canonicalisation expects.
pub fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, AWS_QUERY).to_string()
}

/// Signs a `GET` of `url` with `headers` at `time`, for `service` in `region`.
///
/// Returns the headers to add (`authorization`, `x-amz-date`,
/// `x-amz-content-sha256`, and `x-amz-security-token` when there is a session token).
///
/// # Errors
/// [`S3Error::Signing`] if the URL or a header cannot be signed.
pub fn sign_get(
    url: &str,
    headers: &[(&str, &str)],
    access_key_id: &str,
    secret_key: &str,
    session_token: Option<&str>,
    region: &str,
    time: SystemTime,
) -> Result<Vec<(String, String)>, S3Error> {
    let identity = aws_credential_types::Credentials::new(
        access_key_id,
        secret_key,
        session_token.map(str::to_owned),
        None,
        "cognito-identity-pool",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name("s3")
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| S3Error::Signing(e.to_string()))?
        .into();
    let signable = SignableRequest::new(
        "GET",
        url,
        headers.iter().copied(),
        SignableBody::Bytes(&[]),
    )
    .map_err(|e| S3Error::Signing(e.to_string()))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|e| S3Error::Signing(e.to_string()))?
        .into_parts();
    let (signed, _params) = instructions.into_parts();
    Ok(signed
        .into_iter()
        .map(|h| (h.name().to_owned(), h.value().to_owned()))
        .collect())
}

/// The signed `GET /<bucket>?list-type=2&…` request.
///
/// # Errors
/// [`S3Error::Signing`].
pub fn list_objects_request(
    endpoint: &S3Endpoint,
    credentials: &Credentials,
    request: &ListObjects,
    time: SystemTime,
) -> Result<HttpRequest, S3Error> {
    // In sorted order, which is also the canonical order.
    let mut query = Vec::new();
    if let Some(t) = &request.continuation_token {
        query.push(("continuation-token", t.clone()));
    }
    if let Some(d) = &request.delimiter {
        query.push(("delimiter", d.clone()));
    }
    query.push(("list-type", "2".to_owned()));
    if let Some(m) = request.max_keys {
        query.push(("max-keys", m.to_string()));
    }
    if let Some(p) = &request.prefix {
        query.push(("prefix", p.clone()));
    }
    let query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
        .collect();
    let url = format!(
        "{}?{}",
        endpoint.bucket_url(&request.bucket),
        query.join("&")
    );
    let headers = sign_get(
        &url,
        &[],
        &credentials.access_key_id,
        credentials.secret_key.expose(),
        Some(credentials.session_token.expose()),
        endpoint.region(),
        time,
    )?;
    Ok(HttpRequest {
        method: "GET",
        url,
        headers,
        body: String::new(),
    })
}

/// Reads a `ListObjectsV2` answer (or S3's XML error).
///
/// # Errors
/// [`S3Error`] variants for S3 error documents, [`S3Error::Malformed`] for bad XML.
pub fn parse_list_objects(response: &HttpResponse, bucket: &str) -> Result<ListPage, S3Error> {
    if !(200..300).contains(&response.status) {
        return Err(match quick_xml::de::from_str::<ErrorDoc>(&response.body) {
            Ok(doc) if !doc.code.is_empty() => S3Error::from_code(doc.code, doc.message, bucket),
            _ if response.status == 404 => S3Error::NoSuchBucket(bucket.to_owned()),
            _ if response.status == 403 => S3Error::AccessDenied,
            _ if response.status >= 500 => S3Error::Unavailable,
            _ => S3Error::Http(response.status),
        });
    }
    let result: ListBucketResult =
        quick_xml::de::from_str(&response.body).map_err(|e| S3Error::Malformed(e.to_string()))?;
    Ok(ListPage {
        objects: result.contents,
        common_prefixes: result
            .common_prefixes
            .into_iter()
            .map(|p| p.prefix)
            .collect(),
        next_continuation_token: result
            .next_continuation_token
            .filter(|_| result.is_truncated),
    })
}

/// Lists one page of `request.bucket`.
///
/// # Errors
/// See [`S3Error`].
pub async fn list_objects<H: HttpClient>(
    http: &H,
    endpoint: &S3Endpoint,
    credentials: &Credentials,
    request: &ListObjects,
    time: SystemTime,
) -> Result<ListPage, S3Error> {
    let req = list_objects_request(endpoint, credentials, request, time)?;
    let response = http.send(req).await.map_err(S3Error::Network)?;
    parse_list_objects(&response, &request.bucket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let aws = S3Endpoint::Aws {
            region: "eu-west-1".into(),
        };
        assert_eq!(
            aws.bucket_url("data"),
            "https://data.s3.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            aws.bucket_url("a.b"),
            "https://s3.eu-west-1.amazonaws.com/a.b"
        );
        let local = S3Endpoint::Custom {
            url: "http://127.0.0.1:4566/".into(),
            region: "us-east-1".into(),
        };
        assert_eq!(local.bucket_url("data"), "http://127.0.0.1:4566/data");
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(1500), "1.5 KB");
        assert_eq!(human_size(3_200_000), "3.2 MB");
    }

    #[test]
    fn query_values_use_aws_encoding() {
        assert_eq!(encode_query_value("a b+c/d=é~"), "a%20b%2Bc%2Fd%3D%C3%A9~");
    }

    #[test]
    fn error_documents() {
        let r = HttpResponse {
            status: 403,
            body: "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>"
                .into(),
        };
        assert_eq!(
            parse_list_objects(&r, "b").unwrap_err(),
            S3Error::BadSignature("SignatureDoesNotMatch".into())
        );
        let r = HttpResponse {
            status: 404,
            body: String::new(),
        };
        assert_eq!(
            parse_list_objects(&r, "b").unwrap_err(),
            S3Error::NoSuchBucket("b".into())
        );
    }
}
