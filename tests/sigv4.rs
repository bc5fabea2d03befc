//! SigV4 checked against AWS's published S3 example ("Example: GET Bucket (List
//! Objects)", Signature Version 4 header-based authentication, S3 API reference).

use cognito_app::http::Method;
use cognito_app::identity::Credentials;
use cognito_app::s3::{self, ListObjects, Payload, S3Endpoint, Signer};
use cognito_app::secret::{SecretKey, SessionToken};

// Split so that no AWS-key-shaped string appears in the source.
const DOC_ACCESS_KEY: &str = concat!("AKIA", "IOSFODNN7EXAMPLE");
const DOC_SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const DOC_TIME_MS: u64 = 1_369_353_600_000; // 2013-05-24T00:00:00Z
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The documentation's credentials: an IAM user's keys, no session token.
fn doc_creds(session_token: &str) -> Credentials {
    Credentials {
        access_key_id: DOC_ACCESS_KEY.into(),
        secret_key: SecretKey::new(DOC_SECRET_KEY),
        session_token: SessionToken::new(session_token),
        expiration: 0,
    }
}

/// A signed `GET` (empty body) of `url` with `headers`, as the documentation signs it.
fn doc_get(url: &str, headers: &[(&str, &str)]) -> Vec<(String, String)> {
    let creds = doc_creds("");
    Signer::new(&creds, "us-east-1", s3::system_time(DOC_TIME_MS))
        .sign_request(&Method::GET, url, headers, Payload::Bytes(b""))
        .unwrap()
}

#[test]
fn aws_documentation_list_objects_example() {
    let headers = doc_get(
        "https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J",
        &[],
    );
    assert_eq!(
        header(&headers, "authorization"),
        format!(
            "AWS4-HMAC-SHA256 Credential={DOC_ACCESS_KEY}/20130524/us-east-1/s3/aws4_request, \
             SignedHeaders=host;x-amz-content-sha256;x-amz-date, \
             Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"
        )
    );
    assert_eq!(header(&headers, "x-amz-date"), "20130524T000000Z");
    assert_eq!(header(&headers, "x-amz-content-sha256"), EMPTY_SHA256);
}

#[test]
fn aws_documentation_get_object_example() {
    // "Example: GET Object": GET /test.txt with Range: bytes=0-9.
    let headers = doc_get(
        "https://examplebucket.s3.amazonaws.com/test.txt",
        &[("range", "bytes=0-9")],
    );
    assert!(
        header(&headers, "authorization").ends_with(
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, \
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        ),
        "{}",
        header(&headers, "authorization")
    );
}

fn creds(secret: &str) -> Credentials {
    let answer = serde_json::json!({
        "AccessKeyId": "ASIAEXAMPLEEXAMPLE12",
        "SecretKey": secret,
        "SessionToken": "session/token+value==",
        "Expiration": 1.9e9,
    });
    Credentials::from_json(&cognito_app::json::read::parse(&answer.to_string()).unwrap()).unwrap()
}

#[test]
fn list_request_carries_session_token_and_encoded_query() {
    let req = s3::list_objects_request(
        &S3Endpoint::Custom {
            url: "http://127.0.0.1:4566".into(),
            region: "us-east-1".into(),
        },
        &creds("secret"),
        &ListObjects {
            bucket: "data".into(),
            prefix: Some("a b/&<é".into()),
            continuation_token: Some("tok+/=".into()),
            max_keys: Some(5),
            delimiter: None,
        },
        s3::system_time(DOC_TIME_MS),
    )
    .unwrap();
    assert_eq!(
        req.url,
        "http://127.0.0.1:4566/data?continuation-token=tok%2B%2F%3D&list-type=2&max-keys=5&prefix=a%20b%2F%26%3C%C3%A9"
    );
    assert_eq!(
        header(&req.headers, "x-amz-security-token"),
        "session/token+value=="
    );
    let auth = header(&req.headers, "authorization");
    assert!(
        auth.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token"),
        "{auth}"
    );
}

#[test]
fn signature_depends_on_secret_time_and_query() {
    let endpoint = S3Endpoint::Aws {
        region: "us-east-1".into(),
    };
    let list = ListObjects {
        bucket: "data".into(),
        ..Default::default()
    };
    let sig = |secret: &str, ms: u64, list: &ListObjects| {
        let req =
            s3::list_objects_request(&endpoint, &creds(secret), list, s3::system_time(ms)).unwrap();
        header(&req.headers, "authorization").to_owned()
    };
    let base = sig("secret", DOC_TIME_MS, &list);
    assert_ne!(base, sig("secreT", DOC_TIME_MS, &list));
    assert_ne!(base, sig("secret", DOC_TIME_MS + 1000, &list));
    let other = ListObjects {
        prefix: Some("p".into()),
        ..list.clone()
    };
    assert_ne!(base, sig("secret", DOC_TIME_MS, &other));
}

/// AWS's published presigned-URL example ("Authenticating Requests: Using Query
/// Parameters (AWS Signature Version 4)", S3 API reference): a GET of
/// examplebucket/test.txt at 2013-05-24T00:00:00Z, valid 86,400 s.
#[test]
fn aws_documentation_presigned_url_example() {
    let creds = doc_creds("");
    let url = Signer::new(&creds, "us-east-1", s3::system_time(DOC_TIME_MS))
        .presign_get(
            "https://examplebucket.s3.amazonaws.com/test.txt",
            std::time::Duration::from_secs(86_400),
        )
        .unwrap();
    assert_eq!(
        url,
        format!(
            "https://examplebucket.s3.amazonaws.com/test.txt\
             ?X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Credential={DOC_ACCESS_KEY}%2F20130524%2Fus-east-1%2Fs3%2Faws4_request\
             &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\
             &X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        )
    );
}

#[test]
fn presigned_urls_sign_their_own_parameters_and_have_limits() {
    let creds = doc_creds("session-token");
    let signer = Signer::new(&creds, "us-east-1", s3::system_time(DOC_TIME_MS));
    let sign = |url: &str, secs| signer.presign_get(url, std::time::Duration::from_secs(secs));
    let plain = sign("https://examplebucket.s3.amazonaws.com/test.txt", 300).unwrap();
    let named = sign(
        "https://examplebucket.s3.amazonaws.com/test.txt?response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22",
        300,
    )
    .unwrap();
    let signature = |u: &str| u.rsplit_once("X-Amz-Signature=").unwrap().1.to_owned();
    // The disposition is part of what is signed: changing it breaks the signature.
    assert_ne!(signature(&plain), signature(&named));
    assert!(
        named.contains("X-Amz-Security-Token=session-token"),
        "{named}"
    );
    assert!(
        sign(
            "https://examplebucket.s3.amazonaws.com/t",
            7 * 24 * 3600 + 1
        )
        .is_err()
    );
    assert!(sign("https://examplebucket.s3.amazonaws.com/t", 0).is_err());
}
