//! The registration form: what is checked before `SignUp` is sent, in the
//! order of the fields on screen.

use super::{FormError, check_email, check_password};
use crate::config::SignInWith;
use crate::secret::Password;
use crate::user_pool::Attribute;

/// The registration form as typed. `Debug` leaves out the two passwords.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Registration {
    /// Email address (required; the code is sent there).
    pub email: String,
    /// Username (required).
    pub username: String,
    /// Password.
    pub password: String,
    /// Password again.
    pub confirm_password: String,
    /// Optional full name.
    pub name: String,
    /// Optional postal address.
    pub address: String,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("email", &self.email)
            .field("username", &self.username)
            .field("name", &self.name)
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

/// A registration ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRegistration {
    /// Trimmed username.
    pub username: String,
    /// The password.
    pub password: Password,
    /// `email`, and `name` / `address` when given.
    pub attributes: Vec<Attribute>,
}

impl Registration {
    /// Checks the form; nothing is sent when this fails.
    ///
    /// # Errors
    /// The first [`FormError`] found, in the order of the fields on screen.
    /// With [`SignInWith::Email`] the username field is not used: the
    /// (lower-cased) email address is the username.
    pub fn validate(&self, sign_in_with: SignInWith) -> Result<ValidRegistration, FormError> {
        let email = self.email.trim();
        if email.is_empty() {
            return Err(FormError::Missing("email address"));
        }
        check_email(email)?;
        let username = match sign_in_with {
            SignInWith::Email => email.to_ascii_lowercase(),
            SignInWith::Username => {
                let username = self.username.trim();
                if username.is_empty() {
                    return Err(FormError::Missing("username"));
                }
                if username.chars().any(char::is_whitespace) {
                    return Err(FormError::BadUsername);
                }
                username.to_owned()
            }
        };
        let email = if sign_in_with == SignInWith::Email {
            username.clone()
        } else {
            email.to_owned()
        };
        if self.password.is_empty() {
            return Err(FormError::Missing("password"));
        }
        check_password(&self.password)?;
        if self.password != self.confirm_password {
            return Err(FormError::PasswordMismatch);
        }
        let mut attributes = vec![Attribute::new("email", email)];
        for (name, value) in [("name", &self.name), ("address", &self.address)] {
            if !value.trim().is_empty() {
                attributes.push(Attribute::new(name, value.trim()));
            }
        }
        Ok(ValidRegistration {
            username,
            password: Password::new(self.password.clone()),
            attributes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Registration {
        Registration {
            email: " ada@example.com ".into(),
            username: "ada".into(),
            password: "Analytical-1".into(),
            confirm_password: "Analytical-1".into(),
            name: "Ada Lovelace".into(),
            address: String::new(),
        }
    }

    #[test]
    fn debug_leaves_out_the_passwords() {
        let shown = format!("{:?}", good());
        assert!(!shown.contains("Analytical-1"), "{shown}");
        assert!(shown.contains("ada"));
    }

    #[test]
    fn a_good_form_becomes_attributes() {
        let v = good().validate(SignInWith::Username).unwrap();
        assert_eq!(v.username, "ada");
        assert_eq!(
            v.attributes,
            vec![
                Attribute::new("email", "ada@example.com"),
                Attribute::new("name", "Ada Lovelace")
            ]
        );
    }

    #[test]
    fn mismatch_is_caught_before_sending() {
        let f = Registration {
            confirm_password: "Analytical-2".into(),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username).unwrap_err(),
            FormError::PasswordMismatch
        );
        assert_eq!(
            FormError::PasswordMismatch.to_string(),
            "The passwords do not match."
        );
    }

    #[test]
    fn fields_are_checked_in_screen_order() {
        assert_eq!(
            Registration::default()
                .validate(SignInWith::Username)
                .unwrap_err(),
            FormError::Missing("email address")
        );
        let f = Registration {
            email: "nope".into(),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username).unwrap_err(),
            FormError::BadEmail
        );
        let f = Registration {
            username: "a b".into(),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username).unwrap_err(),
            FormError::BadUsername
        );
        let f = Registration {
            password: "short".into(),
            confirm_password: "short".into(),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username).unwrap_err(),
            FormError::WeakPassword("at least 8 characters")
        );
        let f = Registration {
            password: "alllower1".into(),
            confirm_password: "alllower1".into(),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username).unwrap_err(),
            FormError::WeakPassword("an upper-case letter")
        );
    }

    #[test]
    fn by_email_the_address_is_the_username() {
        let f = Registration {
            username: "ignored".into(),
            email: " Ada@Example.com".into(),
            ..good()
        };
        let v = f.validate(SignInWith::Email).unwrap();
        assert_eq!(v.username, "ada@example.com");
        assert_eq!(v.attributes[0], Attribute::new("email", "ada@example.com"));
        let no_username = Registration {
            username: String::new(),
            ..f
        };
        assert!(no_username.validate(SignInWith::Email).is_ok());
        assert_eq!(
            no_username.validate(SignInWith::Username).unwrap_err(),
            FormError::Missing("username")
        );
    }
}
