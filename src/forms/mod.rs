//! What the forms check before any request is sent (pure, tested natively).

mod password;
mod registration;
mod sign_in_with;

pub use self::password::PasswordPolicy;
pub use self::registration::{Registration, ValidRegistration};
pub use self::sign_in_with::SignInWith;
use crate::user_pool::Attribute;

/// A form field that cannot be sent as it is. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormError {
    /// A required field is empty.
    #[error("Enter your {0}.")]
    Missing(&'static str),
    /// A required user attribute is empty (its label).
    #[error("Enter your {0}.")]
    MissingAttribute(String),
    /// The two password fields differ.
    #[error("The passwords do not match.")]
    PasswordMismatch,
    /// The password misses a rule of the pool's policy.
    #[error("The password needs {0}.")]
    WeakPassword(String),
    /// The email address is not plausible.
    #[error("Enter a valid email address.")]
    BadEmail,
    /// The username has characters Cognito refuses.
    #[error("A username cannot contain spaces.")]
    BadUsername,
    /// A verification code is six digits.
    #[error("The verification code is the 6 digits from the email.")]
    BadCode,
    /// A sign-in code sent by email or text message is eight digits (six in
    /// some pools and emulators).
    #[error("The code is the 8 digits from the message we sent you.")]
    BadSignInCode,
}

/// The name to send, from what was typed: trimmed; an email address also
/// lower-cased, so `Ada@Example.com` and `ada@example.com` are one account
/// even in a pool that compares names case-sensitively. ASCII letters only:
/// domains are ASCII (IDNs travel as punycode), and a Unicode case table
/// would cost ~8 KB of wasm for addresses no mail system folds that way.
///
/// # Errors
/// [`FormError::Missing`] when empty; [`FormError::BadEmail`] for an
/// implausible address.
pub fn account_name(sign_in_with: SignInWith, typed: &str) -> Result<String, FormError> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(FormError::Missing(sign_in_with.noun()));
    }
    match sign_in_with {
        SignInWith::Username => Ok(name.to_owned()),
        SignInWith::Email => {
            check_email(name)?;
            Ok(name.to_ascii_lowercase())
        }
    }
}

pub(crate) fn check_email(email: &str) -> Result<(), FormError> {
    match email.split_once('@') {
        Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !email.contains(' ') =>
        {
            Ok(())
        }
        _ => Err(FormError::BadEmail),
    }
}

/// Checks a username (or email) and password for sign-in; returns the name to send.
///
/// # Errors
/// [`FormError::Missing`], or [`FormError::BadEmail`].
pub fn check_sign_in(
    sign_in_with: SignInWith,
    name: &str,
    password: &str,
) -> Result<String, FormError> {
    let name = sign_in_with.account_name(name)?;
    if password.is_empty() {
        return Err(FormError::Missing("password"));
    }
    Ok(name)
}

/// Normalises a typed verification code (spaces removed).
///
/// # Errors
/// [`FormError::BadCode`] unless six digits remain.
pub fn check_code(code: &str) -> Result<String, FormError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(FormError::BadCode)
    }
}

/// Normalises a typed sign-in code sent by email or text message (`EMAIL_OTP`,
/// `SMS_OTP`): Cognito's are eight digits (amplify-js #14428: fixed length);
/// six are accepted too, as an email MFA code and emulators send them.
///
/// # Errors
/// [`FormError::BadSignInCode`] unless six or eight digits remain.
pub fn check_sign_in_code(code: &str) -> Result<String, FormError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if matches!(digits.len(), 6 | 8) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(FormError::BadSignInCode)
    }
}

/// A person's label for a Cognito attribute name: `given_name` → "Given name",
/// `custom:team_name` → "Team name".
pub fn attribute_label(name: &str) -> String {
    let bare = name.strip_prefix("custom:").unwrap_or(name);
    let words = bare.replace('_', " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => name.to_owned(),
    }
}

/// The `autocomplete` purpose of a standard (OpenID Connect) user attribute's
/// field, so that browsers and password managers can fill it; `off` for
/// custom attributes and those with no purpose of their own.
pub fn attribute_autocomplete(name: &str) -> &'static str {
    match name {
        "name" => "name",
        "given_name" => "given-name",
        "family_name" => "family-name",
        "middle_name" => "additional-name",
        "nickname" => "nickname",
        "preferred_username" => "username",
        "email" => "email",
        "phone_number" => "tel",
        "address" => "street-address",
        "birthdate" => "bday",
        "gender" => "sex",
        "locale" => "language",
        "website" | "profile" | "picture" => "url",
        _ => "off",
    }
}

/// Checks a new password (sign-in's new-password step, password reset and
/// change): the policy, the confirmation, and every attribute the pool
/// requires (none outside sign-in). Returns the attributes to send, trimmed.
///
/// # Errors
/// The first problem, as a [`FormError`].
pub fn check_new_password(
    policy: &PasswordPolicy,
    new: &str,
    confirm: &str,
    attributes: &[(String, String)],
) -> Result<Vec<Attribute>, FormError> {
    policy.check(new)?;
    if new != confirm {
        return Err(FormError::PasswordMismatch);
    }
    attributes
        .iter()
        .map(|(name, value)| match value.trim() {
            "" => Err(FormError::MissingAttribute(
                attribute_label(name).to_ascii_lowercase(),
            )),
            v => Ok(Attribute::new(name.clone(), v)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_autocomplete_purposes() {
        assert_eq!(attribute_autocomplete("given_name"), "given-name");
        assert_eq!(attribute_autocomplete("phone_number"), "tel");
        assert_eq!(attribute_autocomplete("address"), "street-address");
        assert_eq!(attribute_autocomplete("custom:team_name"), "off");
        assert_eq!(attribute_autocomplete("zoneinfo"), "off");
    }

    #[test]
    fn attribute_labels() {
        assert_eq!(attribute_label("name"), "Name");
        assert_eq!(attribute_label("given_name"), "Given name");
        assert_eq!(attribute_label("custom:team_name"), "Team name");
        assert_eq!(attribute_label("phone_number"), "Phone number");
    }

    #[test]
    fn new_password_step() {
        let attrs = vec![("name".to_owned(), "  Ada ".to_owned())];
        assert_eq!(
            check_new_password(&PasswordPolicy::default(), "Abcdefg1!", "Abcdefg1!", &attrs),
            Ok(vec![Attribute::new("name", "Ada")])
        );
        assert_eq!(
            check_new_password(&PasswordPolicy::default(), "Abcdefg1!", "Abcdefg2!", &attrs),
            Err(FormError::PasswordMismatch)
        );
        assert!(matches!(
            check_new_password(&PasswordPolicy::default(), "short", "short", &[]),
            Err(FormError::WeakPassword(_))
        ));
        let missing = check_new_password(
            &PasswordPolicy::default(),
            "Abcdefg1!",
            "Abcdefg1!",
            &[("given_name".into(), " ".into())],
        );
        assert_eq!(
            missing,
            Err(FormError::MissingAttribute("given name".into()))
        );
        assert_eq!(missing.unwrap_err().to_string(), "Enter your given name.");
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(check_code(" 123 456 "), Ok("123456".into()));
        assert_eq!(check_code("12345"), Err(FormError::BadCode));
        assert_eq!(check_code("12345a"), Err(FormError::BadCode));
    }

    #[test]
    fn sign_in_codes_are_eight_digits_or_six() {
        assert_eq!(check_sign_in_code(" 1234 5678 "), Ok("12345678".into()));
        assert_eq!(check_sign_in_code("123456"), Ok("123456".into()));
        for bad in ["1234567", "123456789", "1234567a", ""] {
            assert_eq!(
                check_sign_in_code(bad),
                Err(FormError::BadSignInCode),
                "{bad}"
            );
        }
    }

    #[test]
    fn account_names_are_trimmed_and_required() {
        let by_name = SignInWith::Username;
        assert_eq!(by_name.account_name("  Ada "), Ok("Ada".into()));
        assert_eq!(
            by_name.account_name(" \t"),
            Err(FormError::Missing("username"))
        );
        let by_email = SignInWith::Email;
        assert_eq!(
            by_email.account_name(" Ada@Example.COM "),
            Ok("ada@example.com".into())
        );
        assert_eq!(
            by_email.account_name(""),
            Err(FormError::Missing("email address"))
        );
        assert_eq!(by_email.account_name("ada"), Err(FormError::BadEmail));
    }

    #[test]
    fn sign_in_needs_both_fields() {
        let u = SignInWith::Username;
        assert_eq!(
            check_sign_in(u, " ", "x"),
            Err(FormError::Missing("username"))
        );
        assert_eq!(
            check_sign_in(u, "u", ""),
            Err(FormError::Missing("password"))
        );
        assert_eq!(check_sign_in(u, " u ", "p"), Ok("u".into()));
        assert_eq!(
            check_sign_in(SignInWith::Email, "A@B.io", "p"),
            Ok("a@b.io".into())
        );
    }
}
