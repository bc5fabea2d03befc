//! What names an account on the forms: a username or the email address.

use super::FormError;

/// What identifies an account: a username, or the email address (a pool
/// created with `UsernameAttributes: [email]`). Set in `config.json`
/// (`"signInWith": "email"`), so one build serves both kinds of pool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SignInWith {
    /// A username chosen at registration (the email is an attribute).
    #[default]
    Username,
    /// The email address is the username.
    Email,
}

impl SignInWith {
    /// The label of the field that names the account.
    pub fn label(self) -> &'static str {
        match self {
            Self::Username => "Username",
            Self::Email => "Email",
        }
    }

    /// The same, inside a sentence.
    pub fn noun(self) -> &'static str {
        match self {
            Self::Username => "username",
            Self::Email => "email address",
        }
    }

    /// The `autocomplete` hint of that field.
    pub fn autocomplete(self) -> &'static str {
        match self {
            Self::Username => "username",
            Self::Email => "email",
        }
    }

    /// The name to send, from what was typed (see [`super::account_name`]).
    ///
    /// # Errors
    /// [`FormError`] for an empty name or an implausible address.
    pub fn account_name(self, typed: &str) -> Result<String, FormError> {
        super::account_name(self, typed)
    }
}
