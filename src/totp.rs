//! Setting up an authenticator app: the `otpauth://` URI (Google
//! Authenticator's key-URI format) and its QR code as an SVG path.
//!
//! The app never computes codes itself: Cognito checks them.

use std::fmt::Write as _;

use percent_encoding::utf8_percent_encode;
use qrcodegen::{QrCode, QrCodeEcc};

use crate::encode::UNRESERVED;
use crate::secret::TotpSecret;

/// `otpauth://totp/<issuer>:<account>?secret=…&issuer=…` for `secret`
/// (Cognito's base32 `SecretCode`): what an authenticator app scans.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &TotpSecret) -> String {
    let issuer = utf8_percent_encode(issuer, UNRESERVED);
    let account = utf8_percent_encode(account, UNRESERVED);
    let secret: String = secret
        .expose()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    format!(
        "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits=6&period=30"
    )
}

/// The secret in groups of four characters, easier to type by hand.
pub fn grouped(secret: &TotpSecret) -> String {
    let mut out = String::new();
    for (i, c) in secret.expose().chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A QR code as an SVG: `(size, path)` where the path draws every dark
/// module as a 1×1 square, for a `viewBox` of `size + 8` with a 4-module
/// quiet zone (the path is already offset by 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSvg {
    /// The `viewBox` width and height, quiet zone included.
    pub view_box: i32,
    /// The `d` attribute of one `<path>`.
    pub path: String,
}

/// Encodes `text` (medium error correction). `None` only when it is too long
/// for any QR code (about 2,300 bytes), which an `otpauth` URI never is.
pub fn qr_svg(text: &str) -> Option<QrSvg> {
    const QUIET: i32 = 4;
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                let _ = write!(path, "M{},{}h1v1h-1z", x + QUIET, y + QUIET);
            }
        }
    }
    Some(QrSvg {
        view_box: size + 2 * QUIET,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_in_key_uri_format() {
        let secret = TotpSecret::new("JBSW Y3DP EHPK 3PXP");
        assert_eq!(
            otpauth_uri("Cognito demo", "ada@example.com", &secret),
            "otpauth://totp/Cognito%20demo:ada%40example.com?secret=JBSWY3DPEHPK3PXP\
             &issuer=Cognito%20demo&algorithm=SHA1&digits=6&period=30"
        );
        // A colon in the account name would split the label: it is escaped.
        assert!(otpauth_uri("I", "a:b", &secret).starts_with("otpauth://totp/I:a%3Ab?"));
    }

    #[test]
    fn groups_of_four() {
        assert_eq!(grouped(&TotpSecret::new("ABCDEFGHIJ")), "ABCD EFGH IJ");
        assert_eq!(grouped(&TotpSecret::new("")), "");
    }

    #[test]
    fn qr_has_finder_patterns_and_quiet_zone() {
        let uri = otpauth_uri("Cognito demo", "ada", &TotpSecret::new("A".repeat(52)));
        let svg = qr_svg(&uri).unwrap();
        let size = svg.view_box - 8;
        assert!(size >= 21 && (size - 17) % 4 == 0, "a QR size: {size}");
        // Top-left finder pattern: its corner module is dark, drawn at (4,4).
        assert!(svg.path.starts_with("M4,4h1v1h-1z"), "{}", &svg.path[..40]);
        // Nothing is drawn in the quiet zone.
        for square in svg.path.split('z').filter(|s| !s.is_empty()) {
            let (x, y) = square[1..]
                .split_once('h')
                .unwrap()
                .0
                .split_once(',')
                .unwrap();
            let (x, y): (i32, i32) = (x.parse().unwrap(), y.parse().unwrap());
            assert!((4..4 + size).contains(&x) && (4..4 + size).contains(&y));
        }
        assert_eq!(qr_svg(&"x".repeat(5000)), None);
    }
}
