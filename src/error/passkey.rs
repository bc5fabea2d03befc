//! What the browser's passkey prompt (`navigator.credentials.get` and
//! `.create`) can end in other than a credential, one sentence each: the glue
//! (`web::passkey`) reads the `DOMException`'s name into these.

use crate::webauthn::WebAuthnError;

/// Why no passkey came back from the browser. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasskeyError {
    /// `NotAllowedError`: the user closed the prompt, chose nothing, or the
    /// authenticator refused (WebAuthn gives these one name, on purpose).
    #[error("The passkey request was cancelled or timed out. Try again, or choose another way.")]
    Cancelled,
    /// The deadline passed and the request was aborted (`AbortError`).
    #[error("The passkey request took too long and was stopped. Try again.")]
    TimedOut,
    /// No `PublicKeyCredential`, no `navigator.credentials`, not a secure
    /// context (HTTPS), or `NotSupportedError`.
    #[error(
        "This browser cannot use passkeys here (it has no passkey support, or the page is not served over HTTPS). Choose another way."
    )]
    Unsupported,
    /// `SecurityError`: the relying party the pool names (`rpId`) is not
    /// this page's host nor a domain it belongs to.
    #[error(
        "The sign-in service asks for a passkey of another site than this page's, so the browser refused it. The pool's passkey settings (its relying party) must name this site."
    )]
    WrongSite,
    /// `InvalidStateError` while creating: the authenticator already holds a
    /// passkey of this account (`excludeCredentials`).
    #[error("This authenticator already holds a passkey for your account.")]
    AlreadyRegistered,
    /// Any other refusal, by the `DOMException`'s name (never its message,
    /// which may quote the options).
    #[error("The browser could not use a passkey ({0}).")]
    Other(String),
    /// The browser's credential (or the pool's options) could not be used.
    #[error(transparent)]
    Unreadable(#[from] WebAuthnError),
}

impl PasskeyError {
    /// The error a `DOMException` of `name` stands for; `deadline_passed` when
    /// the request's own deadline aborted it.
    pub fn from_dom_name(name: &str, creating: bool, deadline_passed: bool) -> Self {
        match name {
            _ if deadline_passed => Self::TimedOut,
            "NotAllowedError" => Self::Cancelled,
            "AbortError" => Self::TimedOut,
            "SecurityError" => Self::WrongSite,
            "NotSupportedError" => Self::Unsupported,
            "InvalidStateError" if creating => Self::AlreadyRegistered,
            other => Self::Other(other.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dom_exception_has_its_own_sentence() {
        let get = |name| PasskeyError::from_dom_name(name, false, false);
        assert_eq!(get("NotAllowedError"), PasskeyError::Cancelled);
        assert_eq!(get("SecurityError"), PasskeyError::WrongSite);
        assert_eq!(get("NotSupportedError"), PasskeyError::Unsupported);
        assert_eq!(get("AbortError"), PasskeyError::TimedOut);
        // Only a new passkey can be one the authenticator already holds.
        assert_eq!(
            get("InvalidStateError"),
            PasskeyError::Other("InvalidStateError".into())
        );
        assert_eq!(
            PasskeyError::from_dom_name("InvalidStateError", true, false),
            PasskeyError::AlreadyRegistered
        );
        // Aborted by the deadline: whatever the browser names it.
        assert_eq!(
            PasskeyError::from_dom_name("NotAllowedError", false, true),
            PasskeyError::TimedOut
        );
        let sentences: Vec<String> = [
            PasskeyError::Cancelled,
            PasskeyError::TimedOut,
            PasskeyError::Unsupported,
            PasskeyError::WrongSite,
            PasskeyError::AlreadyRegistered,
            PasskeyError::Other("UnknownError".into()),
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        for (i, s) in sentences.iter().enumerate() {
            assert!(s.ends_with('.'), "{s}");
            assert!(!sentences[..i].contains(s), "each sentence is its own: {s}");
        }
        assert_eq!(
            sentences[5],
            "The browser could not use a passkey (UnknownError)."
        );
    }
}
