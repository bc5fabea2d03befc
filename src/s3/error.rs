//! S3's errors, each with a sentence a person can act on.

use super::bucket_name::BadBucketName;
use crate::service::{Service, ServiceFailure, WrapsServiceFailure};

/// A failed S3 call. `Display` is the sentence to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum S3Error {
    /// The bucket does not exist.
    #[error("There is no bucket named “{0}”.")]
    NoSuchBucket(String),
    /// Not a bucket name S3 allows; refused before any request is made.
    #[error("“{name}” is not a bucket name: {rule}.")]
    InvalidBucketName {
        /// The name as given.
        name: String,
        /// The rule it breaks.
        rule: BadBucketName,
    },
    /// The caller's role may not do this here (list, read, write or delete).
    #[error(
        "You are not allowed to do that in this bucket or folder (it is not yours, or not shared)."
    )]
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
    /// The user cancelled an upload (what was sent of it is dropped).
    #[error("Upload cancelled.")]
    Cancelled,
    /// A file over the upload limit; refused before any request.
    #[error("This file is {} and the limit is {}.", super::human_size(*.size), super::human_size(*.limit))]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// S3 refused an upload whose size is not the one its policy names (the
    /// server's limit: `EntityTooLarge`, `EntityTooSmall`).
    #[error("S3 refused the file: its size is not the one its upload was allowed for.")]
    SizeRefused,
    /// The request could not be signed.
    #[error("The request to S3 could not be signed ({0}).")]
    Signing(String),
}

impl WrapsServiceFailure for S3Error {
    const SERVICE: Service = Service::S3;

    fn failure(&self) -> Option<&ServiceFailure> {
        match self {
            Self::Service(f) => Some(f),
            _ => None,
        }
    }
}

impl S3Error {
    pub(super) fn from_code(code: String, message: String, bucket: &str) -> Self {
        match code.as_str() {
            "NoSuchBucket" => Self::NoSuchBucket(bucket.to_owned()),
            // S3 says AccessDenied; the local emulator says AccessDeniedException when
            // the role's policy refuses (emulator-gap 15): the same refusal.
            "AccessDenied" | "AccessDeniedException" | "AllAccessDisabled" => Self::AccessDenied,
            "ExpiredToken" | "TokenRefreshRequired" => Self::ExpiredCredentials,
            "SignatureDoesNotMatch"
            | "RequestTimeTooSkewed"
            | "InvalidAccessKeyId"
            | "InvalidToken" => Self::BadSignature(code),
            "PermanentRedirect"
            | "AuthorizationHeaderMalformed"
            | "IllegalLocationConstraintException" => Self::WrongRegion,
            "EntityTooLarge" | "EntityTooSmall" => Self::SizeRefused,
            "SlowDown" => ServiceFailure::Throttled(Service::S3).into(),
            "InternalError" | "ServiceUnavailable" => ServiceFailure::Internal(Service::S3).into(),
            _ => Self::Other { code, message },
        }
    }
}
