//! Base64url as WebAuthn's JSON forms use it (the spec's `Base64URLString`):
//! RFC 4648 §5's alphabet (`-` and `_` in place of `+` and `/`), no `=`
//! padding, no whitespace. Decoding is strict, as the browser's own
//! `parse…FromJSON` is: padding, the standard alphabet's `+` and `/`, and
//! leftover bits that are not zero are refused rather than guessed at.

/// `bytes` as unpadded base64url.
pub(crate) fn encode(bytes: &[u8]) -> String {
    crate::b64::encode_url(bytes)
}

/// The bytes of an unpadded base64url text; `None` for any other text (the
/// caller names the field, see [`super::JsonProblem::NotBase64Url`]).
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    crate::b64::decode_url(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10's test vectors, in the URL-safe alphabet without padding.
    const RFC4648: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn rfc_4648_vectors_without_padding() {
        for (plain, encoded) in RFC4648 {
            assert_eq!(encode(plain.as_bytes()), encoded, "{plain:?}");
            assert_eq!(decode(encoded).unwrap(), plain.as_bytes(), "{encoded:?}");
        }
    }

    #[test]
    fn webauthn_level_3_test_vector_values() {
        // §16.2 and §16.3 of the WebAuthn Level 3 spec give these random
        // values both as hex and as base64url (`extraData_random`).
        for (hex, encoded) in [
            ("06441e0e375c4c1ad70620302532c4e5", "BkQeDjdcTBrXBiAwJTLE5Q"),
            ("53d8535ef284d944643276ffd3160756", "U9hTXvKE2URkMnb_0xYHVg"),
            ("8136f9debcfa121496a265c6ce2982d5", "gTb53rz6EhSWomXGzimC1Q"),
        ] {
            let bytes = super::super::tests::hex(hex);
            assert_eq!(encode(&bytes), encoded);
            assert_eq!(decode(encoded).unwrap(), bytes);
        }
    }

    #[test]
    fn the_url_safe_alphabet_replaces_plus_and_slash() {
        // Standard base64 of these bytes is "+/8=".
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
    }

    #[test]
    fn anything_but_strict_unpadded_base64url_is_refused() {
        for bad in [
            "Zg==",     // padding
            "Zm8=",     // padding
            "+/8",      // the standard alphabet
            "Zm9v Yg",  // whitespace
            "Zm9v\nYg", // a line break
            "Z",        // a length no encoding has
            "Zh",       // leftover bits that are not zero ("Zg" is canonical)
            "Zm9vYg!",  // not in any alphabet
        ] {
            assert_eq!(decode(bad), None, "{bad:?} was accepted");
        }
    }

    #[test]
    fn every_byte_value_round_trips() {
        let all: Vec<u8> = (0..=255).collect();
        for len in 0..all.len() {
            let encoded = encode(&all[..len]);
            assert!(!encoded.contains(['+', '/', '=']), "{encoded}");
            assert_eq!(decode(&encoded).unwrap(), &all[..len]);
        }
    }
}
