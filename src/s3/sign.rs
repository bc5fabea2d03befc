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

/// The caller's temporary credentials, as `aws-sigv4` takes them.
struct Signer<'a> {
    access_key_id: &'a str,
    secret_key: &'a str,
    session_token: Option<&'a str>,
    region: &'a str,
    time: SystemTime,
}

impl<'a> Signer<'a> {
    fn new(
        access_key_id: &'a str,
        secret_key: &'a str,
        session_token: Option<&'a str>,
        region: &'a str,
        time: SystemTime,
    ) -> Self {
        Self {
            access_key_id,
            secret_key,
            session_token,
            region,
            time,
        }
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
            self.access_key_id,
            self.secret_key,
            self.session_token.map(str::to_owned),
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

/// What the signature says of a request's body.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// These bytes (their SHA-256 is signed).
    Bytes(&'a [u8]),
    /// Not signed (`UNSIGNED-PAYLOAD`): a file sent as it is, over TLS.
    Unsigned,
}

/// Signs `method url` with `headers` (in the `Authorization` header) at `time`,
/// for S3 in `region`; returns the headers to add (`authorization`,
/// `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`).
///
/// # Errors
/// [`S3Error::Signing`] if the URL or a header cannot be signed.
#[allow(clippy::too_many_arguments)]
pub fn sign_request(
    method: &Method,
    url: &str,
    headers: &[(&str, &str)],
    payload: Payload<'_>,
    access_key_id: &str,
    secret_key: &str,
    session_token: Option<&str>,
    region: &str,
    time: SystemTime,
) -> Result<Vec<(String, String)>, S3Error> {
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let body = match payload {
        Payload::Bytes(b) => SignableBody::Bytes(b),
        Payload::Unsigned => SignableBody::UnsignedPayload,
    };
    let signer = Signer::new(access_key_id, secret_key, session_token, region, time);
    signer.sign(method, url, headers, body, settings)
}

/// Signs a `GET` of `url` with `headers` at `time`, for S3 in `region`.
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
    let mut settings = SigningSettings::default();
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let signer = Signer::new(access_key_id, secret_key, session_token, region, time);
    signer.sign(
        &Method::GET,
        url,
        headers,
        SignableBody::Bytes(&[]),
        settings,
    )
}

/// A presigned `GET` of `url` (query-string SigV4, `UNSIGNED-PAYLOAD`), valid
/// for `expires` from `time`: a link anyone holding it may follow until then.
/// Parameters already in `url` (e.g. `response-content-disposition`) are signed too.
///
/// # Errors
/// [`S3Error::Signing`] if the URL cannot be signed (or `expires` is over S3's 7 days).
pub fn presign_get(
    url: &str,
    access_key_id: &str,
    secret_key: &str,
    session_token: Option<&str>,
    region: &str,
    time: SystemTime,
    expires: Duration,
) -> Result<String, S3Error> {
    const WEEK: Duration = Duration::from_secs(7 * 24 * 3600);
    if expires > WEEK || expires.is_zero() {
        return Err(S3Error::Signing(
            "a presigned URL lasts 1 second to 7 days".into(),
        ));
    }
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(expires);
    let signer = Signer::new(access_key_id, secret_key, session_token, region, time);
    let query = signer.sign(
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
