//! A user's own files: download (a presigned `GET` that keeps the file's name)
//! and delete. Pure: each request is built and SigV4-signed here with the time
//! passed in. (Uploads are S3 POST forms whose policy the user's API signs:
//! [`crate::api::UploadPolicy`].)

use std::time::{Duration, SystemTime};

use percent_encoding::{AsciiSet, utf8_percent_encode};

use super::sign::{Payload, Signer};
use super::{ObjectKey, S3Endpoint, S3Error};
use crate::encode::{self, UNRESERVED};
use crate::http::{HttpRequest, Method};
use crate::identity::Credentials;

/// How long a download link works.
pub const DOWNLOAD_LINK_LIFETIME: Duration = Duration::from_secs(300);

/// Characters left as they are in a key's path: the unreserved set and `/`.
const KEY_PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// A request signed and ready (no body: a delete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// `PUT`, `POST`, `DELETE`.
    pub method: Method,
    /// The object's URL with the operation's query.
    pub url: String,
    /// The headers to send, signature included.
    pub headers: Vec<(String, String)>,
}

impl SignedRequest {
    /// As an [`HttpRequest`] (with no body).
    pub fn into_http(self) -> HttpRequest {
        HttpRequest {
            method: self.method,
            url: self.url,
            headers: self.headers,
            body: String::new(),
        }
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
        })
    }

    /// `DeleteObject`.
    ///
    /// # Errors
    /// [`S3Error::Signing`].
    pub fn delete_object(&self, bucket: &str, key: &ObjectKey) -> Result<SignedRequest, S3Error> {
        let url = self.object_url(bucket, key);
        self.signed(Method::DELETE, url, &[], Payload::Bytes(b""))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{SecretKey, SessionToken};

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
        let delete = r.delete_object("b", &ObjectKey::new("k")).unwrap();
        let header = |name: &str| {
            delete
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(header("x-amz-security-token"), Some("token"));
        assert!(
            header("authorization")
                .unwrap()
                .contains("SignedHeaders=host;")
        );
        assert_eq!(delete.url, "http://127.0.0.1:4566/b/k");
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
}
