//! Passkeys (WebAuthn) as JSON: what Cognito asks the browser for, and what
//! the browser's authenticator answers, in the JSON forms of the WebAuthn
//! Level 3 spec (§5.1.8–§5.1.10, <https://www.w3.org/TR/webauthn-3/>), every
//! binary member as unpadded base64url (RFC 4648 §5, no `=`).
//!
//! | ceremony | Cognito sends | the browser | Cognito takes |
//! |---|---|---|---|
//! | sign-in | `WEB_AUTHN` challenge, `CREDENTIAL_REQUEST_OPTIONS` ([`RequestOptions`]) | `navigator.credentials.get` | `CREDENTIAL` = [`AssertionJson`] |
//! | new passkey | `StartWebAuthnRegistration` → `CredentialCreationOptions` ([`CreationOptions`]) | `navigator.credentials.create` | `CompleteWebAuthnRegistration` `Credential` = [`RegistrationJson`] |
//!
//! Browsers with `PublicKeyCredential.parseRequestOptionsFromJSON`,
//! `parseCreationOptionsFromJSON` and `credential.toJSON()` convert themselves:
//! they get the options' JSON text unchanged, and their JSON is checked and
//! sent as it is. For the others, [`options`] decodes the options to bytes and
//! [`credential`] writes the JSON from the credential's bytes.
//!
//! Pure Rust: no web-sys; the browser glue calls the authenticator.

mod base64url;
pub mod credential;
mod fields;
pub mod options;

pub use self::credential::{AssertionJson, AssertionParts, AttestationParts, RegistrationJson};
pub use self::options::{
    AuthenticatorSelection, CreationOptions, CredentialDescriptor, KeyParameter, RelyingParty,
    RequestOptions, UserEntity,
};

use serde_json::Value;

/// What is wrong with a JSON document, naming the member by its path
/// (`allowCredentials[0].id`). Never quotes the document's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonProblem {
    /// Not JSON at all; holds the parser's message (a position, no content).
    #[error("not JSON: {0}")]
    NotJson(String),
    /// A required member is absent (or `null`).
    #[error("no {0}")]
    Missing(String),
    /// A member of the wrong type or value.
    #[error("{field} is not {expected}")]
    WrongType {
        /// The member's path.
        field: String,
        /// What it should be.
        expected: &'static str,
    },
    /// A binary member that is not unpadded base64url.
    #[error("{0} is not unpadded base64url")]
    NotBase64Url(String),
}

/// Passkey JSON that cannot be used. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebAuthnError {
    /// The options from Cognito are not what a browser can take.
    #[error("The sign-in service sent passkey options this app cannot use ({0}).")]
    Options(JsonProblem),
    /// The browser's credential is not what Cognito takes.
    #[error("The browser answered with a passkey this app cannot read ({0}).")]
    Credential(JsonProblem),
}

impl WebAuthnError {
    /// What is wrong, without the sentence around it.
    pub fn problem(&self) -> &JsonProblem {
        match self {
            Self::Options(p) | Self::Credential(p) => p,
        }
    }
}

/// Parses a JSON document.
fn parse_json(text: &str) -> Result<Value, JsonProblem> {
    serde_json::from_str(text).map_err(|e| JsonProblem::NotJson(e.to_string()))
}

#[cfg(test)]
pub(crate) mod tests {
    /// Hex text as bytes (the spec's test vectors are hex).
    pub(crate) fn hex(hex: &str) -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }
}
