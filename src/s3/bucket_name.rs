//! S3's rules for general purpose bucket names, checked before any URL is built:
//! a name that breaks them could move a signed request to another host
//! (`evil.com/x?`, `a@b`, `1.2.3.4`) or another path.
//!
//! The rules (AWS, "General purpose bucket naming rules"): 3 to 63 characters of
//! lower-case letters, digits, dots and hyphens; a letter or digit first and last;
//! no two dots in a row; not shaped like an IP address; none of the prefixes
//! `xn--`, `sthree-`, `amzn-s3-demo-` and suffixes `-s3alias`, `--ol-s3`,
//! `.mrap`, `--x-s3`, `--table-s3` that S3 reserves.

/// Why a bucket name is refused (the rule it breaks). `Display` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadBucketName {
    /// Shorter than 3 or longer than 63 characters.
    #[error("it must be 3 to 63 characters long")]
    Length,
    /// A character other than `a`–`z`, `0`–`9`, `.` and `-`.
    #[error("it may hold only lower-case letters, digits, dots and hyphens")]
    Character,
    /// Does not begin and end with a letter or digit.
    #[error("it must begin and end with a letter or digit")]
    Ends,
    /// Two dots in a row.
    #[error("it may not have two dots in a row")]
    DoubleDot,
    /// Four dot-separated numbers, like an IPv4 address.
    #[error("it may not look like an IP address")]
    IpAddress,
    /// A prefix or suffix S3 reserves.
    #[error("it starts or ends with a part S3 reserves")]
    Reserved,
}

const RESERVED_PREFIXES: [&str; 3] = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES: [&str; 5] = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/// Checks `name` against S3's bucket naming rules.
///
/// # Errors
/// The first rule `name` breaks.
pub fn check(name: &str) -> Result<(), BadBucketName> {
    if !(3..=63).contains(&name.len()) {
        return Err(BadBucketName::Length);
    }
    let allowed = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'.' || c == b'-';
    if !name.bytes().all(allowed) {
        return Err(BadBucketName::Character);
    }
    let alnum = |c: Option<u8>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !alnum(name.bytes().next()) || !alnum(name.bytes().last()) {
        return Err(BadBucketName::Ends);
    }
    if name.contains("..") {
        return Err(BadBucketName::DoubleDot);
    }
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
    {
        return Err(BadBucketName::IpAddress);
    }
    if RESERVED_PREFIXES.iter().any(|p| name.starts_with(p))
        || RESERVED_SUFFIXES.iter().any(|s| name.ends_with(s))
    {
        return Err(BadBucketName::Reserved);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_s3_accepts() {
        for name in [
            "abc",
            "my-data-bucket",
            "cognito-demo-databucket-modimqfoaad0z",
            "logs.example.com",
            "a1-b2.c3",
            "123",
            "1.2.3",
            &"a".repeat(63),
        ] {
            assert_eq!(check(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn names_that_could_move_the_request_are_refused() {
        for (name, why) in [
            ("ab", BadBucketName::Length),
            (&"a".repeat(64) as &str, BadBucketName::Length),
            ("", BadBucketName::Length),
            ("evil.com/x?", BadBucketName::Character),
            ("a@evil.com", BadBucketName::Character),
            ("bucket#frag", BadBucketName::Character),
            ("bucket%2f", BadBucketName::Character),
            ("My-Bucket", BadBucketName::Character),
            ("a b", BadBucketName::Character),
            ("bücket", BadBucketName::Character),
            ("[::1]", BadBucketName::Character),
            ("bucket:80", BadBucketName::Character),
            ("-bucket", BadBucketName::Ends),
            ("bucket.", BadBucketName::Ends),
            (".bucket", BadBucketName::Ends),
            ("a..b", BadBucketName::DoubleDot),
            ("192.168.5.4", BadBucketName::IpAddress),
            ("127.0.0.1", BadBucketName::IpAddress),
            ("xn--bcket-kva", BadBucketName::Reserved),
            ("sthree-bucket", BadBucketName::Reserved),
            ("bucket-s3alias", BadBucketName::Reserved),
            ("bucket--ol-s3", BadBucketName::Reserved),
        ] {
            assert_eq!(check(name), Err(why), "{name}");
        }
    }
}
