//! SigV4 for S3 requests, by the official `aws-sigv4` crate with the time
//! passed in (`SystemTime::now()` panics on wasm32): service `s3`,
//! `x-amz-content-sha256` included, URI path not normalised, single
//! percent-encoding (S3's rules).

use std::time::SystemTime;

use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::S3Error;

/// Characters left as they are in a query value or path segment: AWS's unreserved set.
pub(super) const AWS_QUERY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

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
