//! The registration form: what is checked before `SignUp` is sent, in the
//! order of the fields on screen.

use super::{FormError, PasswordPolicy, SignInWith, check_email};
use crate::secret::Password;
use crate::user_pool::Attribute;

/// The registration form as typed. The passwords are [`Password`]s: `Debug`
/// never shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registration {
    /// Email address (required; the code is sent there).
    pub email: String,
    /// Username (required).
    pub username: String,
    /// Password.
    pub password: Password,
    /// Password again.
    pub confirm_password: Password,
    /// Optional full name.
    pub name: String,
    /// Optional postal address.
    pub address: String,
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
    pub fn validate(
        &self,
        sign_in_with: SignInWith,
        policy: &PasswordPolicy,
    ) -> Result<ValidRegistration, FormError> {
        self.checked(sign_in_with, Some(policy))
    }

    /// Checks the form of a sign-up without a password (a pool that signs in
    /// by passkey or emailed code): the password fields are not used, and the
    /// [`ValidRegistration`]'s password is empty.
    ///
    /// # Errors
    /// As [`Self::validate`], but never about the password.
    pub fn validate_without_password(
        &self,
        sign_in_with: SignInWith,
    ) -> Result<ValidRegistration, FormError> {
        self.checked(sign_in_with, None)
    }

    /// The checks; `policy`: the password's too (`None`: no password).
    fn checked(
        &self,
        sign_in_with: SignInWith,
        policy: Option<&PasswordPolicy>,
    ) -> Result<ValidRegistration, FormError> {
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
        let password = match policy {
            Some(policy) => {
                if self.password.expose().is_empty() {
                    return Err(FormError::Missing("password"));
                }
                policy.check(self.password.expose())?;
                if self.password != self.confirm_password {
                    return Err(FormError::PasswordMismatch);
                }
                self.password.clone()
            }
            None => Password::default(),
        };
        let mut attributes = vec![Attribute::new("email", email)];
        for (name, value) in [("name", &self.name), ("address", &self.address)] {
            if !value.trim().is_empty() {
                attributes.push(Attribute::new(name, value.trim()));
            }
        }
        Ok(ValidRegistration {
            username,
            password,
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
            password: Password::new("Analytical-1"),
            confirm_password: Password::new("Analytical-1"),
            name: "Ada Lovelace".into(),
            address: String::new(),
        }
    }

    #[test]
    fn without_a_password_the_password_fields_are_not_read() {
        let form = Registration {
            password: Password::new("x"),
            confirm_password: Password::new("y"),
            ..good()
        };
        let valid = form
            .validate_without_password(SignInWith::Username)
            .unwrap();
        assert_eq!(valid.password.expose(), "");
        assert_eq!(valid.username, "ada");
        assert_eq!(
            valid.attributes,
            good()
                .validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap()
                .attributes
        );
        let no_email = Registration {
            email: " ".into(),
            ..good()
        };
        assert_eq!(
            no_email.validate_without_password(SignInWith::Username),
            Err(FormError::Missing("email address"))
        );
    }

    #[test]
    fn debug_leaves_out_the_passwords() {
        let shown = format!("{:?}", good());
        assert!(!shown.contains("Analytical-1"), "{shown}");
        assert!(shown.contains("ada"));
    }

    #[test]
    fn a_good_form_becomes_attributes() {
        let v = good()
            .validate(SignInWith::Username, &PasswordPolicy::default())
            .unwrap();
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
            confirm_password: Password::new("Analytical-2"),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap_err(),
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
                .validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap_err(),
            FormError::Missing("email address")
        );
        let f = Registration {
            email: "nope".into(),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap_err(),
            FormError::BadEmail
        );
        let f = Registration {
            username: "a b".into(),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap_err(),
            FormError::BadUsername
        );
        let f = Registration {
            password: Password::new("short"),
            confirm_password: Password::new("short"),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap_err(),
            FormError::WeakPassword("at least 8 characters".into())
        );
        let f = Registration {
            password: Password::new("alllower1"),
            confirm_password: Password::new("alllower1"),
            ..good()
        };
        assert_eq!(
            f.validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap_err(),
            FormError::WeakPassword("an upper-case letter".into())
        );
    }

    #[test]
    fn by_email_the_address_is_the_username() {
        let f = Registration {
            username: "ignored".into(),
            email: " Ada@Example.com".into(),
            ..good()
        };
        let v = f
            .validate(SignInWith::Email, &PasswordPolicy::default())
            .unwrap();
        assert_eq!(v.username, "ada@example.com");
        assert_eq!(v.attributes[0], Attribute::new("email", "ada@example.com"));
        let no_username = Registration {
            username: String::new(),
            ..f
        };
        assert!(
            no_username
                .validate(SignInWith::Email, &PasswordPolicy::default())
                .is_ok()
        );
        assert_eq!(
            no_username
                .validate(SignInWith::Username, &PasswordPolicy::default())
                .unwrap_err(),
            FormError::Missing("username")
        );
    }
}
