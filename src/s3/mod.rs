//! S3 `ListObjectsV2`, SigV4-signed in the browser with identity pool credentials.
//!
//! This module builds and reads the listing; beside it are [`ObjectKey`] (an
//! object's name), [`objects`] (a user's own files: upload, multipart, download
//! links, delete), [`sign`] (SigV4 with the official `aws-sigv4` crate), `xml`
//! (reading S3's XML answers) and [`error`] (S3's errors as sentences).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use percent_encoding::utf8_percent_encode;

pub use self::error::S3Error;
pub use self::key::ObjectKey;
pub use self::sign::{Payload, Signer};
use crate::encode::{self, UNRESERVED};
use crate::http::{HttpClient, HttpRequest, HttpResponse, Method};
use crate::identity::{Credentials, IdentityId};
use crate::service::WrapsServiceFailure;
use crate::service::{Service, ServiceFailure};

pub mod bucket_name;
pub mod error;
pub mod folders;
mod key;
pub mod objects;
pub mod sign;
mod xml;

/// The data bucket's shared folder: every signed-in user may list and read it
/// (the role in `infra/template.yaml`).
pub const SHARED_FOLDER: &str = "public/";

/// A user's own folder, named by their identity id: only they may list and read
/// it (the role's `${cognito-identity.amazonaws.com:sub}` rules).
pub fn own_folder(identity_id: &IdentityId) -> String {
    format!("private/{identity_id}/")
}

/// `name` if S3 allows it as a bucket name (before any URL is built with it).
///
/// # Errors
/// [`S3Error::InvalidBucketName`] with the rule it breaks.
pub fn check_bucket_name(name: &str) -> Result<(), S3Error> {
    bucket_name::check(name).map_err(|rule| S3Error::InvalidBucketName {
        name: name.to_owned(),
        rule,
    })
}

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
        let segment = utf8_percent_encode(bucket, UNRESERVED);
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
    pub key: ObjectKey,
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

/// The `SystemTime` for a Unix time in milliseconds (the browser's `Date.now()`).
pub fn system_time(unix_millis: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(unix_millis)
}

/// A size for people: `512 B`, `1.5 KB`, `3.2 MB` (decimal units, as the S3 console).
/// Integer arithmetic in `u64` only: float formatting, or `u128`'s, would add
/// kilobytes to the wasm (every error sentence can name a size).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let (mut unit, mut divisor) = (0, 1000u64);
    while bytes / divisor >= 1000 && unit < UNITS.len() - 1 {
        divisor *= 1000;
        unit += 1;
    }
    // Rounded to the nearest tenth (a half up); near u64::MAX the saturated
    // sum rounds as the exact one would (5e13 below the next tenth of a PB).
    let tenth = divisor / 10;
    let tenths = bytes.saturating_add(tenth / 2) / tenth;
    format!("{}.{} {}", tenths / 10, tenths % 10, UNITS[unit])
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
    check_bucket_name(&request.bucket)?;
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
        .map(|(k, v)| format!("{k}={}", encode::component(v)))
        .collect();
    let url = format!(
        "{}?{}",
        endpoint.bucket_url(&request.bucket),
        query.join("&")
    );
    let headers = Signer::new(credentials, endpoint.region(), time).sign_request(
        &Method::GET,
        &url,
        &[],
        Payload::Bytes(b""),
    )?;
    Ok(HttpRequest {
        method: Method::GET,
        url,
        headers,
        body: String::new(),
    })
}

/// Reads a `ListObjectsV2` answer (or S3's XML error).
///
/// # Errors
/// [`S3Error`] variants for S3 error documents, [`S3Error::malformed`] for bad XML.
pub fn parse_list_objects(response: &HttpResponse, bucket: &str) -> Result<ListPage, S3Error> {
    check_status(response.status, &response.body, bucket)?;
    xml::parse_list_xml(&response.body).map_err(S3Error::malformed)
}

/// An answer's status: 2xx passes; else S3's error document (or the status alone) as [`S3Error`].
///
/// # Errors
/// The refusal.
pub fn check_status(status: u16, body: &str, bucket: &str) -> Result<(), S3Error> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    Err(match xml::parse_error_xml(body) {
        Some((code, message)) => S3Error::from_code(code, message, bucket),
        None if status == 404 => S3Error::NoSuchBucket(bucket.to_owned()),
        None if status == 403 => S3Error::AccessDenied,
        None => ServiceFailure::from_status(Service::S3, status).into(),
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
    let response = http
        .send(req)
        .await
        .map_err(|t| ServiceFailure::unanswered(Service::S3, t))?;
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
    fn folders_are_the_ones_the_role_allows() {
        assert_eq!(
            own_folder(&IdentityId::new("us-east-1:1a2b")),
            "private/us-east-1:1a2b/"
        );
        // The role in infra/template.yaml names the same folders: the app opens on
        // what the user may list, not on a prefix the policy refuses.
        let template = include_str!("../../infra/template.yaml");
        let own = own_folder(&IdentityId::new("${cognito-identity.amazonaws.com:sub}"));
        for prefix in [SHARED_FOLDER, own.as_str()] {
            assert!(
                template.contains(&format!("\"{prefix}\"")),
                "{prefix} not listable"
            );
            assert!(
                template.contains(&format!("{prefix}*\"")),
                "{prefix} not readable"
            );
        }
    }

    #[test]
    fn sizes_round_as_exact_arithmetic_does() {
        // The rounding in u128, where nothing can overflow.
        let exact = |bytes: u64| {
            let (mut unit, mut divisor) = (0usize, 1000u128);
            while u128::from(bytes) / divisor >= 1000 && unit < 4 {
                divisor *= 1000;
                unit += 1;
            }
            let tenths = (u128::from(bytes) * 10 + divisor / 2) / divisor;
            let units = ["KB", "MB", "GB", "TB", "PB"];
            format!("{}.{} {}", tenths / 10, tenths % 10, units[unit])
        };
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut samples: Vec<u64> = (0..64).flat_map(|p| [1u64 << p, (1u64 << p) - 1]).collect();
        samples.extend((1..=19).flat_map(|p| {
            let t = 10u64.pow(p);
            [
                t - 1,
                t,
                t + t / 20,
                t + t / 20 - 1,
                t.saturating_mul(5) / 100,
            ]
        }));
        samples.extend((0..2000).map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x >> (x % 60)
        }));
        samples.extend((0..1000).map(|k| u64::MAX - k * 49_999_999_999));
        for bytes in samples.into_iter().filter(|&b| b >= 1000) {
            assert_eq!(human_size(bytes), exact(bytes), "{bytes}");
        }
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
        assert_eq!(encode::component("a b+c/d=é~"), "a%20b%2Bc%2Fd%3D%C3%A9~");
    }

    #[test]
    fn listing_without_a_session_token_sends_none() {
        let credentials = Credentials {
            access_key_id: "AKIAEXAMPLE".into(),
            secret_key: crate::secret::SecretKey::new("secret"),
            session_token: crate::secret::SessionToken::new(""),
            expiration: 0,
        };
        let request = ListObjects {
            bucket: "data".into(),
            ..Default::default()
        };
        let endpoint = S3Endpoint::Aws {
            region: "us-east-1".into(),
        };
        let req = list_objects_request(&endpoint, &credentials, &request, system_time(0)).unwrap();
        assert!(
            !req.headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("x-amz-security-token")),
            "{:?}",
            req.headers
        );
        let (_, auth) = req
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .unwrap();
        assert!(
            auth.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"),
            "{auth}"
        );
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
        assert_eq!(page.objects[0].key.as_str(), "a & b <c> é😀 ");
        assert_eq!(page.objects[0].size, 12);
        assert_eq!(page.objects[0].etag, "\"abc\"");
        assert_eq!(page.objects[0].storage_class.as_deref(), Some("STANDARD"));
        assert_eq!(page.objects[1].key.as_str(), "<raw>");
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
