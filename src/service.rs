//! How a call to an AWS service can fail before the service's own answer has a
//! meaning: no answer, an HTTP error, an unreadable answer, the service's own
//! trouble, throttling. One type for the user pool, the identity pool and S3,
//! each of whose error enums wraps it transparently.

use crate::http::TransportError;

/// Which service a call went to, as named in sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// The Cognito user pool (`cognito-idp`).
    UserPool,
    /// The Cognito identity pool (`cognito-identity`).
    IdentityPool,
    /// Amazon S3.
    S3,
    /// The user's own API (API Gateway).
    Api,
}

impl Service {
    /// The name at the start of a sentence.
    pub fn subject(self) -> &'static str {
        match self {
            Self::UserPool => "The sign-in service",
            Self::IdentityPool => "The AWS sign-in service",
            Self::S3 => "S3",
            Self::Api => "Your API",
        }
    }

    /// What to check when the service cannot be reached. In a browser an S3
    /// request the bucket's CORS rules refuse fails exactly like a network error.
    pub fn network_advice(self) -> &'static str {
        match self {
            Self::S3 => "Check your connection (and the bucket's CORS rules).",
            Self::Api => "Check your connection (and the API's CORS settings).",
            Self::UserPool | Self::IdentityPool => "Check your connection and try again.",
        }
    }

    /// The name inside a sentence.
    pub fn object(self) -> &'static str {
        match self {
            Self::UserPool => "the sign-in service",
            Self::IdentityPool => "the AWS sign-in service",
            Self::S3 => "S3",
            Self::Api => "your API",
        }
    }
}

/// A call that failed for a reason common to every AWS service.
/// `Display` is the sentence to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceFailure {
    /// No HTTP answer (offline, DNS, refused, or in a browser a CORS refusal).
    #[error("Could not reach {}. {}", .0.object(), .0.network_advice())]
    Network(Service, #[source] TransportError),
    /// No answer before the request's deadline (the request was given up).
    #[error("{} took too long to answer. Check your connection and try again.", .0.subject())]
    TimedOut(Service, #[source] TransportError),
    /// A non-2xx answer that is not the service's error document (a proxy page, say).
    #[error("{} answered with HTTP status {}. Try again in a moment.", .0.subject(), .1)]
    Http(Service, u16),
    /// A 2xx answer this app cannot read.
    #[error("{} sent an answer this app does not understand ({}).", .0.subject(), .1)]
    Malformed(Service, String),
    /// The service's own failure (5xx, `InternalErrorException`).
    #[error("{} had an internal problem. Try again in a moment.", .0.subject())]
    Internal(Service),
    /// Throttled (`TooManyRequestsException`, `ThrottlingException`, `SlowDown`, 429).
    #[error("{} is busy. Try again in a moment.", .0.subject())]
    Throttled(Service),
}

impl ServiceFailure {
    /// No answer from `service`: given up at the deadline, or not reached.
    pub fn unanswered(service: Service, error: TransportError) -> Self {
        if error.timed_out {
            Self::TimedOut(service, error)
        } else {
            Self::Network(service, error)
        }
    }

    /// A failure for an HTTP status without an error document: 5xx is the
    /// service's trouble, 429 is throttling, anything else is kept as a status.
    pub fn from_status(service: Service, status: u16) -> Self {
        match status {
            429 => Self::Throttled(service),
            500.. => Self::Internal(service),
            _ => Self::Http(service, status),
        }
    }

    /// Worth retrying later with the same input: never a reason to end a session.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network(..) | Self::TimedOut(..) | Self::Internal(_) | Self::Throttled(_)
        )
    }
}

/// A service's own error type, which wraps [`ServiceFailure`] in one variant:
/// the behaviour every such type shares, written once.
pub trait WrapsServiceFailure: From<ServiceFailure> {
    /// The service, for the failures made here.
    const SERVICE: Service;

    /// The wrapped failure, if this error is one.
    fn failure(&self) -> Option<&ServiceFailure>;

    /// Worth retrying later with the same input (network, throttling, 5xx):
    /// never a reason to end a session.
    fn is_transient(&self) -> bool {
        self.failure().is_some_and(ServiceFailure::is_transient)
    }

    /// An answer that lacks what it should hold.
    fn malformed(what: impl Into<String>) -> Self {
        ServiceFailure::Malformed(Self::SERVICE, what.into()).into()
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn a_request_given_up_at_its_deadline_says_so() {
        let late = ServiceFailure::unanswered(
            Service::UserPool,
            TransportError::timed_out("https://cognito-idp.eu-west-1.amazonaws.com/?x=secret", 15),
        );
        assert!(matches!(
            late,
            ServiceFailure::TimedOut(Service::UserPool, _)
        ));
        assert_eq!(
            late.to_string(),
            "The sign-in service took too long to answer. Check your connection and try again."
        );
        assert!(late.is_transient());
        let source = late.source().unwrap().to_string();
        assert!(!source.contains("secret"), "{source}");
        let refused =
            ServiceFailure::unanswered(Service::S3, TransportError::new("https://b", "refused"));
        assert!(matches!(refused, ServiceFailure::Network(Service::S3, _)));
    }

    #[test]
    fn statuses_are_classified() {
        let s = Service::UserPool;
        assert_eq!(
            ServiceFailure::from_status(s, 503),
            ServiceFailure::Internal(s)
        );
        assert_eq!(
            ServiceFailure::from_status(s, 429),
            ServiceFailure::Throttled(s)
        );
        assert_eq!(
            ServiceFailure::from_status(s, 404),
            ServiceFailure::Http(s, 404)
        );
        assert!(ServiceFailure::from_status(s, 500).is_transient());
        assert!(ServiceFailure::from_status(s, 429).is_transient());
        assert!(!ServiceFailure::from_status(s, 403).is_transient());
        assert!(!ServiceFailure::Malformed(s, "x".into()).is_transient());
    }

    #[test]
    fn network_failure_keeps_its_cause_and_names_the_service() {
        let e = ServiceFailure::Network(
            Service::IdentityPool,
            TransportError::new("https://h.example/?token=x", "fetch: Failed to fetch"),
        );
        assert!(e.is_transient());
        assert_eq!(
            e.to_string(),
            "Could not reach the AWS sign-in service. Check your connection and try again."
        );
        let cause = e.source().expect("the transport error is the source");
        assert_eq!(
            cause.to_string(),
            "could not reach https://h.example: fetch: Failed to fetch"
        );
        assert_eq!(
            ServiceFailure::Internal(Service::S3).to_string(),
            "S3 had an internal problem. Try again in a moment."
        );
        let cors = ServiceFailure::Network(Service::S3, TransportError::new("https://b", "x"));
        assert_eq!(
            cors.to_string(),
            "Could not reach S3. Check your connection (and the bucket's CORS rules)."
        );
    }
}
