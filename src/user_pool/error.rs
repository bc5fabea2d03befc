//! Errors of the Cognito user pool API, each with a sentence a person can act on.

use crate::aws_json::ServiceError;
use crate::service::{Service, ServiceFailure, WrapsServiceFailure};
use crate::srp::SrpError;

/// A failed user pool call. `Display` is the sentence to show the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserPoolError {
    /// Wrong password, or no such user (the same text on purpose, so names can't be probed).
    #[error("Incorrect username or password.")]
    IncorrectCredentials,
    /// Cognito's lock-out after repeated wrong passwords.
    #[error("Too many failed sign-in attempts. Wait a few minutes, then try again.")]
    PasswordAttemptsExceeded,
    /// The account is disabled by an administrator.
    #[error("This account is disabled. Contact the administrator of this app.")]
    UserDisabled,
    /// A refresh or access token is expired or revoked.
    #[error("Your session has expired. Please sign in again.")]
    SessionExpired,
    /// The few minutes to answer a sign-in step (new password, MFA code) are over.
    #[error("This sign-in took too long and has expired. Please sign in again.")]
    SignInExpired,
    /// The app client has a secret and `config.json`'s `clientSecret` is missing or wrong.
    #[error("This app is misconfigured: its app client secret is missing or wrong.")]
    WrongClientSecret,
    /// Any other `NotAuthorizedException`.
    #[error("Not allowed: {0}")]
    NotAuthorized(String),
    /// The account exists but the email code was never entered.
    #[error("This account is not confirmed yet. Enter the verification code sent to your email.")]
    UserNotConfirmed,
    /// Sign-up with a taken username.
    #[error("An account with this username already exists. Sign in, or choose another username.")]
    UsernameExists,
    /// Sign-up or attribute change with an email or phone already used by another account.
    #[error("This email address is already used by another account.")]
    AliasExists,
    /// Wrong verification or MFA code.
    #[error("That code is not correct. Check it and try again.")]
    CodeMismatch,
    /// The verification code is too old.
    #[error("That code has expired. Request a new code.")]
    ExpiredCode,
    /// The password does not meet the pool's policy; holds what is missing.
    #[error("The password does not meet the requirements: {0}")]
    InvalidPassword(String),
    /// A field is not acceptable; holds Cognito's explanation.
    #[error("Some of the information entered is not valid: {0}")]
    InvalidParameter(String),
    /// Cognito's per-user limit (codes sent, attempts): wait, do not retry at once.
    #[error("Too many attempts. Wait a while before trying again.")]
    LimitExceeded,
    /// Too many failed code attempts.
    #[error("Too many wrong codes. Wait a while before trying again.")]
    TooManyFailedAttempts,
    /// An administrator requires a password reset.
    #[error("You must reset your password before you can sign in.")]
    PasswordResetRequired,
    /// Wrong pool id or client id in the configuration.
    #[error("This app is misconfigured: its user pool or app client does not exist.")]
    ResourceNotFound(String),
    /// The pool or client does not allow this flow.
    #[error("This app is misconfigured: the user pool does not allow this action ({0}).")]
    InvalidConfiguration(String),
    /// The email with the code could not be sent.
    #[error("The code could not be sent. Check the email address, then try again.")]
    CodeDeliveryFailure,
    /// A pool's Lambda trigger rejected the request; holds its message.
    #[error("The request was rejected: {0}")]
    LambdaRejected(String),
    /// No such MFA method is set up.
    #[error("That kind of two-step verification is not set up for this account.")]
    MfaMethodNotFound,
    /// A web ACL blocked the request.
    #[error("The request was blocked by the user pool's security rules.")]
    Forbidden,
    /// The user pool does not allow passkeys (`WebAuthnNotEnabledException`).
    #[error("Passkeys are not turned on for this app's user pool.")]
    PasskeysNotEnabled,
    /// Adding a passkey took longer than Cognito keeps its challenge
    /// (`WebAuthnChallengeNotFoundException`).
    #[error("Adding the passkey took too long and has expired. Please try again.")]
    PasskeyRequestExpired,
    /// The passkey's relying party is not the pool's (`WebAuthnRelyingPartyMismatchException`).
    #[error("This passkey belongs to another website, so it cannot be used here.")]
    PasskeyOfAnotherSite,
    /// The page's origin does not belong to the pool's relying party
    /// (`WebAuthnOriginNotAllowedException`): the app is served from an address
    /// the pool's passkeys are not for.
    #[error("Passkeys cannot be used from this web address. Open the app at its usual address.")]
    PasskeyOriginNotAllowed,
    /// The registration was started with another app client's token
    /// (`WebAuthnClientMismatchException`).
    #[error("Adding the passkey was started elsewhere. Please start again here.")]
    PasskeyClientMismatch,
    /// The authenticator's credential is of a kind the pool does not take
    /// (`WebAuthnCredentialNotSupportedException`).
    #[error("This kind of passkey or security key is not accepted. Try another one.")]
    PasskeyNotSupported,
    /// The passkey to remove is not on the account (any more).
    #[error("That passkey is no longer on your account.")]
    PasskeyNotFound,
    /// A service error this app does not know; keeps the name and message.
    #[error("The sign-in service answered {code}: {message}")]
    Other {
        /// The `__type` without prefix.
        code: String,
        /// The service's message.
        message: String,
    },
    /// No answer, an HTTP error, an unreadable answer, throttling, Cognito's own failure.
    #[error(transparent)]
    Service(#[from] ServiceFailure),
    /// The SRP exchange could not be completed.
    #[error("Sign-in failed: {0}.")]
    Srp(#[from] SrpError),
    /// Cognito asked for a step this app does not handle.
    #[error("The sign-in needs a step this app does not support ({0}).")]
    UnsupportedChallenge(String),
}

impl WrapsServiceFailure for UserPoolError {
    const SERVICE: Service = Service::UserPool;

    fn failure(&self) -> Option<&ServiceFailure> {
        match self {
            Self::Service(f) => Some(f),
            _ => None,
        }
    }
}

impl ServiceError for UserPoolError {
    /// Maps a Cognito error name and message to its variant.
    fn from_code(code: &str, message: &str) -> Self {
        let msg = message.to_owned();
        match code {
            "NotAuthorizedException" => not_authorized(message),
            "UserNotFoundException" => Self::IncorrectCredentials,
            "UserNotConfirmedException" => Self::UserNotConfirmed,
            "UsernameExistsException" => Self::UsernameExists,
            "AliasExistsException" => Self::AliasExists,
            "CodeMismatchException" => Self::CodeMismatch,
            "ExpiredCodeException" => Self::ExpiredCode,
            "InvalidPasswordException" => Self::InvalidPassword(policy_text(message)),
            "InvalidParameterException" if message.contains("SECRET_HASH") => {
                Self::WrongClientSecret
            }
            "InvalidParameterException" => Self::InvalidParameter(msg),
            "LimitExceededException" => Self::LimitExceeded,
            "TooManyFailedAttemptsException" => Self::TooManyFailedAttempts,
            "PasswordResetRequiredException" => Self::PasswordResetRequired,
            "ResourceNotFoundException" => Self::ResourceNotFound(msg),
            "InvalidUserPoolConfigurationException"
            | "InvalidSmsRoleAccessPolicyException"
            | "InvalidSmsRoleTrustRelationshipException"
            | "InvalidEmailRoleAccessPolicyException"
            | "UnsupportedOperationException"
            | "UnsupportedTokenTypeException"
            | "OperationNotEnabledException"
            | "FeatureUnavailableInTierException"
            | "WebAuthnConfigurationMissingException" => Self::InvalidConfiguration(msg),
            "WebAuthnNotEnabledException" => Self::PasskeysNotEnabled,
            "WebAuthnChallengeNotFoundException" => Self::PasskeyRequestExpired,
            "WebAuthnRelyingPartyMismatchException" => Self::PasskeyOfAnotherSite,
            "WebAuthnOriginNotAllowedException" => Self::PasskeyOriginNotAllowed,
            "WebAuthnClientMismatchException" => Self::PasskeyClientMismatch,
            "WebAuthnCredentialNotSupportedException" => Self::PasskeyNotSupported,
            "CodeDeliveryFailureException" => Self::CodeDeliveryFailure,
            "UserLambdaValidationException" => Self::LambdaRejected(lambda_text(message)),
            "InvalidLambdaResponseException" | "UnexpectedLambdaException" => {
                ServiceFailure::Internal(Service::UserPool).into()
            }
            "MFAMethodNotFoundException" | "SoftwareTokenMFANotFoundException" => {
                Self::MfaMethodNotFound
            }
            "EnableSoftwareTokenMFAException" => Self::CodeMismatch,
            "ForbiddenException" => Self::Forbidden,
            _ => Self::Other {
                code: code.to_owned(),
                message: msg,
            },
        }
    }
}

/// `NotAuthorizedException` covers several situations; its message tells them apart.
fn not_authorized(message: &str) -> UserPoolError {
    use UserPoolError as E;
    let m = message.to_ascii_lowercase();
    if m.contains("incorrect username or password") {
        E::IncorrectCredentials
    } else if m.contains("attempts exceeded") {
        E::PasswordAttemptsExceeded
    } else if m.contains("disabled") {
        E::UserDisabled
    } else if m.contains("secret hash") || m.contains("secret_hash") {
        E::WrongClientSecret
    } else if m.contains("session") {
        E::SignInExpired
    } else if m.contains("token") {
        E::SessionExpired
    } else {
        E::NotAuthorized(message.to_owned())
    }
}

/// "Password did not conform with policy: Password not long enough" → "Password not long enough".
fn policy_text(message: &str) -> String {
    message
        .split_once(": ")
        .map_or(message, |(_, rest)| rest)
        .trim()
        .to_owned()
}

/// Lambda messages come as "PreSignUp failed with error <text>."; keep the text.
fn lambda_text(message: &str) -> String {
    message
        .split_once("failed with error ")
        .map_or(message, |(_, rest)| rest)
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws_json;
    use crate::http::HttpResponse;

    #[test]
    fn unknown_user_reads_like_wrong_password() {
        let a = UserPoolError::from_code("UserNotFoundException", "User does not exist.");
        let b =
            UserPoolError::from_code("NotAuthorizedException", "Incorrect username or password.");
        assert_eq!(a.to_string(), b.to_string());
    }

    #[test]
    fn not_authorized_is_told_apart_by_message() {
        let f = |m| UserPoolError::from_code("NotAuthorizedException", m);
        assert_eq!(
            f("Password attempts exceeded"),
            UserPoolError::PasswordAttemptsExceeded
        );
        assert_eq!(f("User is disabled."), UserPoolError::UserDisabled);
        assert_eq!(
            f("Refresh Token has expired"),
            UserPoolError::SessionExpired
        );
        assert_eq!(
            f("Access Token has been revoked"),
            UserPoolError::SessionExpired
        );
        assert_eq!(
            f("something new"),
            UserPoolError::NotAuthorized("something new".into())
        );
    }

    #[test]
    fn policy_message_keeps_the_reason() {
        let e = UserPoolError::from_code(
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have uppercase characters",
        );
        assert_eq!(
            e.to_string(),
            "The password does not meet the requirements: Password must have uppercase characters"
        );
    }

    #[test]
    fn unknown_codes_keep_name_and_message() {
        let e = UserPoolError::from_code("BrandNewException", "details");
        assert_eq!(
            e.to_string(),
            "The sign-in service answered BrandNewException: details"
        );
    }

    #[test]
    fn transient_classification() {
        let s = Service::UserPool;
        assert!(UserPoolError::from(ServiceFailure::Throttled(s)).is_transient());
        assert!(UserPoolError::from(ServiceFailure::from_status(s, 503)).is_transient());
        assert!(UserPoolError::from(ServiceFailure::Internal(s)).is_transient());
        assert!(!UserPoolError::malformed("x").is_transient());
        assert!(!UserPoolError::SessionExpired.is_transient());
        assert!(!UserPoolError::LimitExceeded.is_transient());
    }

    #[test]
    fn a_wrong_client_secret_is_a_configuration_problem() {
        for message in [
            "Unable to verify secret hash for client 1example23456789",
            "Client 1example23456789 is configured with secret but SECRET_HASH was not received",
        ] {
            let e = UserPoolError::from_code("NotAuthorizedException", message);
            assert_eq!(e, UserPoolError::WrongClientSecret, "{message}");
        }
        // A client with a secret, and none configured (AWS's answer).
        let e = UserPoolError::from_code(
            "InvalidParameterException",
            "Client 1example23456789 is configured with secret but SECRET_HASH was not received",
        );
        assert_eq!(e, UserPoolError::WrongClientSecret);
    }

    #[test]
    fn an_expired_sign_in_step_is_not_an_expired_session() {
        let e = UserPoolError::from_code(
            "NotAuthorizedException",
            "Invalid session for the user, session is expired.",
        );
        assert_eq!(e, UserPoolError::SignInExpired);
        let e = UserPoolError::from_code("NotAuthorizedException", "Access Token has expired");
        assert_eq!(e, UserPoolError::SessionExpired);
    }

    #[test]
    fn every_documented_code_has_its_own_sentence() {
        // The error codes of the operations the app calls (AWS API reference), plus the common others.
        let codes = [
            "NotAuthorizedException",
            "UserNotConfirmedException",
            "UsernameExistsException",
            "CodeMismatchException",
            "ExpiredCodeException",
            "InvalidPasswordException",
            "InvalidParameterException",
            "LimitExceededException",
            "TooManyRequestsException",
            "PasswordResetRequiredException",
            "ResourceNotFoundException",
            "AliasExistsException",
            "TooManyFailedAttemptsException",
            "CodeDeliveryFailureException",
            "UserLambdaValidationException",
            "InvalidUserPoolConfigurationException",
            "MFAMethodNotFoundException",
            "ForbiddenException",
            "InternalErrorException",
            // Choice-based sign-in and passkeys (botocore's cognito-idp model:
            // the errors of InitiateAuth, RespondToAuthChallenge and the four
            // WebAuthn operations).
            "OperationNotEnabledException",
            "FeatureUnavailableInTierException",
            "UserNotFoundException",
            "WebAuthnNotEnabledException",
            "WebAuthnChallengeNotFoundException",
            "WebAuthnRelyingPartyMismatchException",
            "WebAuthnClientMismatchException",
            "WebAuthnOriginNotAllowedException",
            "WebAuthnCredentialNotSupportedException",
            "WebAuthnConfigurationMissingException",
        ];
        for code in codes {
            // Through the JSON 1.1 error path, as the answers arrive.
            let answer = HttpResponse {
                status: 400,
                body: format!(
                    r#"{{"__type":"{code}","message":"Incorrect username or password."}}"#
                ),
            };
            let e: UserPoolError = aws_json::parse(Service::UserPool, &answer)
                .unwrap_err()
                .typed();
            assert!(
                !matches!(e, UserPoolError::Other { .. }),
                "{code} is not mapped"
            );
            assert!(!e.to_string().contains("Exception"), "{code}: {e}");
        }
    }

    #[test]
    fn passkey_refusals_each_have_their_sentence() {
        let codes = [
            (
                "WebAuthnNotEnabledException",
                UserPoolError::PasskeysNotEnabled,
            ),
            (
                "WebAuthnChallengeNotFoundException",
                UserPoolError::PasskeyRequestExpired,
            ),
            (
                "WebAuthnRelyingPartyMismatchException",
                UserPoolError::PasskeyOfAnotherSite,
            ),
            (
                "WebAuthnOriginNotAllowedException",
                UserPoolError::PasskeyOriginNotAllowed,
            ),
            (
                "WebAuthnClientMismatchException",
                UserPoolError::PasskeyClientMismatch,
            ),
            (
                "WebAuthnCredentialNotSupportedException",
                UserPoolError::PasskeyNotSupported,
            ),
        ];
        let mut sentences: Vec<String> = codes
            .iter()
            .map(|(code, expected)| {
                let e = UserPoolError::from_code(code, "details");
                assert_eq!(&e, expected, "{code}");
                e.to_string()
            })
            .collect();
        sentences.push(UserPoolError::PasskeyNotFound.to_string());
        let count = sentences.len();
        sentences.sort();
        sentences.dedup();
        assert_eq!(sentences.len(), count, "two refusals read the same");
        let missing = UserPoolError::from_code(
            "WebAuthnConfigurationMissingException",
            "No relying party ID",
        );
        assert_eq!(
            missing,
            UserPoolError::InvalidConfiguration("No relying party ID".into())
        );
    }
}
