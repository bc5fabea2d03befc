//! SigV4 for S3 requests, by the official `aws-sigv4` crate with the time
//! passed in (`SystemTime::now()` panics on wasm32): service `s3`,
//! `x-amz-content-sha256` included, URI path not normalised, single
//! percent-encoding (S3's rules).

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation,
    SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;

use super::S3Error;
use crate::encode;
use crate::http::Method;
use crate::identity::Credentials;

/// What the signature says of a request's body.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// These bytes (their SHA-256 is signed).
    Bytes(&'a [u8]),
    /// Not signed (`UNSIGNED-PAYLOAD`): a file sent as it is, over TLS.
    Unsigned,
}

/// Signs S3 requests with the caller's credentials, for `region`, at `time`.
/// `Debug` shows no secret (that of [`Credentials`] leaves them out).
#[derive(Debug, Clone, Copy)]
pub struct Signer<'a> {
    credentials: &'a Credentials,
    region: &'a str,
    time: SystemTime,
}

impl<'a> Signer<'a> {
    /// A signer for S3 in `region` at `time` with `credentials`; an empty
    /// session token (an IAM user's own keys) is no token: no
    /// `x-amz-security-token` is sent.
    pub fn new(credentials: &'a Credentials, region: &'a str, time: SystemTime) -> Self {
        Self {
            credentials,
            region,
            time,
        }
    }

    /// The session token, if there is one.
    fn session_token(&self) -> Option<&'a str> {
        Some(self.credentials.session_token.expose()).filter(|t| !t.is_empty())
    }

    /// Signs `method url` with `headers` (in the `Authorization` header);
    /// returns the headers to add (`authorization`, `x-amz-date`,
    /// `x-amz-content-sha256`, and `x-amz-security-token` when there is a
    /// session token).
    ///
    /// # Errors
    /// [`S3Error::Signing`] if the URL or a header cannot be signed.
    pub fn sign_request(
        &self,
        method: &Method,
        url: &str,
        headers: &[(&str, &str)],
        payload: Payload<'_>,
    ) -> Result<Vec<(String, String)>, S3Error> {
        let mut settings = SigningSettings::default();
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        let body = match payload {
            Payload::Bytes(b) => SignableBody::Bytes(b),
            Payload::Unsigned => SignableBody::UnsignedPayload,
        };
        self.sign(method, url, headers, body, settings)
    }

    /// A presigned `GET` of `url` (query-string SigV4, `UNSIGNED-PAYLOAD`),
    /// valid for `expires` from the signer's time: a link anyone holding it
    /// may follow until then. Parameters already in `url` (e.g.
    /// `response-content-disposition`) are signed too.
    ///
    /// # Errors
    /// [`S3Error::Signing`] if the URL cannot be signed (or `expires` is over S3's 7 days).
    pub fn presign_get(&self, url: &str, expires: Duration) -> Result<String, S3Error> {
        const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);
        if expires > WEEK || expires.is_zero() {
            return Err(S3Error::Signing(
                "a presigned URL lasts 1 second to 7 days".into(),
            ));
        }
        let mut settings = SigningSettings::default();
        settings.signature_location = SignatureLocation::QueryParams;
        settings.expires_in = Some(expires);
        let query = self.sign(
            &Method::GET,
            url,
            &[],
            SignableBody::UnsignedPayload,
            settings,
        )?;
        let mut out = String::from(url);
        for (k, v) in query {
            out.push(if out.contains('?') { '&' } else { '?' });
            out.push_str(&k);
            out.push('=');
            out.push_str(&encode::component(&v));
        }
        Ok(out)
    }

    /// Signs `method url` with `headers` and `body`, as `settings` say (S3's
    /// path and encoding rules added); returns the headers or query
    /// parameters to add.
    fn sign(
        &self,
        method: &Method,
        url: &str,
        headers: &[(&str, &str)],
        body: SignableBody<'_>,
        mut settings: SigningSettings,
    ) -> Result<Vec<(String, String)>, S3Error> {
        let identity = aws_credential_types::Credentials::new(
            &self.credentials.access_key_id,
            self.credentials.secret_key.expose(),
            self.session_token().map(str::to_owned),
            None,
            "cognito-identity-pool",
        )
        .into();
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(self.region)
            .name("s3")
            .time(self.time)
            .settings(settings)
            .build()
            .map_err(|e| S3Error::Signing(e.to_string()))?
            .into();
        let signable = SignableRequest::new(method.as_str(), url, headers.iter().copied(), body)
            .map_err(|e| S3Error::Signing(e.to_string()))?;
        let (instructions, _signature) = sign(signable, &params)
            .map_err(|e| S3Error::Signing(e.to_string()))?
            .into_parts();
        let (headers, query) = instructions.into_parts();
        Ok(headers
            .into_iter()
            .map(|h| (h.name().to_owned(), h.value().to_owned()))
            .chain(
                query
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v.into_owned())),
            )
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::{SecretKey, SessionToken};

    fn creds(token: &str) -> Credentials {
        Credentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_key: SecretKey::new("very-secret-key"),
            session_token: SessionToken::new(token),
            expiration: 0,
        }
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn an_empty_session_token_is_no_token() {
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let url = "https://b.s3.us-east-1.amazonaws.com/k";
        let with = creds("tok");
        let signed = Signer::new(&with, "us-east-1", time)
            .sign_request(&Method::GET, url, &[], Payload::Bytes(b""))
            .unwrap();
        assert_eq!(header(&signed, "x-amz-security-token"), Some("tok"));
        let without = creds("");
        let signer = Signer::new(&without, "us-east-1", time);
        let signed = signer
            .sign_request(&Method::GET, url, &[], Payload::Bytes(b""))
            .unwrap();
        assert_eq!(header(&signed, "x-amz-security-token"), None);
        assert!(
            header(&signed, "authorization")
                .unwrap()
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,")
        );
        let link = signer.presign_get(url, Duration::from_secs(60)).unwrap();
        assert!(!link.contains("X-Amz-Security-Token"), "{link}");
    }

    #[test]
    fn debug_shows_no_secret() {
        let c = creds("session-token-value");
        let shown = format!("{:?}", Signer::new(&c, "us-east-1", SystemTime::UNIX_EPOCH));
        for secret in ["very-secret-key", "session-token-value"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("ASIAEXAMPLE"), "{shown}");
    }
}
