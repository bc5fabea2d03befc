//! A user's own files: upload (one `PutObject`, or a multipart upload for big
//! files), download (a presigned `GET` that keeps the file's name), and delete.
//! Pure: each request is built and SigV4-signed here with the time passed in;
//! the bodies (a file, a slice of one) are sent by the caller as they are
//! (`UNSIGNED-PAYLOAD`, as S3 allows over TLS), with progress and cancelling.

use crate::text_id::text_id;
use std::time::{Duration, SystemTime};

use percent_encoding::{AsciiSet, utf8_percent_encode};

use super::sign::{Payload, Signer};
use super::{ObjectKey, S3Endpoint, S3Error, xml};
use crate::encode::{self, UNRESERVED};
use crate::http::{HttpRequest, Method};
use crate::identity::Credentials;

/// Files up to this size go in one `PutObject`; bigger ones as a multipart upload.
pub const MULTIPART_THRESHOLD: u64 = 8 * 1024 * 1024;
/// The size of each part but the last (S3: 5 MiB to 5 GiB; 10,000 parts at most).
pub const PART_SIZE: u64 = 8 * 1024 * 1024;
/// S3's most parts in one upload.
const MAX_PARTS: u64 = 10_000;
/// S3's smallest part (all but the last).
const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;
const _: () = assert!(PART_SIZE >= MIN_PART_SIZE && MULTIPART_THRESHOLD >= MIN_PART_SIZE);
/// How long a download link works.
pub const DOWNLOAD_LINK_LIFETIME: Duration = Duration::from_secs(300);

/// Characters left as they are in a key's path: the unreserved set and `/`.
const KEY_PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// A request signed and ready: its body is the caller's (a file or a slice of
/// one), except for [`ObjectRequests::complete_multipart`] whose XML is `body`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// `PUT`, `POST`, `DELETE`.
    pub method: Method,
    /// The object's URL with the operation's query.
    pub url: String,
    /// The headers to send, signature included.
    pub headers: Vec<(String, String)>,
    /// The body, when this module makes it (else empty).
    pub body: String,
}

impl SignedRequest {
    /// As an [`HttpRequest`] with a text body (the requests without a file).
    pub fn into_http(self) -> HttpRequest {
        HttpRequest {
            method: self.method,
            url: self.url,
            headers: self.headers,
            body: self.body,
        }
    }
}

text_id! {
    /// The id S3 gives a multipart upload (in `CreateMultipartUpload`'s answer):
    /// each later request of the upload names it.
    pub struct UploadId;
}

/// One uploaded part: its number and the `ETag` S3 answered for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedPart {
    /// 1 to 10,000.
    pub number: u32,
    /// The part's `ETag` header, quotes included.
    pub etag: String,
}

/// How a file of `size` bytes is sent: one request, or parts of [`PART_SIZE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadPlan {
    /// One `PutObject`.
    Single,
    /// A multipart upload of this many parts.
    Multipart {
        /// How many parts.
        parts: u32,
    },
}

impl UploadPlan {
    /// The plan for a file of `size` bytes.
    ///
    /// # Errors
    /// [`S3Error::TooLarge`] over `limit` (and over what 10,000 parts can carry).
    pub fn for_size(size: u64, limit: u64) -> Result<Self, S3Error> {
        let limit = limit.min(PART_SIZE * MAX_PARTS);
        if size > limit {
            return Err(S3Error::TooLarge { size, limit });
        }
        if size <= MULTIPART_THRESHOLD {
            return Ok(Self::Single);
        }
        let parts = size.div_ceil(PART_SIZE);
        Ok(Self::Multipart {
            parts: u32::try_from(parts).unwrap_or(u32::MAX),
        })
    }

    /// The byte range `[start, end)` of part `number` (from 1) of a `size`-byte file.
    pub fn part_range(number: u32, size: u64) -> (u64, u64) {
        let start = (u64::from(number) - 1) * PART_SIZE;
        (start.min(size), (start + PART_SIZE).min(size))
    }
}

/// `Content-Disposition` that keeps `file_name` when the file is saved:
/// an ASCII fallback and the exact name as RFC 6266 / 5987 `filename*`.
pub fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(file_name, UNRESERVED)
    )
}

/// The last segment of a key: the file's name.
pub fn file_name(key: &ObjectKey) -> &str {
    let key = key.as_str();
    key.rsplit('/').next().unwrap_or(key)
}

/// Builds and signs the requests for objects of one bucket.
#[derive(Debug, Clone, Copy)]
pub struct ObjectRequests<'a> {
    /// Where S3 is.
    pub endpoint: &'a S3Endpoint,
    /// The caller's credentials.
    pub credentials: &'a Credentials,
    /// The time to sign at.
    pub time: SystemTime,
}

impl ObjectRequests<'_> {
    /// The URL of `key` in `bucket` (each byte of the key but `/` and the
    /// unreserved characters percent-encoded, as S3's signature expects).
    pub fn object_url(&self, bucket: &str, key: &ObjectKey) -> String {
        format!(
            "{}{}",
            self.endpoint.bucket_url(bucket).trim_end_matches('/'),
            format_args!("/{}", utf8_percent_encode(key.as_str(), KEY_PATH))
        )
    }

    /// The signer for the endpoint's region, at this time.
    fn signer(&self) -> Signer<'_> {
        Signer::new(self.credentials, self.endpoint.region(), self.time)
    }

    fn signed(
        &self,
        method: Method,
        url: String,
        headers: &[(&str, &str)],
        payload: Payload<'_>,
        body: String,
    ) -> Result<SignedRequest, S3Error> {
        let signature = self
            .signer()
            .sign_request(&method, &url, headers, payload)?;
        let headers = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .chain(signature)
            .collect();
        Ok(SignedRequest {
            method,
            url,
            headers,
            body,
        })
    }

    /// `PutObject` of a whole file (its bytes are the body).
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn put_object(
        &self,
        bucket: &str,
        key: &ObjectKey,
        content_type: &str,
    ) -> Result<SignedRequest, S3Error> {
        let url = self.object_url(bucket, key);
        self.signed(
            Method::PUT,
            url,
            &[("content-type", content_type)],
            Payload::Unsigned,
            String::new(),
        )
    }

    /// `CreateMultipartUpload` (`POST ?uploads`); its answer names the upload id.
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn create_multipart(
        &self,
        bucket: &str,
        key: &ObjectKey,
        content_type: &str,
    ) -> Result<SignedRequest, S3Error> {
        let url = format!("{}?uploads", self.object_url(bucket, key));
        self.signed(
            Method::POST,
            url,
            &[("content-type", content_type)],
            Payload::Bytes(b""),
            String::new(),
        )
    }

    /// `UploadPart` number `part` (its bytes are the body); the answer's `ETag` is kept.
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn upload_part(
        &self,
        bucket: &str,
        key: &ObjectKey,
        upload_id: &UploadId,
        part: u32,
    ) -> Result<SignedRequest, S3Error> {
        let url = format!(
            "{}?partNumber={part}&uploadId={}",
            self.object_url(bucket, key),
            encode::component(upload_id.as_str())
        );
        self.signed(Method::PUT, url, &[], Payload::Unsigned, String::new())
    }

    /// `CompleteMultipartUpload` with every part's number and `ETag`, in order.
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn complete_multipart(
        &self,
        bucket: &str,
        key: &ObjectKey,
        upload_id: &UploadId,
        parts: &[CompletedPart],
    ) -> Result<SignedRequest, S3Error> {
        let url = format!(
            "{}?uploadId={}",
            self.object_url(bucket, key),
            encode::component(upload_id.as_str())
        );
        let mut body = String::from(
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
        );
        for p in parts {
            body.push_str(&format!(
                "<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>",
                p.number,
                xml::escape(&p.etag)
            ));
        }
        body.push_str("</CompleteMultipartUpload>");
        let payload = body.clone();
        self.signed(
            Method::POST,
            url,
            &[("content-type", "application/xml")],
            Payload::Bytes(payload.as_bytes()),
            body,
        )
    }

    /// `AbortMultipartUpload`: S3 drops the parts sent so far.
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn abort_multipart(
        &self,
        bucket: &str,
        key: &ObjectKey,
        upload_id: &UploadId,
    ) -> Result<SignedRequest, S3Error> {
        let url = format!(
            "{}?uploadId={}",
            self.object_url(bucket, key),
            encode::component(upload_id.as_str())
        );
        self.signed(Method::DELETE, url, &[], Payload::Bytes(b""), String::new())
    }

    /// `DeleteObject`.
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn delete_object(&self, bucket: &str, key: &ObjectKey) -> Result<SignedRequest, S3Error> {
        let url = self.object_url(bucket, key);
        self.signed(Method::DELETE, url, &[], Payload::Bytes(b""), String::new())
    }

    /// A download link: a presigned `GET` valid for `expires`, whose answer
    /// carries `Content-Disposition: attachment` with the file's name.
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn download_link(
        &self,
        bucket: &str,
        key: &ObjectKey,
        expires: Duration,
    ) -> Result<String, S3Error> {
        let url = format!(
            "{}?response-content-disposition={}",
            self.object_url(bucket, key),
            encode::component(&content_disposition(file_name(key)))
        );
        self.signer().presign_get(&url, expires)
    }
}

/// The upload id of a `CreateMultipartUpload` answer.
///
/// # Errors
/// S3's error document as [`S3Error`]; [`S3Error::Service`] for an answer without an id.
pub fn parse_upload_id(status: u16, body: &str, bucket: &str) -> Result<UploadId, S3Error> {
    super::check_status(status, body, bucket)?;
    xml::parse_upload_id(body).map(UploadId).ok_or_else(|| {
        crate::service::ServiceFailure::Malformed(crate::service::Service::S3, "no UploadId".into())
            .into()
    })
}

/// A `CompleteMultipartUpload` answer: S3 may answer 200 with an `<Error>`
/// document when it fails after it started to answer.
///
/// # Errors
/// The error, as [`S3Error`].
pub fn check_complete(status: u16, body: &str, bucket: &str) -> Result<(), S3Error> {
    super::check_status(status, body, bucket)?;
    match xml::parse_error_xml(body) {
        Some((code, message)) => Err(S3Error::from_code(code, message, bucket)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{SecretKey, SessionToken};
    use crate::service::WrapsServiceFailure;

    fn creds() -> Credentials {
        Credentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_key: SecretKey::new("secret"),
            session_token: SessionToken::new("token"),
            expiration: 0,
        }
    }

    #[test]
    fn keys_are_encoded_once_in_the_path() {
        let endpoint = S3Endpoint::Custom {
            url: "http://127.0.0.1:4566".into(),
            region: "us-east-1".into(),
        };
        let c = creds();
        let r = ObjectRequests {
            endpoint: &endpoint,
            credentials: &c,
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        };
        assert_eq!(
            r.object_url(
                "b",
                &ObjectKey::new("private/us-east-1:id/a b&c<d+e%f résumé 日本.txt")
            ),
            "http://127.0.0.1:4566/b/private/us-east-1%3Aid/a%20b%26c%3Cd%2Be%25f%20r%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.txt"
        );
        let put = r
            .put_object("b", &ObjectKey::new("k"), "text/plain")
            .unwrap();
        let header = |name: &str| {
            put.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
        assert_eq!(header("content-type"), Some("text/plain"));
        assert_eq!(header("x-amz-security-token"), Some("token"));
        assert!(
            header("authorization")
                .unwrap()
                .contains("SignedHeaders=content-type;host;")
        );
        let part = r
            .upload_part("b", &ObjectKey::new("k"), &UploadId::new("up/id+1"), 3)
            .unwrap();
        assert!(
            part.url.ends_with("/b/k?partNumber=3&uploadId=up%2Fid%2B1"),
            "{}",
            part.url
        );
    }

    #[test]
    fn complete_lists_the_parts_and_signs_its_body() {
        let endpoint = S3Endpoint::Aws {
            region: "eu-west-1".into(),
        };
        let c = creds();
        let r = ObjectRequests {
            endpoint: &endpoint,
            credentials: &c,
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        };
        let parts = [
            CompletedPart {
                number: 1,
                etag: "\"a1\"".into(),
            },
            CompletedPart {
                number: 2,
                etag: "\"b2\"".into(),
            },
        ];
        let done = r
            .complete_multipart("bucket", &ObjectKey::new("k"), &UploadId::new("u"), &parts)
            .unwrap();
        assert_eq!(
            done.url,
            "https://bucket.s3.eu-west-1.amazonaws.com/k?uploadId=u"
        );
        assert!(
            done.body
                .contains("<Part><PartNumber>2</PartNumber><ETag>&quot;b2&quot;</ETag></Part>")
        );
        let sha = done
            .headers
            .iter()
            .find(|(k, _)| k == "x-amz-content-sha256")
            .unwrap();
        assert_eq!(sha.1.len(), 64, "the XML body is signed");
    }

    #[test]
    fn plans_and_ranges() {
        let limit = 100 * 1024 * 1024;
        assert_eq!(UploadPlan::for_size(0, limit), Ok(UploadPlan::Single));
        assert_eq!(
            UploadPlan::for_size(MULTIPART_THRESHOLD, limit),
            Ok(UploadPlan::Single)
        );
        assert_eq!(
            UploadPlan::for_size(MULTIPART_THRESHOLD + 1, limit),
            Ok(UploadPlan::Multipart { parts: 2 })
        );
        assert_eq!(
            UploadPlan::for_size(limit + 1, limit),
            Err(S3Error::TooLarge {
                size: limit + 1,
                limit
            })
        );
        let size = 2 * PART_SIZE + 5;
        assert_eq!(UploadPlan::part_range(1, size), (0, PART_SIZE));
        assert_eq!(UploadPlan::part_range(3, size), (2 * PART_SIZE, size));
    }

    #[test]
    fn names_are_kept_on_download() {
        assert_eq!(
            file_name(&ObjectKey::new("private/x/docs/a b.txt")),
            "a b.txt"
        );
        assert_eq!(
            content_disposition("résumé \"1\".txt"),
            "attachment; filename=\"r_sum_ _1_.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%221%22.txt"
        );
    }

    #[test]
    fn a_failed_complete_inside_a_200_is_an_error() {
        let failed = "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>";
        assert!(check_complete(200, failed, "b").unwrap_err().is_transient());
        let ok = "<CompleteMultipartUploadResult><Location>x</Location><Bucket>b</Bucket><Key>k</Key><ETag>\"e-2\"</ETag></CompleteMultipartUploadResult>";
        assert_eq!(check_complete(200, ok, "b"), Ok(()));
        let created = "<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>abc.def</UploadId></InitiateMultipartUploadResult>";
        assert_eq!(
            parse_upload_id(200, created, "b").unwrap(),
            UploadId::new("abc.def")
        );
        assert_eq!(
            parse_upload_id(
                403,
                "<Error><Code>AccessDenied</Code><Message>no</Message></Error>",
                "b"
            ),
            Err(S3Error::AccessDenied)
        );
    }
}
