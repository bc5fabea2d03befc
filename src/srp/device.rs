//! Remembered devices: the device's own SRP secret. When a sign-in answers
//! `NewDeviceMetadata` (a device key and a device group key), the app makes a
//! random device password and registers a verifier for it with `ConfirmDevice`;
//! later sign-ins from that device answer `DEVICE_SRP_AUTH` /
//! `DEVICE_PASSWORD_VERIFIER` with the same SRP as the user's, the device group
//! key standing for the pool name, the device key for the user, and the device
//! password for the password ([`SrpClient::password_claim`](super::SrpClient::password_claim)).
//! Pure: the random bytes are passed in (amazon-cognito-identity-js's
//! `generateHashDevice`, checked against it in `tests/device_vectors.rs`).

use num_bigint::BigUint;

use super::math::{compute_x, g_pow, hex_to_bytes, pad_hex};
use crate::secret::Password;

/// Random bytes in a device password (as the JS library draws them).
pub const DEVICE_PASSWORD_BYTES: usize = 40;
/// Random bytes in a device verifier's salt.
pub const DEVICE_SALT_BYTES: usize = 16;

/// The device password made from `random` bytes: their base64, as the JS library
/// makes it (so either can sign in with a device the other remembered).
pub fn device_password(random: &[u8; DEVICE_PASSWORD_BYTES]) -> Password {
    Password::new(crate::b64::encode(random))
}

/// What `ConfirmDevice` registers: `DeviceSecretVerifierConfig`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceVerifier {
    /// The salt, as the hex the verifier was computed with (`padHex` of the random salt).
    pub salt_hex: String,
    /// `g^x mod N`, as padded hex.
    pub verifier_hex: String,
}

impl DeviceVerifier {
    /// The verifier of `password` for the device `device_key` of `device_group_key`,
    /// salted with `salt`.
    pub fn new(
        device_group_key: &str,
        device_key: &str,
        password: &Password,
        salt: &[u8; DEVICE_SALT_BYTES],
    ) -> Self {
        let salt = BigUint::from_bytes_be(salt);
        let x = compute_x(&salt, device_group_key, device_key, password);
        Self {
            salt_hex: pad_hex(&salt),
            verifier_hex: pad_hex(&g_pow(&x)),
        }
    }

    /// `Salt`, base64 of the salt's bytes.
    pub fn salt_base64(&self) -> String {
        crate::b64::encode(&hex_bytes(&self.salt_hex))
    }

    /// `PasswordVerifier`, base64 of the verifier's bytes.
    pub fn verifier_base64(&self) -> String {
        crate::b64::encode(&hex_bytes(&self.verifier_hex))
    }
}

/// Bytes of hex that [`pad_hex`] made (valid by construction).
fn hex_bytes(hex: &str) -> Vec<u8> {
    hex_to_bytes(hex).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_forms_are_of_the_hex_bytes() {
        let v = DeviceVerifier::new("-group", "us-east-1_dev", &Password::new("pw"), &[0x80; 16]);
        // A salt with its top bit set is padded with a zero byte, as padHex does.
        assert!(v.salt_hex.starts_with("0080"), "{}", v.salt_hex);
        assert_eq!(crate::b64::decode(&v.salt_base64()).unwrap().len(), 17);
        assert_eq!(v.verifier_hex.len() % 2, 0);
        assert_eq!(device_password(&[0; 40]).expose().len(), 56);
    }
}
