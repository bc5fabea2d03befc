//! Newtypes for values that must never reach logs, the DOM or `Debug` output.
//!
//! Each wraps a `String`, prints as `<redacted>` and only gives its content
//! through an explicit [`expose`](Password::expose) call, so a leak is visible in review.

use std::fmt;

macro_rules! secret_string {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Default, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps a secret value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The secret itself; call only where it is sent or stored.
            pub fn expose(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

secret_string!(
    /// A user's password (or a new or temporary one).
    Password
);
secret_string!(
    /// A Cognito ID token (a JWT).
    IdToken
);
secret_string!(
    /// A Cognito access token (a JWT).
    AccessToken
);
secret_string!(
    /// A Cognito refresh token (opaque).
    RefreshToken
);
secret_string!(
    /// An AWS secret access key.
    SecretKey
);
secret_string!(
    /// An AWS session token.
    SessionToken
);
secret_string!(
    /// An app client secret.
    ClientSecret
);
secret_string!(
    /// The shared key of an authenticator app (base32), shown once during set-up.
    TotpSecret
);
secret_string!(
    /// The opaque session of a sign-in step: for a few minutes it stands in
    /// for the password.
    ChallengeSession
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let p = Password::new("hunter2");
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
        assert_eq!(
            format!("{:?}", IdToken::new("eyJ.secret")),
            "IdToken(<redacted>)"
        );
        assert_eq!(p.expose(), "hunter2");
    }
}
