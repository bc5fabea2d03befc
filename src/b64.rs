//! Base64 (RFC 4648) as the app meets it: the standard alphabet with `=`
//! padding (SRP's `SECRET_BLOCK` and signatures, `SECRET_HASH`, device
//! verifiers) and the URL-safe alphabet without padding (JWT payloads, PKCE,
//! WebAuthn's JSON forms). Decoding is strict in both, as the `base64` crate's
//! `STANDARD` and `URL_SAFE_NO_PAD` engines are: the other alphabet,
//! whitespace, padding that is missing (standard) or present (URL-safe), and
//! leftover bits that are not zero are refused. A few lines instead of that
//! crate's generic engine (~6 KB of the sign-in's module); `tests` hold it to
//! the crate.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` in the standard alphabet, padded with `=`.
pub fn encode(bytes: &[u8]) -> String {
    encode_with(bytes, STANDARD, true)
}

/// The bytes of a padded standard-alphabet text; `None` for any other text.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    decode_with(text, STANDARD, true)
}

/// `bytes` in the URL-safe alphabet, unpadded.
pub fn encode_url(bytes: &[u8]) -> String {
    encode_with(bytes, URL_SAFE, false)
}

/// The bytes of an unpadded URL-safe text; `None` for any other text.
pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    decode_with(text, URL_SAFE, false)
}

fn encode_with(bytes: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        // n bytes make n + 1 characters; `=` fills the group of four.
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(alphabet[(group >> (18 - 6 * i)) as usize & 63]));
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn decode_with(text: &str, alphabet: &[u8; 64], pad: bool) -> Option<Vec<u8>> {
    let mut chars = text.as_bytes();
    if pad {
        if !chars.len().is_multiple_of(4) {
            return None;
        }
        let pads = chars
            .iter()
            .rev()
            .take(2)
            .take_while(|&&c| c == b'=')
            .count();
        chars = &chars[..chars.len() - pads];
    }
    // One character alone carries 6 bits: no byte ends there.
    if chars.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(chars.len() * 3 / 4);
    let (mut bits, mut held) = (0u32, 0u32);
    for &c in chars {
        let value = alphabet.iter().position(|&a| a == c)? as u32;
        bits = (bits << 6) | value;
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
            bits &= (1 << held) - 1;
        }
    }
    // The last character's unused bits must be zero (one text per byte string).
    (bits == 0).then_some(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD as CRATE_STANDARD, URL_SAFE_NO_PAD};
    use proptest::prelude::*;

    use super::*;

    /// RFC 4648 §10's test vectors.
    #[test]
    fn rfc_4648_vectors() {
        for (plain, padded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), padded);
            assert_eq!(decode(padded).unwrap(), plain.as_bytes());
            let unpadded = padded.trim_end_matches('=');
            assert_eq!(encode_url(plain.as_bytes()), unpadded);
            assert_eq!(decode_url(unpadded).unwrap(), plain.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn refuses_what_is_not_strictly_its_form() {
        for bad in [
            "Zg",
            "Zg=",
            "Zg===",
            "Z===",
            "====",
            "Zh==",
            "Zm9v Yg==",
            "-_8=",
            "Zm9vYg=A",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
        for bad in ["Zg==", "Zm8=", "+/8", "Z", "Zh", "Zm9v\nYg", "Zm9vYg!"] {
            assert_eq!(decode_url(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Any bytes: the same text as the base64 crate writes, read back whole.
        #[test]
        fn encodes_as_the_crate_does(bytes in prop::collection::vec(any::<u8>(), 0..80)) {
            prop_assert_eq!(encode(&bytes), CRATE_STANDARD.encode(&bytes));
            prop_assert_eq!(encode_url(&bytes), URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert_eq!(decode(&encode(&bytes)), Some(bytes.clone()));
            prop_assert_eq!(decode_url(&encode_url(&bytes)), Some(bytes));
        }

        /// Any text: accepted exactly when the crate accepts it, as the same bytes.
        #[test]
        fn decodes_as_the_crate_does(text in "[A-Za-z0-9+/=_\\- ]{0,12}") {
            prop_assert_eq!(decode(&text), CRATE_STANDARD.decode(&text).ok(), "{}", text);
            prop_assert_eq!(decode_url(&text), URL_SAFE_NO_PAD.decode(&text).ok(), "{}", text);
        }
    }
}
