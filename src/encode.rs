//! Percent-encoding of URL components: one set for every address the app
//! builds (S3 paths and queries, the hosted sign-in page, `otpauth` URIs).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters left as they are: RFC 3986's unreserved set (letters, digits,
/// `-`, `.`, `_`, `~`), which is also what SigV4 canonicalisation keeps.
/// Everything else is percent-encoded, byte by byte of its UTF-8.
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded for a query value or a path segment.
pub fn component(value: &str) -> String {
    utf8_percent_encode(value, UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(
            component("AZaz09-._~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}é"),
            "AZaz09-._~%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E%60%7B%7C%7D%C3%A9"
        );
    }
}
