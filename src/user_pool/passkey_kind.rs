//! What kind of authenticator holds a passkey, for the account view's list:
//! read from what `ListWebAuthnCredentials` says of it
//! (`AuthenticatorAttachment`, `AuthenticatorTransports`; WebAuthn Level 3
//! §5.4.5 and §5.8.4).

use super::Passkey;

/// Where a passkey lives, as far as the browser told Cognito.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthenticatorKind {
    /// In the device that made it (`platform`, or transport `internal`).
    BuiltIn,
    /// A security key (`usb`, `nfc`, `ble`).
    SecurityKey,
    /// A phone or another device, reached across devices (`hybrid`).
    OtherDevice,
    /// Nothing said.
    Unknown,
}

impl AuthenticatorKind {
    /// From the attachment (`platform` or `cross-platform`) and the transports.
    pub fn of(attachment: Option<&str>, transports: &[String]) -> Self {
        let has = |t: &str| transports.iter().any(|x| x == t);
        let roaming = || {
            if has("hybrid") {
                Self::OtherDevice
            } else if has("usb") || has("nfc") || has("ble") || has("smart-card") {
                Self::SecurityKey
            } else {
                Self::Unknown
            }
        };
        match attachment {
            Some("platform") => Self::BuiltIn,
            Some("cross-platform") => match roaming() {
                Self::Unknown => Self::SecurityKey,
                kind => kind,
            },
            _ if has("internal") => Self::BuiltIn,
            _ => roaming(),
        }
    }

    /// The kind as the list shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::BuiltIn => "Built into a device",
            Self::SecurityKey => "Security key",
            Self::OtherDevice => "Phone or other device",
            Self::Unknown => "Not known",
        }
    }
}

impl Passkey {
    /// What kind of authenticator holds it.
    pub fn kind(&self) -> AuthenticatorKind {
        AuthenticatorKind::of(self.attachment.as_deref(), &self.transports)
    }
}

#[cfg(test)]
mod tests {
    use super::AuthenticatorKind::{self, *};

    fn of(attachment: Option<&str>, transports: &[&str]) -> AuthenticatorKind {
        let transports: Vec<String> = transports.iter().map(|t| (*t).to_owned()).collect();
        AuthenticatorKind::of(attachment, &transports)
    }

    #[test]
    fn the_attachment_decides_and_the_transports_fill_in() {
        assert_eq!(of(Some("platform"), &["hybrid", "internal"]), BuiltIn);
        assert_eq!(of(Some("cross-platform"), &["usb", "nfc"]), SecurityKey);
        assert_eq!(of(Some("cross-platform"), &["hybrid"]), OtherDevice);
        assert_eq!(of(Some("cross-platform"), &[]), SecurityKey);
        assert_eq!(of(None, &["internal"]), BuiltIn);
        assert_eq!(of(None, &["ble"]), SecurityKey);
        assert_eq!(of(None, &["hybrid"]), OtherDevice);
        assert_eq!(of(None, &[]), Unknown);
        assert_eq!(of(Some("future"), &[]), Unknown);
        assert_eq!(Unknown.label(), "Not known");
    }
}
