//! The SRP-6a arithmetic Cognito uses: the 3072-bit group, the byte
//! encoding of numbers for hashing (Java's `BigInteger.toByteArray`), `k`,
//! `u`, `x`, `S` with a fixed-base table for `g^x`, and the HKDF that turns
//! `S` into the signing key. Pure functions over [`BigUint`].

use std::sync::OnceLock;

use hmac::{KeyInit, Mac};
use num_bigint::BigUint;
use num_traits::Zero;
use sha2::{Digest, Sha256};

use super::{HmacSha256, SrpError};
use crate::secret::Password;

/// The 3072-bit MODP prime of RFC 3526 / RFC 5054, as Cognito uses it.
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

pub(super) const HKDF_INFO: &[u8] = b"Caldera Derived Key\x01";

/// The SRP group: `N`, `g = 2` and the multiplier `k = H(N‖g)`.
pub(super) struct Group {
    pub(super) n: BigUint,
    pub(super) g: BigUint,
    pub(super) k: BigUint,
}

pub(super) fn group() -> &'static Group {
    static GROUP: OnceLock<Group> = OnceLock::new();
    GROUP.get_or_init(|| {
        let n = BigUint::from_bytes_be(&hex_to_bytes(N_HEX).expect("N is valid hex"));
        let g = BigUint::from(2u32);
        let k = hash_to_int(&[&pad_bytes(&n), &pad_bytes(&g)]);
        Group { n, g, k }
    })
}

/// Lower-case hex of `bytes`, two digits a byte. (Hex goes through bytes here,
/// not num-bigint's radix conversions: those are ~3 KB of the sign-in's module.)
pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// The bytes of hex text of any length (odd: a `0` in front); `None` if a
/// character is not a hex digit.
pub(super) fn hex_to_bytes(hex: &str) -> Option<Vec<u8>> {
    let digits = hex
        .bytes()
        .map(|c| (c as char).to_digit(16).map(|d| d as u8))
        .collect::<Option<Vec<u8>>>()?;
    let odd = digits.len() % 2;
    let first = (odd == 1).then(|| digits[0]);
    let pairs = digits[odd..].chunks(2).map(|pair| (pair[0] << 4) | pair[1]);
    Some(first.into_iter().chain(pairs).collect())
}

/// Lower-case hex of `x` as Cognito hashes it: even length, with `00` in front
/// when the top nibble is 8..f (Java `BigInteger.toByteArray` of a positive number).
pub fn pad_hex(x: &BigUint) -> String {
    hex(&pad_bytes(x))
}

/// The bytes of [`pad_hex`], built directly.
pub(super) fn pad_bytes(x: &BigUint) -> Vec<u8> {
    let mut bytes = x.to_bytes_be();
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    bytes
}

/// Parses server hex (any length, odd allowed, leading zeros ignored) as a number.
pub fn parse_hex(field: &'static str, hex: &str) -> Result<BigUint, SrpError> {
    match hex_to_bytes(hex) {
        Some(bytes) if !bytes.is_empty() => Ok(BigUint::from_bytes_be(&bytes)),
        _ => Err(SrpError::Malformed { field }),
    }
}

pub(super) fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

pub(super) fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    BigUint::from_bytes_be(&sha256(parts))
}

/// `k = H(pad(N) ‖ pad(g))`.
pub fn k() -> &'static BigUint {
    &group().k
}

/// `u = H(pad(A) ‖ pad(B))`.
pub fn compute_u(a_pub: &BigUint, b_pub: &BigUint) -> BigUint {
    hash_to_int(&[&pad_bytes(a_pub), &pad_bytes(b_pub)])
}

/// Aborts on `u = 0` (RFC 5054 §2.6: the server could then learn nothing, but
/// the client must not continue).
pub(super) fn nonzero_u(u: BigUint) -> Result<BigUint, SrpError> {
    if u.is_zero() {
        Err(SrpError::ZeroU)
    } else {
        Ok(u)
    }
}

/// `x = H(pad(salt) ‖ hex(H(poolName ‖ userId ‖ ":" ‖ password)))`.
///
/// The inner hash enters as raw bytes: the JS library hashes its hex string
/// re-read as bytes, which is the same thing.
pub fn compute_x(salt: &BigUint, pool_name: &str, user_id: &str, password: &Password) -> BigUint {
    let inner = sha256(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.expose().as_bytes(),
    ]);
    hash_to_int(&[&pad_bytes(salt), &inner])
}

/// Fixed-base table for `g^x` with a 256-bit `x` (a SHA-256 output, or the
/// 256-bit secret `a`): `rows[j][d - 1] = g^(d·16^j) mod N` for the 64 nibbles
/// of `x`. Built once, off the critical path (in slices, with
/// [`GPowTableBuilder`]), it turns the ~300 modular multiplications of `g^x`
/// into at most 64.
pub(super) struct GPowTable {
    rows: Vec<[BigUint; 15]>,
}

/// The rows of the table for `g^x`.
const TABLE_ROWS: usize = 64;

static TABLE: OnceLock<GPowTable> = OnceLock::new();

/// Builds the fixed-base table a few rows at a time, so a page can spread the
/// one-time cost (~1 ms a row on a laptop, four times that on a slow phone)
/// over short tasks instead of one long one. The table is installed for every
/// later SRP computation by [`GPowTableBuilder::step`]'s last call.
#[derive(Default)]
pub struct GPowTableBuilder {
    pub(super) rows: Vec<[BigUint; 15]>,
    /// `g^(16^j)` for the next row `j`.
    base: Option<BigUint>,
}

impl GPowTableBuilder {
    /// Computes up to `rows` more rows; `true` once the table is complete (or
    /// was already there) and installed.
    pub fn step(&mut self, rows: usize) -> bool {
        if TABLE.get().is_some() {
            return true;
        }
        if !self.grow(rows) {
            return false;
        }
        let rows = std::mem::take(&mut self.rows);
        let _ = TABLE.set(GPowTable { rows });
        true
    }

    /// Computes up to `rows` more rows; `true` when all are there.
    pub(super) fn grow(&mut self, rows: usize) -> bool {
        let n = &group().n;
        let mut base = self.base.take().unwrap_or_else(|| group().g.clone());
        for _ in 0..rows.min(TABLE_ROWS - self.rows.len()) {
            let mut row: [BigUint; 15] = std::array::from_fn(|_| BigUint::zero());
            row[0] = base.clone();
            for d in 1..15 {
                row[d] = (&row[d - 1] * &base) % n;
            }
            base = (&row[14] * &base) % n; // g^(16·16^j)
            self.rows.push(row);
        }
        self.base = Some(base);
        self.rows.len() == TABLE_ROWS
    }
}

/// Is the table for `g^x` built (so [`g_pow`] takes ≤ 64 multiplications)?
pub fn g_pow_table_ready() -> bool {
    TABLE.get().is_some()
}

/// `g^x mod N`: with the fixed-base table when it is built and `x < 2^256`
/// (always, for `x` from SHA-256 and the 256-bit `a`); else `modpow`. The table
/// is never built here: that is [`GPowTableBuilder`]'s, off the critical path.
pub fn g_pow(x: &BigUint) -> BigUint {
    let grp = group();
    let Some(table) = TABLE.get().filter(|_| x.bits() <= 256) else {
        return grp.g.modpow(x, &grp.n);
    };
    let mut result = BigUint::from(1u32);
    for (i, byte) in x.to_bytes_le().iter().enumerate() {
        for (j, digit) in [(2 * i, byte & 0x0f), (2 * i + 1, byte >> 4)] {
            if digit != 0 {
                result = (result * &table.rows[j][usize::from(digit) - 1]) % &grp.n;
            }
        }
    }
    result
}

/// `S = (B − k·g^x)^(a + u·x) mod N`, with the base kept non-negative.
pub fn compute_s(b_pub: &BigUint, x: &BigUint, a: &BigUint, u: &BigUint) -> BigUint {
    let grp = group();
    let gx = g_pow(x);
    let kgx = (&grp.k * gx) % &grp.n;
    let base = ((b_pub % &grp.n) + &grp.n - kgx) % &grp.n;
    let exp = a + u * x;
    base.modpow(&exp, &grp.n)
}

/// The 16-byte key: HKDF-SHA256 with `ikm = pad(S)`, `salt = pad(u)`, info "Caldera Derived Key".
pub fn derive_key(s: &BigUint, u: &BigUint) -> [u8; 16] {
    let mut extract = HmacSha256::new_from_slice(&pad_bytes(u)).expect("HMAC takes any key size");
    extract.update(&pad_bytes(s));
    let prk = extract.finalize().into_bytes();
    let mut expand = HmacSha256::new_from_slice(&prk).expect("HMAC takes any key size");
    expand.update(HKDF_INFO);
    let okm = expand.finalize().into_bytes();
    let mut key = [0u8; 16];
    key.copy_from_slice(&okm[..16]);
    key
}
