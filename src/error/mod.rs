//! One error type for the UI: each module's typed error, shown as its sentence.

pub mod browser;
pub mod passkey;

pub use self::browser::BrowserError;
pub use self::passkey::PasskeyError;
use crate::api::ApiError;
use crate::forms::FormError;
use crate::identity::IdentityError;
use crate::oauth::OAuthError;
use crate::s3::S3Error;
use crate::session::SessionError;
use crate::user_pool::UserPoolError;

/// Anything a user action can end in. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// The form was not sent.
    #[error(transparent)]
    Form(#[from] FormError),
    /// The user pool said no.
    #[error(transparent)]
    UserPool(#[from] UserPoolError),
    /// The identity pool said no.
    #[error(transparent)]
    Identity(#[from] IdentityError),
    /// The hosted sign-in did not complete.
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    /// The user's API said no.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// S3 said no.
    #[error(transparent)]
    S3(#[from] S3Error),
    /// Tokens could not be read.
    #[error("Your sign-in could not be read ({0}). Please sign in again.")]
    Session(#[from] SessionError),
    /// The browser refused something (storage full, no crypto).
    #[error(transparent)]
    Browser(#[from] BrowserError),
    /// The browser's passkey prompt gave no passkey (cancelled, unsupported, …).
    #[error(transparent)]
    Passkey(#[from] PasskeyError),
    /// The action needs a signed-in user.
    #[error("Please sign in first.")]
    NotSignedIn,
    /// "Sign out everywhere" signed out here, but the other devices could not be signed out.
    #[error("You are signed out here. Signing out elsewhere failed: {0}")]
    SignedOutHereOnly(Box<AppError>),
    /// The remembered device of this browser is unknown to the pool now (forgotten
    /// elsewhere); it was forgotten here too.
    #[error("This browser is no longer a remembered device of your account. Please sign in again.")]
    DeviceForgotten,
    /// Signed out here, but Cognito could not revoke the refresh token.
    #[error(
        "You are signed out on this device, but Cognito could not be told ({0}), so the sign-in stays valid elsewhere until it expires."
    )]
    NotRevoked(Box<AppError>),
}

impl AppError {
    /// True when the user's account needs its emailed code first.
    pub fn is_unconfirmed(&self) -> bool {
        matches!(self, Self::UserPool(UserPoolError::UserNotConfirmed))
    }

    /// True when the session is over and the user must sign in again.
    pub fn ends_session(&self) -> bool {
        matches!(
            self,
            Self::UserPool(UserPoolError::SessionExpired) | Self::Session(_) | Self::NotSignedIn
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::WrapsServiceFailure;

    #[test]
    fn sentences_pass_through() {
        let e: AppError = UserPoolError::CodeMismatch.into();
        assert_eq!(e.to_string(), UserPoolError::CodeMismatch.to_string());
        assert!(AppError::from(UserPoolError::UserNotConfirmed).is_unconfirmed());
        assert!(AppError::from(UserPoolError::SessionExpired).ends_session());
        assert!(!AppError::from(UserPoolError::malformed("x")).ends_session());
    }
}
