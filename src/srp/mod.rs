//! Client side of Cognito's SRP-6a sign-in (`USER_SRP_AUTH` → `PASSWORD_VERIFIER`).
//!
//! No I/O, no clock and no randomness of its own: the caller passes the secret
//! exponent's bytes and the timestamp, which keeps this module testable with
//! known answers (see `tests/srp_vectors.rs`, vectors made by
//! amazon-cognito-identity-js itself).
//!
//! | step | client computes | Cognito message |
//! |---|---|---|
//! | 1 | `a` random, `A = g^a mod N` ([`SrpClient::new`], may run ahead of the password) | `InitiateAuth` with `SRP_A = hex(A)` |
//! | 2 | | answer: `SRP_B`, `SALT`, `SECRET_BLOCK`, `USER_ID_FOR_SRP` |
//! | 3 | `u = H(A‖B)`, `x = H(salt‖H(pool‖user‖":"‖password))`, `S = (B − k·g^x)^(a+u·x)`, `key = HKDF(S, u)[..16]` | |
//! | 4 | `signature = HMAC(key, pool‖user‖secret_block‖timestamp)` ([`SrpClient::password_claim`]) | `RespondToAuthChallenge` |
//!
//! Byte strings fed to the hashes follow Java's `BigInteger.toByteArray` (see
//! [`pad_hex`]); getting this wrong fails for about half of all `B` values.
//!
//! The secret exponent `a` is 256 bits by default ([`SECRET_LEN`]), RFC 5054's
//! minimum for this group size, instead of the JS library's 1024: the exponent
//! in `S` is then ~512 bits instead of ~1024, which halves the dominant cost
//! of the sign-in without weakening the protocol below its specification.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use num_bigint::BigUint;
use num_traits::Zero;
use sha2::Sha256;

use crate::secret::Password;

type HmacSha256 = Hmac<Sha256>;

pub mod device;
mod math;
mod start;

use self::math::*;
pub use self::math::{
    GPowTableBuilder, N_HEX, compute_s, compute_u, compute_x, derive_key, g_pow, g_pow_table_ready,
    k, pad_hex, parse_hex,
};
pub use self::start::SrpStart;

/// Bytes of randomness the app draws for the secret exponent `a` (256 bits).
pub const SECRET_LEN: usize = 32;

/// Why an SRP step could not be completed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    /// The secret exponent had fewer than 256 bits of input.
    #[error("the SRP secret must be at least {SECRET_LEN} bytes")]
    SecretTooShort,
    /// `A = g^a mod N` came out as zero (only possible for a degenerate `a`).
    #[error("the SRP public value A is zero")]
    ZeroA,
    /// The server's `B` is a multiple of `N`: a malicious or broken server.
    #[error("the server sent an invalid SRP value (B mod N = 0)")]
    InvalidB,
    /// `u = H(A‖B)` is zero: the exchange must be aborted.
    #[error("the SRP scrambling parameter u is zero")]
    ZeroU,
    /// A challenge field was not valid hexadecimal or base64.
    #[error("the server sent a malformed {field} in the SRP challenge")]
    Malformed {
        /// Which challenge parameter (`SRP_B`, `SALT`, `SECRET_BLOCK`).
        field: &'static str,
    },
}

/// Cognito's `TIMESTAMP`: `Sun Nov 2 07:03:09 UTC 2026` (UTC, day not zero-padded).
pub fn timestamp(unix_seconds: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        year
    )
}

/// Days since 1970-01-01 to (year, month 1..=12, day 1..=31), proleptic Gregorian
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The server's `PASSWORD_VERIFIER` challenge parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordVerifier {
    /// `SRP_B`, hex.
    pub srp_b: String,
    /// `SALT`, hex (may be odd-length).
    pub salt: String,
    /// `SECRET_BLOCK`, base64, echoed back and signed.
    pub secret_block: String,
    /// `USER_ID_FOR_SRP`: the name the password was registered under.
    pub user_id_for_srp: String,
}

/// What `RespondToAuthChallenge` needs to prove the password.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordClaim {
    /// `USERNAME` for the answer (the server's `USER_ID_FOR_SRP`).
    pub username: String,
    /// `PASSWORD_CLAIM_SECRET_BLOCK`.
    pub secret_block: String,
    /// `PASSWORD_CLAIM_SIGNATURE`, base64.
    pub signature: String,
    /// `TIMESTAMP`, as signed.
    pub timestamp: String,
}

impl fmt::Debug for PasswordClaim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordClaim")
            .field("username", &self.username)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// One SRP sign-in attempt: holds the secret `a` and the public `A`.
///
/// Create it (the expensive `g^a`) before the user submits the form; use it once.
pub struct SrpClient {
    a: BigUint,
    a_pub: BigUint,
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpClient")
            .field("a", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl SrpClient {
    /// Starts an attempt from `secret` (CSPRNG bytes, at least [`SECRET_LEN`]):
    /// computes `A` (with the fixed-base table when [`GPowTableBuilder`] has
    /// built it, else one `modpow`): call this before the user submits the password.
    ///
    /// # Errors
    /// [`SrpError::SecretTooShort`] for fewer than 32 bytes, [`SrpError::ZeroA`]
    /// if `A` would be zero.
    pub fn new(secret: &[u8]) -> Result<Self, SrpError> {
        if secret.len() < SECRET_LEN {
            return Err(SrpError::SecretTooShort);
        }
        let a = BigUint::from_bytes_be(secret);
        let a_pub = g_pow(&a);
        if a_pub.is_zero() {
            return Err(SrpError::ZeroA);
        }
        Ok(Self { a, a_pub })
    }

    /// `SRP_A` for `InitiateAuth`: lower-case hex, unpadded (as the JS library sends it).
    pub fn srp_a(&self) -> String {
        // Without the leading zero digit of a first byte under 0x10.
        let hex = math::hex(&self.a_pub.to_bytes_be());
        match hex.strip_prefix('0') {
            Some(rest) if !rest.is_empty() => rest.to_owned(),
            _ => hex,
        }
    }

    /// The public value `A`.
    pub fn public(&self) -> &BigUint {
        &self.a_pub
    }

    /// Computes the password key for the challenge: checks `B` and `u`, then `x`, `S`, HKDF.
    ///
    /// # Errors
    /// [`SrpError::Malformed`] for bad hex, [`SrpError::InvalidB`], [`SrpError::ZeroU`].
    pub fn password_key(
        &self,
        pool_name: &str,
        challenge: &PasswordVerifier,
        password: &Password,
    ) -> Result<[u8; 16], SrpError> {
        let b_pub = parse_hex("SRP_B", &challenge.srp_b)?;
        if (&b_pub % &group().n).is_zero() {
            return Err(SrpError::InvalidB);
        }
        let salt = parse_hex("SALT", &challenge.salt)?;
        let u = nonzero_u(compute_u(&self.a_pub, &b_pub))?;
        let x = compute_x(&salt, pool_name, &challenge.user_id_for_srp, password);
        let s = compute_s(&b_pub, &x, &self.a, &u);
        Ok(derive_key(&s, &u))
    }

    /// Answers the challenge: the signed claim for `RespondToAuthChallenge`.
    ///
    /// `pool_name` is the part of the user pool id after `_`; `timestamp` comes
    /// from [`timestamp`] with the current time.
    ///
    /// # Errors
    /// As [`SrpClient::password_key`], plus [`SrpError::Malformed`] for a bad `SECRET_BLOCK`.
    pub fn password_claim(
        &self,
        pool_name: &str,
        challenge: &PasswordVerifier,
        password: &Password,
        timestamp: &str,
    ) -> Result<PasswordClaim, SrpError> {
        let secret_block =
            crate::b64::decode(&challenge.secret_block).ok_or(SrpError::Malformed {
                field: "SECRET_BLOCK",
            })?;
        let key = self.password_key(pool_name, challenge, password)?;
        let mut mac = HmacSha256::new_from_slice(&key).expect("HMAC takes any key size");
        mac.update(pool_name.as_bytes());
        mac.update(challenge.user_id_for_srp.as_bytes());
        mac.update(&secret_block);
        mac.update(timestamp.as_bytes());
        Ok(PasswordClaim {
            username: challenge.user_id_for_srp.clone(),
            secret_block: challenge.secret_block.clone(),
            signature: crate::b64::encode(&mac.finalize().into_bytes()),
            timestamp: timestamp.to_owned(),
        })
    }
}

/// The pool name SRP hashes: the part of `us-east-1_AbCdEf` after the `_`.
pub fn pool_name(user_pool_id: &str) -> &str {
    user_pool_id
        .split_once('_')
        .map_or(user_pool_id, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hex strings of every length up to 40 (odd ones, leading zeros, top
    /// nibbles 0..f), from a fixed pseudo-random sequence.
    fn hex_samples() -> Vec<String> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (1..=40)
            .flat_map(|len| (0..8).map(move |i| (len, i)))
            .map(|(len, i)| {
                (0..len)
                    .map(|j| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        // Some samples start with zeros.
                        let d = if i == 0 && j < 2 { 0 } else { state % 16 };
                        char::from_digit(d as u32, 16).unwrap()
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn hex_is_read_and_written_as_num_bigint_does() {
        for h in hex_samples() {
            let theirs = BigUint::parse_bytes(h.as_bytes(), 16).unwrap();
            assert_eq!(parse_hex("F", &h).unwrap(), theirs, "{h}");
            assert_eq!(parse_hex("F", &h.to_uppercase()).unwrap(), theirs, "{h}");
            let client = SrpClient {
                a: BigUint::from(1u32),
                a_pub: theirs.clone(),
            };
            assert_eq!(client.srp_a(), theirs.to_str_radix(16), "{h}");
        }
        for bad in ["", "0x12", "12 ", "g", "-1", "+1", "１"] {
            assert!(parse_hex("F", bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            group().n,
            BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap()
        );
    }

    #[test]
    fn pad_hex_follows_java_to_byte_array() {
        assert_eq!(pad_hex(&BigUint::from(0x7fu32)), "7f");
        assert_eq!(pad_hex(&BigUint::from(0x80u32)), "0080");
        assert_eq!(pad_hex(&BigUint::from(0xfu32)), "0f");
        assert_eq!(pad_hex(&BigUint::from(0x123u32)), "0123");
        assert_eq!(pad_hex(&BigUint::from(0x8123u32)), "008123");
        assert_eq!(pad_hex(&BigUint::from(0u32)), "00");
        for v in [0u32, 1, 0x7f, 0x80, 0xff, 0x100, 0x8000, 0xdead_beef] {
            let x = BigUint::from(v);
            assert_eq!(hex_of(&pad_bytes(&x)), pad_hex(&x), "value {v:#x}");
        }
    }

    fn hex_of(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn pool_name_is_after_underscore() {
        assert_eq!(pool_name("us-east-1_AbC"), "AbC");
        assert_eq!(pool_name("noUnderscore"), "noUnderscore");
    }

    #[test]
    fn timestamp_examples() {
        assert_eq!(timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
        // 2026-11-02T07:03:09Z
        assert_eq!(timestamp(1_793_602_989), "Mon Nov 2 07:03:09 UTC 2026");
        assert_eq!(timestamp(-1), "Wed Dec 31 23:59:59 UTC 1969");
    }

    #[test]
    fn fixed_base_g_pow_equals_modpow() {
        let grp = group();
        // The table path (g_pow takes modpow until the table is built).
        assert!(GPowTableBuilder::default().step(usize::MAX));
        assert!(g_pow_table_ready());
        let mut x = BigUint::from(1u32);
        for i in 0..40u32 {
            // Values across the 256-bit range, with zero nibbles and all-ones runs.
            x = (&x * 0x1_0001u32 + i * 977) % (BigUint::from(1u32) << 256);
            assert_eq!(g_pow(&x), grp.g.modpow(&x, &grp.n), "x = {x:x}");
        }
        let max = (BigUint::from(1u32) << 256) - 1u32;
        assert_eq!(g_pow(&max), grp.g.modpow(&max, &grp.n));
        assert_eq!(g_pow(&BigUint::zero()), BigUint::from(1u32));
        let big = BigUint::from(1u32) << 300;
        assert_eq!(g_pow(&big), grp.g.modpow(&big, &grp.n));
    }

    #[test]
    fn table_built_in_slices_equals_the_table_built_at_once() {
        let mut whole = GPowTableBuilder::default();
        assert!(whole.grow(usize::MAX));
        let mut sliced = GPowTableBuilder::default();
        let mut steps = 1;
        while !sliced.grow(7) {
            steps += 1;
        }
        assert_eq!(steps, 10, "64 rows, 7 a step");
        assert_eq!(sliced.rows.len(), 64);
        assert!(sliced.rows == whole.rows);
        // Row j, digit d is g^(d·16^j).
        let grp = group();
        let (j, d) = (63u32, 15u32);
        let expected = grp.g.modpow(&(BigUint::from(d) << (4 * j)), &grp.n);
        assert_eq!(sliced.rows[63][14], expected);
    }

    #[test]
    fn zero_u_aborts() {
        assert_eq!(nonzero_u(BigUint::zero()), Err(SrpError::ZeroU));
        assert_eq!(nonzero_u(BigUint::from(1u32)), Ok(BigUint::from(1u32)));
    }

    #[test]
    fn secret_shorter_than_256_bits_is_refused() {
        assert_eq!(
            SrpClient::new(&[7u8; 31]).unwrap_err(),
            SrpError::SecretTooShort
        );
    }

    #[test]
    fn debug_redacts_secret() {
        let c = SrpClient::new(&[9u8; 32]).unwrap();
        let shown = format!("{c:?}");
        assert!(shown.contains("redacted"));
        assert!(!shown.contains("0909"));
    }
}
