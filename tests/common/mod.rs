//! What the known-answer tests share: reading a vectors file, and hex as bytes.
#![allow(dead_code)] // each test file uses part of it

use num_bigint::BigUint;
use serde::de::DeserializeOwned;

/// `tests/vectors/<file>`, made by `node e2e/<generator>`.
pub fn read_vectors<T: DeserializeOwned>(file: &str, generator: &str) -> T {
    let path = format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{path}: {e} (make it with: node e2e/{generator} > tests/vectors/{file})")
    });
    serde_json::from_str(&text).unwrap()
}

/// A hex number.
pub fn num(hex: &str) -> BigUint {
    BigUint::parse_bytes(hex.as_bytes(), 16).unwrap()
}

/// `hex`'s value as big-endian bytes, at least `len` of them (left-padded with zeros).
pub fn be_bytes(hex: &str, len: usize) -> Vec<u8> {
    let mut bytes = num(hex).to_bytes_be();
    while bytes.len() < len {
        bytes.insert(0, 0);
    }
    bytes
}

/// The client's secret and the server's challenge of one SRP exchange, as the
/// generators write them.
#[derive(serde::Deserialize)]
pub struct SrpExchange {
    /// The client's secret `a`, hex.
    pub a: String,
    /// The server's `B`, hex.
    pub srp_b: String,
    /// The salt, hex.
    pub salt: String,
    /// `SECRET_BLOCK`, base64.
    pub secret_block: String,
    /// The clock when the claim was made (ms since the epoch).
    pub now_ms: i64,
}

impl SrpExchange {
    /// The challenge as the app reads it, for `user`.
    pub fn challenge(&self, user: &str) -> cognito_app::srp::PasswordVerifier {
        cognito_app::srp::PasswordVerifier {
            srp_b: self.srp_b.clone(),
            salt: self.salt.clone(),
            secret_block: self.secret_block.clone(),
            user_id_for_srp: user.to_owned(),
        }
    }
}
