//! Security rule: the allow-list of endpoint hosts (this computer or AWS's own domains).
//!
//! A `config.json` served by someone else must not point the app at a host of
//! theirs: it would be sent passwords, tokens and signed requests.

/// The sign-in page is where passwords are typed: `https://` (Cognito's domain or a
/// custom one of the pool's), or this computer (an emulator), nothing else; no path.
pub(super) fn check_sign_in_domain(url: &str) -> Result<(), &'static str> {
    let local = check_endpoint(url).is_ok() && !url.contains(".amazonaws.com");
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://").filter(|_| local))
        .ok_or("must be an https:// URL")?;
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err(
            "must be the sign-in domain alone, e.g. https://<prefix>.auth.<region>.amazoncognito.com",
        );
    }
    Ok(())
}

/// An endpoint override may name only this machine (an emulator: `http` or
/// `https`) or AWS's own domains (`https`): a `config.json` served by someone
/// else must not send passwords, tokens or signed requests to a host of theirs.
pub(super) fn check_endpoint(url: &str) -> Result<(), &'static str> {
    let (scheme, rest) = url
        .split_once("://")
        .filter(|(scheme, _)| *scheme == "http" || *scheme == "https")
        .ok_or("must be an http:// or https:// URL")?;
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let authority = &rest[..end];
    if authority.contains('@') {
        return Err("may not carry a user name or password");
    }
    // The host without its port (an IPv6 literal keeps its brackets: [::1]:4566).
    let host = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => &authority[..i],
        _ => authority,
    }
    .to_ascii_lowercase();
    let loopback = host == "localhost" || host == "[::1]" || is_loopback_v4(&host);
    let aws = [".amazonaws.com", ".amazonaws.com.cn", ".api.aws"]
        .iter()
        .any(|d| host.ends_with(d) && host.len() > d.len());
    match (loopback, aws) {
        (true, _) => Ok(()),
        (false, true) if scheme == "https" => Ok(()),
        (false, true) => Err("must use https:// for an AWS endpoint"),
        (false, false) => Err("may name only this computer (an emulator) or an AWS domain"),
    }
}

/// `127.x.y.z`, each part a number up to 255 (compared as text: no number parsing).
fn is_loopback_v4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts[0] == "127"
        && parts.iter().all(|p| {
            (1..=3).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() < 3 || *p <= "255")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_name_this_computer_or_aws_only() {
        for ok in [
            "http://127.0.0.1:4566/",
            "https://127.0.0.1:4443",
            "http://localhost:4566",
            "http://[::1]:4566/",
            "https://cognito-idp.eu-west-1.amazonaws.com/",
            "https://my-bucket.s3.eu-west-1.amazonaws.com",
            "https://cognito-identity.cn-north-1.amazonaws.com.cn/",
        ] {
            assert_eq!(check_endpoint(ok), Ok(()), "{ok}");
        }
        for bad in [
            "ftp://127.0.0.1",
            "127.0.0.1:4566",
            "https://evil.example.com/",
            "https://amazonaws.com.evil.com/",
            "https://evilamazonaws.com/",
            "https://.amazonaws.com/",
            "http://cognito-idp.us-east-1.amazonaws.com/",
            "http://127.0.0.1.evil.com/",
            "http://127.0.0.1@evil.com/",
            "http://user:pw@127.0.0.1/",
            "http://127.0.0.300/",
            "http://10.0.0.1/",
        ] {
            assert!(check_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sign_in_domain_is_https_or_this_computer_and_alone() {
        for ok in [
            "https://demo.auth.us-east-1.amazoncognito.com/",
            "https://login.example.com",
            "http://127.0.0.1:4566",
        ] {
            assert_eq!(check_sign_in_domain(ok), Ok(()), "{ok}");
        }
        for bad in [
            "http://demo.auth.us-east-1.amazoncognito.com",
            "https://evil.example/phish?x",
            "https://user@login.example",
            "https://",
        ] {
            assert!(check_sign_in_domain(bad).is_err(), "{bad}");
        }
    }
}
