//! The user pool's password policy, as `config.json` states it: shown as the
//! password fields' hint and checked before a new password is sent. Cognito
//! checks again and its refusal (`InvalidPasswordException`) names the rule.

use super::FormError;

/// The characters Cognito counts as symbols (its documented set, and the space).
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

/// A user pool's password policy (`Policies.PasswordPolicy` of the pool).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// At least this many characters.
    pub minimum_length: usize,
    /// An upper-case letter (A–Z) required.
    pub require_uppercase: bool,
    /// A lower-case letter (a–z) required.
    pub require_lowercase: bool,
    /// A digit required.
    pub require_numbers: bool,
    /// One of Cognito's symbols required.
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    /// Cognito's policy for a pool created without one: 8 characters, and
    /// each of the four classes.
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

impl PasswordPolicy {
    /// A minimum length and no composition rules (OWASP ASVS 5, V6.2; what
    /// `infra/template.yaml` sets, with 12).
    pub fn length_only(minimum_length: usize) -> Self {
        Self {
            minimum_length,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
        }
    }

    /// Each rule in words, with whether `password` keeps it, in the order
    /// they are checked. Cognito's letter classes are the basic Latin ones, so
    /// ASCII checks are the faithful ones (and keep Unicode tables out of the wasm).
    fn rules(&self, password: &str) -> Vec<(String, bool)> {
        let has = |f: fn(char) -> bool| password.chars().any(f);
        let mut rules = vec![(
            format!("at least {} characters", self.minimum_length),
            password.chars().count() >= self.minimum_length,
        )];
        for (required, rule, kept) in [
            (
                self.require_uppercase,
                "an upper-case letter",
                has(|c| c.is_ascii_uppercase()),
            ),
            (
                self.require_lowercase,
                "a lower-case letter",
                has(|c| c.is_ascii_lowercase()),
            ),
            (
                self.require_numbers,
                "a number",
                has(|c| c.is_ascii_digit()),
            ),
            (
                self.require_symbols,
                "a symbol",
                has(|c| SYMBOLS.contains(c)),
            ),
        ] {
            if required {
                rules.push((rule.to_owned(), kept));
            }
        }
        rules
    }

    /// Checks a new password before it is sent.
    ///
    /// # Errors
    /// [`FormError::WeakPassword`] naming the first rule it misses.
    pub fn check(&self, password: &str) -> Result<(), FormError> {
        match self.rules(password).into_iter().find(|(_, kept)| !kept) {
            Some((rule, _)) => Err(FormError::WeakPassword(rule)),
            None => Ok(()),
        }
    }

    /// The rules as one sentence, for the password field's hint.
    pub fn hint(&self) -> String {
        let rules: Vec<String> = self.rules("").into_iter().map(|(r, _)| r).collect();
        format!("Use {}.", rules.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_only_policy() {
        let p = PasswordPolicy::length_only(12);
        assert_eq!(p.hint(), "Use at least 12 characters.");
        assert_eq!(
            p.check("eleven-char"),
            Err(FormError::WeakPassword("at least 12 characters".into()))
        );
        assert_eq!(p.check("correct horse battery"), Ok(()));
        assert_eq!(p.check("twelve chars"), Ok(()));
        // Characters, not bytes.
        assert_eq!(
            p.check("ééééééééééé"),
            Err(FormError::WeakPassword("at least 12 characters".into()))
        );
    }

    #[test]
    fn cognito_default_policy() {
        let p = PasswordPolicy::default();
        assert_eq!(
            p.hint(),
            "Use at least 8 characters, an upper-case letter, a lower-case letter, a number, a symbol."
        );
        assert_eq!(p.check("Analytical-1"), Ok(()));
        for (password, rule) in [
            ("Short-1", "at least 8 characters"),
            ("analytical-1", "an upper-case letter"),
            ("ANALYTICAL-1", "a lower-case letter"),
            ("Analytical-x", "a number"),
            ("Analytical12", "a symbol"),
            ("Ánalytical-1", "an upper-case letter"),
        ] {
            assert_eq!(
                p.check(password),
                Err(FormError::WeakPassword(rule.into())),
                "{password}"
            );
        }
    }
}
