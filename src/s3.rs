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

use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::identity::Credentials;
use crate::service::{Service, ServiceFailure};

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Object {
    /// The key, exactly as stored.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// ISO 8601 time of the last change.
    pub last_modified: String,
    /// The entity tag.
    pub etag: String,
    /// Storage class.
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

/// Walks an XML document and calls `on_end` with the path of element names
/// and the element's text (entity and character references resolved) at each
/// closing tag. S3's documents are small and flat: no serde deserializer needed.
fn walk_xml(
    xml: &str,
    mut on_end: impl FnMut(&[&str], String) -> Result<(), String>,
) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let name = |n: quick_xml::name::LocalName<'_>| String::from_utf8_lossy(n.as_ref()).into_owned();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                path.push(name(e.local_name()));
                text.clear();
            }
            Event::Empty(e) => {
                path.push(name(e.local_name()));
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                on_end(&p, String::new())?;
                path.pop();
            }
            Event::End(_) => {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                on_end(&p, std::mem::take(&mut text))?;
                path.pop();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::CData(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => match r.resolve_char_ref().map_err(|e| e.to_string())? {
                Some(c) => text.push(c),
                None => {
                    let entity = r.decode().map_err(|e| e.to_string())?;
                    let value = quick_xml::escape::resolve_xml_entity(&entity)
                        .ok_or_else(|| format!("unknown entity &{entity};"))?;
                    text.push_str(value);
                }
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if path.is_empty() {
        Ok(())
    } else {
        Err("the document ends inside an element".into())
    }
}

/// Reads a `ListBucketResult` document.
fn parse_list_xml(xml: &str) -> Result<ListPage, String> {
    let mut page = ListPage::default();
    let mut object = Object::default();
    let mut truncated = false;
    let mut seen_root = false;
    walk_xml(xml, |path, text| {
        match path {
            ["ListBucketResult"] => seen_root = true,
            ["ListBucketResult", "Contents", field] => match *field {
                "Key" => object.key = text,
                "Size" => {
                    object.size = text
                        .trim()
                        .parse()
                        .map_err(|_| format!("bad Size {text:?}"))?
                }
                "LastModified" => object.last_modified = text,
                "ETag" => object.etag = text,
                "StorageClass" => object.storage_class = Some(text),
                _ => {}
            },
            ["ListBucketResult", "Contents"] => page.objects.push(std::mem::take(&mut object)),
            ["ListBucketResult", "CommonPrefixes", "Prefix"] => page.common_prefixes.push(text),
            ["ListBucketResult", "IsTruncated"] => truncated = text.trim() == "true",
            ["ListBucketResult", "NextContinuationToken"] => {
                page.next_continuation_token = Some(text)
            }
            _ => {}
        }
        Ok(())
    })?;
    if !seen_root {
        return Err("not a ListBucketResult document".into());
    }
    if !truncated {
        page.next_continuation_token = None;
    }
    Ok(page)
}

/// Reads an S3 `<Error><Code>…</Code><Message>…</Message></Error>` document.
fn parse_error_xml(xml: &str) -> Option<(String, String)> {
    let (mut code, mut message) = (String::new(), String::new());
    walk_xml(xml, |path, text| {
        match path {
            ["Error", "Code"] => code = text,
            ["Error", "Message"] => message = text,
            _ => {}
        }
        Ok(())
    })
    .ok()?;
    (!code.is_empty()).then_some((code, message))
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
    /// Another S3 error; keeps its code and message.
    #[error("S3 answered {code}: {message}")]
    Other {
        /// The S3 error code.
        code: String,
        /// The S3 message.
        message: String,
    },
    /// No answer (in a browser, also a CORS refusal), an HTTP error, an
    /// unreadable answer, throttling, S3's own failure.
    #[error(transparent)]
    Service(#[from] ServiceFailure),
    /// The request could not be signed.
    #[error("The request to S3 could not be signed ({0}).")]
    Signing(String),
}

impl S3Error {
    /// An answer this app cannot read.
    pub fn malformed(what: String) -> Self {
        Self::Service(ServiceFailure::Malformed(Service::S3, what))
    }

    /// Worth retrying later (network, throttling, 5xx).
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Service(f) if f.is_transient())
    }

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
            "SlowDown" => ServiceFailure::Throttled(Service::S3).into(),
            "InternalError" | "ServiceUnavailable" => ServiceFailure::Internal(Service::S3).into(),
            _ => Self::Other { code, message },
        }
    }
}

/// The `SystemTime` for a Unix time in milliseconds (the browser's `Date.now()`).
pub fn system_time(unix_millis: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(unix_millis)
}

/// A size for people: `512 B`, `1.5 KB`, `3.2 MB` (decimal units, as the S3 console).
/// Integer arithmetic only: float formatting would add kilobytes to the wasm.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let (mut unit, mut divisor) = (0, 1000u128);
    while u128::from(bytes) / divisor >= 1000 && unit < UNITS.len() - 1 {
        divisor *= 1000;
        unit += 1;
    }
    let tenths = (u128::from(bytes) * 10 + divisor / 2) / divisor;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
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
        return Err(match parse_error_xml(&response.body) {
            Some((code, message)) => S3Error::from_code(code, message, bucket),
            None if response.status == 404 => S3Error::NoSuchBucket(bucket.to_owned()),
            None if response.status == 403 => S3Error::AccessDenied,
            None => ServiceFailure::from_status(Service::S3, response.status).into(),
        });
    }
    parse_list_xml(&response.body).map_err(S3Error::malformed)
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
    let response = http
        .send(req)
        .await
        .map_err(|t| ServiceFailure::Network(Service::S3, t))?;
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
        assert_eq!(human_size(1_049), "1.0 KB");
        assert_eq!(human_size(999_999), "1000.0 KB");
        assert_eq!(human_size(u64::MAX), "18446.7 PB");
    }

    #[test]
    fn query_values_use_aws_encoding() {
        assert_eq!(encode_query_value("a b+c/d=é~"), "a%20b%2Bc%2Fd%3D%C3%A9~");
    }

    #[test]
    fn listing_documents() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><IsTruncated>true</IsTruncated>
  <Contents><Key>a &amp; b &lt;c&gt; &#233;&#x1F600; </Key><Size>12</Size><LastModified>2026-01-01T00:00:00.000Z</LastModified>
    <ETag>&quot;abc&quot;</ETag><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key><![CDATA[<raw>]]></Key><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>docs/</Prefix></CommonPrefixes>
  <NextContinuationToken>tok+/=</NextContinuationToken></ListBucketResult>"#;
        let page = parse_list_objects(
            &HttpResponse {
                status: 200,
                body: xml.into(),
            },
            "b",
        )
        .unwrap();
        assert_eq!(page.objects.len(), 2);
        assert_eq!(page.objects[0].key, "a & b <c> é😀 ");
        assert_eq!(page.objects[0].size, 12);
        assert_eq!(page.objects[0].etag, "\"abc\"");
        assert_eq!(page.objects[0].storage_class.as_deref(), Some("STANDARD"));
        assert_eq!(page.objects[1].key, "<raw>");
        assert_eq!(page.common_prefixes, vec!["docs/".to_owned()]);
        assert_eq!(page.next_continuation_token.as_deref(), Some("tok+/="));
        let done = xml.replace("<IsTruncated>true", "<IsTruncated>false");
        let page = parse_list_objects(
            &HttpResponse {
                status: 200,
                body: done,
            },
            "b",
        )
        .unwrap();
        assert_eq!(
            page.next_continuation_token, None,
            "no token when not truncated"
        );
        for bad in [
            "<Other/>",
            "<ListBucketResult><Contents><Size>x</Size></Contents></ListBucketResult>",
            "<ListBucketResult>",
            "&bogus;",
        ] {
            let r = parse_list_objects(
                &HttpResponse {
                    status: 200,
                    body: bad.into(),
                },
                "b",
            );
            assert!(
                matches!(r, Err(S3Error::Service(ServiceFailure::Malformed(..)))),
                "{bad}: {r:?}"
            );
        }
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
