//! The hosted sign-in page (Cognito managed login) with the OAuth 2.0
//! authorization-code flow and PKCE (RFC 7636, S256): the authorize address,
//! the callback's checks, the token exchange, and the sign-out address. Pure:
//! the random bytes are passed in, requests are built, not sent.

use crate::json::Value;
use sha2::{Digest, Sha256};

use crate::encode::component as encode;
use crate::http::{HttpClient, HttpRequest, Method};
use crate::json;
use crate::jwt::Claims;
use crate::secret::{AccessToken, IdToken, RefreshToken};
use crate::service::{Service, ServiceFailure};
use crate::user_pool::{AuthenticationResult, UserId};

/// Why a hosted sign-in cannot go on. `Display` is the sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OAuthError {
    /// The sign-in page sent the person back with an error (`error=access_denied`,
    /// …): a fixed sentence per code. The page's own `error_description` is never
    /// shown: anyone can write it into a link to `/callback`.
    #[error("{0}")]
    Refused(AuthorizeError),
    /// The callback's `state` is missing or is not the one this tab sent.
    #[error("This sign-in did not start here (its state does not match). Please sign in again.")]
    StateMismatch,
    /// The callback carries no `code`.
    #[error("The sign-in page sent no authorization code. Please sign in again.")]
    MissingCode,
    /// The token endpoint refused the code (used already, expired, or not ours).
    #[error("The sign-in could not be completed ({0}). Please sign in again.")]
    TokenRefused(String),
    /// The token endpoint's answer lacks what it should hold.
    #[error("The sign-in service sent an answer this app does not understand ({0}).")]
    Malformed(String),
    /// No answer, or an HTTP error without an OAuth error document.
    #[error(transparent)]
    Service(#[from] ServiceFailure),
}

/// The `error` codes an authorization endpoint sends back (RFC 6749 §4.1.2.1,
/// OpenID Connect Core §3.1.2.6), each with the sentence the app shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AuthorizeError {
    /// `access_denied`: the person (or the provider) said no.
    #[error("The sign-in was cancelled or refused. You can sign in again.")]
    AccessDenied,
    /// `login_required`, `interaction_required`, `consent_required`,
    /// `account_selection_required`: the page needs the person.
    #[error("The sign-in page needs you to sign in there. Please sign in again.")]
    InteractionRequired,
    /// `server_error`, `temporarily_unavailable`.
    #[error("The sign-in service had a problem. Please try again in a moment.")]
    Unavailable,
    /// `invalid_scope`, `unauthorized_client`, `unsupported_response_type`,
    /// `invalid_request` and the rest: the app's configuration and the user
    /// pool's app client do not agree.
    #[error(
        "The sign-in page refused this app's request; its settings and the user pool's app client do not match."
    )]
    Misconfigured,
}

impl AuthorizeError {
    /// The kind of an `error` code (anything unknown is a configuration problem).
    pub fn of(code: &str) -> Self {
        match code {
            "access_denied" => Self::AccessDenied,
            "login_required"
            | "interaction_required"
            | "consent_required"
            | "account_selection_required" => Self::InteractionRequired,
            "server_error" | "temporarily_unavailable" => Self::Unavailable,
            _ => Self::Misconfigured,
        }
    }
}

/// A PKCE pair: the verifier stays in this tab until the code is exchanged;
/// the challenge (its SHA-256) goes to the authorize address. `Debug` leaves
/// the verifier out.
#[derive(Clone, PartialEq, Eq)]
pub struct Pkce {
    verifier: String,
    /// `code_challenge` (S256).
    pub challenge: String,
}

impl std::fmt::Debug for Pkce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkce")
            .field("challenge", &self.challenge)
            .finish_non_exhaustive()
    }
}

impl Pkce {
    /// From 32 random bytes: a 43-character verifier (256 bits), as RFC 7636 advises.
    pub fn new(random: &[u8; 32]) -> Self {
        Self::from_verifier(crate::b64::encode_url(random))
    }

    /// The pair for a given verifier (stored in the tab across the redirect).
    pub fn from_verifier(verifier: String) -> Self {
        let challenge = crate::b64::encode_url(&Sha256::digest(verifier.as_bytes()));
        Self {
            verifier,
            challenge,
        }
    }

    /// The verifier, to store in this tab and to send with the code.
    pub fn verifier(&self) -> &str {
        &self.verifier
    }
}

/// A hosted sign-in page: its base URL and what the app client is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedUi {
    /// `https://<domain>` (no trailing slash): `<prefix>.auth.<region>.amazoncognito.com` or a custom one.
    pub base: String,
    /// The app client id.
    pub client_id: String,
    /// Where the page sends the person back (`…/callback`), as registered on the client.
    pub redirect_uri: String,
    /// The scopes to ask for.
    pub scopes: Vec<String>,
}

impl HostedUi {
    /// The address that starts a sign-in: `/oauth2/authorize` with PKCE (S256), a
    /// random `state`, and, when named, the external provider to go to directly.
    pub fn authorize_url(&self, pkce: &Pkce, state: &str, provider: Option<&str>) -> String {
        let mut url = format!(
            "{}/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&scope={}&state={}&code_challenge={}&code_challenge_method=S256",
            self.base,
            encode(&self.client_id),
            encode(&self.redirect_uri),
            encode(&self.scopes.join(" ")),
            encode(state),
            pkce.challenge,
        );
        if let Some(p) = provider {
            url.push_str("&identity_provider=");
            url.push_str(&encode(p));
        }
        url
    }

    /// The code exchange: `POST /oauth2/token` with the PKCE verifier.
    pub fn token_request(&self, code: &str, pkce: &Pkce) -> HttpRequest {
        let body = format!(
            "grant_type=authorization_code&client_id={}&code={}&redirect_uri={}&code_verifier={}",
            encode(&self.client_id),
            encode(code),
            encode(&self.redirect_uri),
            encode(pkce.verifier()),
        );
        HttpRequest {
            method: Method::POST,
            url: format!("{}/oauth2/token", self.base),
            headers: vec![(
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            )],
            body,
        }
    }

    /// The address that ends the hosted session too, then comes back to `logout_uri`.
    pub fn logout_url(&self, logout_uri: &str) -> String {
        format!(
            "{}/logout?client_id={}&logout_uri={}",
            self.base,
            encode(&self.client_id),
            encode(logout_uri)
        )
    }
}

/// Reads the callback's query (`?code=…&state=…`, or `?error=…&state=…`): the
/// code, if the `state` is the one this tab sent. The `state` is checked first:
/// an answer this tab did not ask for says nothing more than that.
///
/// # Errors
/// [`OAuthError::StateMismatch`], then [`OAuthError::Refused`], [`OAuthError::MissingCode`].
pub fn callback_code(query: &str, expected_state: Option<&str>) -> Result<String, OAuthError> {
    let params: Vec<(String, String)> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    match (get("state"), expected_state) {
        (Some(got), Some(want)) if !want.is_empty() && got == want => {}
        _ => return Err(OAuthError::StateMismatch),
    }
    if let Some(error) = get("error") {
        return Err(OAuthError::Refused(AuthorizeError::of(&error)));
    }
    get("code")
        .filter(|c| !c.is_empty())
        .ok_or(OAuthError::MissingCode)
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Exchanges the callback's `code` for tokens (`POST /oauth2/token` with the verifier).
///
/// # Errors
/// [`OAuthError::TokenRefused`] (a used, expired or foreign code), [`OAuthError::Service`]
/// when the endpoint cannot be reached, [`OAuthError::Malformed`].
pub async fn exchange_code<H: HttpClient>(
    http: &H,
    ui: &HostedUi,
    code: &str,
    pkce: &Pkce,
) -> Result<AuthenticationResult, OAuthError> {
    let response = http
        .send(ui.token_request(code, pkce))
        .await
        .map_err(|e| ServiceFailure::unanswered(Service::UserPool, e))?;
    let is_oauth_error = json::parse(&response.body)
        .ok()
        .is_some_and(|v| json::str_field(&v, "error").is_some());
    if !(200..300).contains(&response.status) && !is_oauth_error {
        return Err(ServiceFailure::from_status(Service::UserPool, response.status).into());
    }
    parse_token_answer(response.status, &response.body)
}

/// Whose tokens these are: the access token's `username` (the key an SRP sign-in
/// stores the session under, as amazon-cognito-identity-js and Amplify do), else
/// the ID token's `cognito:username`.
///
/// # Errors
/// [`OAuthError::Malformed`] when neither token names the user.
pub fn user_of(tokens: &AuthenticationResult) -> Result<UserId, OAuthError> {
    let from = |jwt: &str, claim: &str| {
        Claims::decode(jwt)
            .ok()
            .and_then(|c| c.string(claim).map(str::to_owned))
    };
    from(tokens.access_token.expose(), "username")
        .or_else(|| from(tokens.id_token.expose(), "cognito:username"))
        .filter(|u| !u.is_empty())
        .map(UserId::new)
        .ok_or_else(|| OAuthError::Malformed("no user name in the tokens".into()))
}

/// Reads the token endpoint's answer into the tokens a session is made of.
///
/// # Errors
/// [`OAuthError::TokenRefused`] for an OAuth error answer (`invalid_grant`, …),
/// [`OAuthError::Malformed`] for an answer without the tokens.
pub fn parse_token_answer(status: u16, body: &str) -> Result<AuthenticationResult, OAuthError> {
    let answer: Value = json::parse(body).map_err(|_| OAuthError::Malformed("not JSON".into()))?;
    if !(200..300).contains(&status) {
        let error = json::str_field(&answer, "error").unwrap_or("HTTP error");
        return Err(OAuthError::TokenRefused(error.to_owned()));
    }
    let token = |key: &str| {
        json::str_field(&answer, key)
            .map(str::to_owned)
            .ok_or_else(|| OAuthError::Malformed(format!("no {key}")))
    };
    Ok(AuthenticationResult {
        id_token: IdToken::new(token("id_token")?),
        access_token: AccessToken::new(token("access_token")?),
        refresh_token: json::str_field(&answer, "refresh_token").map(RefreshToken::new),
        expires_in: answer.get("expires_in").and_then(Value::as_u64),
        new_device: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ui() -> HostedUi {
        HostedUi {
            base: "https://demo.auth.eu-west-1.amazoncognito.com".into(),
            client_id: "client1".into(),
            redirect_uri: "https://d111.cloudfront.net/callback".into(),
            scopes: vec!["openid".into(), "email".into(), "profile".into()],
        }
    }

    #[test]
    fn rfc_7636_appendix_b() {
        let pkce = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        assert_eq!(
            pkce.challenge,
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        // The appendix's octets make that verifier.
        let octets = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        assert_eq!(Pkce::new(&octets), pkce);
        assert!(!format!("{pkce:?}").contains("dBjftJeZ"));
    }

    #[test]
    fn authorize_and_logout_addresses() {
        let pkce = Pkce::from_verifier("v".repeat(43));
        assert_eq!(
            ui().authorize_url(&pkce, "st/ate", Some("My Company")),
            format!(
                "https://demo.auth.eu-west-1.amazoncognito.com/oauth2/authorize?response_type=code\
                 &client_id=client1&redirect_uri=https%3A%2F%2Fd111.cloudfront.net%2Fcallback\
                 &scope=openid%20email%20profile&state=st%2Fate&code_challenge={}\
                 &code_challenge_method=S256&identity_provider=My%20Company",
                pkce.challenge
            )
        );
        assert!(
            !ui()
                .authorize_url(&pkce, "s", None)
                .contains("identity_provider")
        );
        assert_eq!(
            ui().logout_url("https://d111.cloudfront.net/signin"),
            "https://demo.auth.eu-west-1.amazoncognito.com/logout?client_id=client1\
             &logout_uri=https%3A%2F%2Fd111.cloudfront.net%2Fsignin"
        );
    }

    #[test]
    fn token_exchange_sends_the_verifier() {
        let pkce = Pkce::from_verifier("verifier-123".into());
        let r = ui().token_request("co de", &pkce);
        assert_eq!(
            r.url,
            "https://demo.auth.eu-west-1.amazoncognito.com/oauth2/token"
        );
        assert_eq!(
            r.body,
            "grant_type=authorization_code&client_id=client1&code=co%20de\
             &redirect_uri=https%3A%2F%2Fd111.cloudfront.net%2Fcallback&code_verifier=verifier-123"
        );
        let ok = parse_token_answer(
            200,
            r#"{"id_token":"i","access_token":"a","refresh_token":"r","expires_in":3600,"token_type":"Bearer"}"#,
        )
        .unwrap();
        assert_eq!(ok.refresh_token, Some(RefreshToken::new("r")));
        assert_eq!(
            parse_token_answer(400, r#"{"error":"invalid_grant"}"#),
            Err(OAuthError::TokenRefused("invalid_grant".into()))
        );
        assert!(matches!(
            parse_token_answer(200, r#"{"access_token":"a"}"#),
            Err(OAuthError::Malformed(_))
        ));
    }

    #[test]
    fn the_user_is_named_by_the_access_token() {
        let jwt = |claims: &str| format!("e30.{}.sig", crate::b64::encode_url(claims.as_bytes()));
        let tokens = |access: &str, id: &str| AuthenticationResult {
            id_token: IdToken::new(jwt(id)),
            access_token: AccessToken::new(jwt(access)),
            refresh_token: None,
            expires_in: None,
            new_device: None,
        };
        let both = tokens(
            r#"{"username":"google_123"}"#,
            r#"{"cognito:username":"other"}"#,
        );
        assert_eq!(user_of(&both).unwrap().as_str(), "google_123");
        let id_only = tokens("{}", r#"{"cognito:username":"alice"}"#);
        assert_eq!(user_of(&id_only).unwrap().as_str(), "alice");
        assert!(matches!(
            user_of(&tokens("{}", "{}")),
            Err(OAuthError::Malformed(_))
        ));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_exchange_reads_oauth_errors_and_http_failures() {
        use crate::http::{HttpResponse, TransportError};
        struct Answer(Result<(u16, &'static str), ()>);
        impl HttpClient for Answer {
            async fn send(&self, r: HttpRequest) -> Result<HttpResponse, TransportError> {
                assert!(r.body.contains("code_verifier=verifier-123"));
                self.0
                    .map(|(status, body)| HttpResponse {
                        status,
                        body: body.into(),
                    })
                    .map_err(|()| TransportError::new(&r.url, "offline"))
            }
        }
        let pkce = Pkce::from_verifier("verifier-123".into());
        let run = |a| pollster::block_on(exchange_code(&Answer(a), &ui(), "c", &pkce));
        assert_eq!(
            run(Ok((400, r#"{"error":"invalid_grant"}"#))),
            Err(OAuthError::TokenRefused("invalid_grant".into()))
        );
        assert!(
            matches!(run(Ok((502, "<html>bad gateway</html>"))), Err(OAuthError::Service(f)) if f.is_transient())
        );
        assert!(matches!(
            run(Err(())),
            Err(OAuthError::Service(ServiceFailure::Network(..)))
        ));
        assert!(run(Ok((200, r#"{"id_token":"i","access_token":"a"}"#))).is_ok());
    }

    #[test]
    fn the_callback_is_checked() {
        assert_eq!(
            callback_code("?code=abc&state=s1", Some("s1")),
            Ok("abc".into())
        );
        assert_eq!(
            callback_code("code=a%2Bb&state=s%201", Some("s 1")),
            Ok("a+b".into())
        );
        assert_eq!(
            callback_code("?code=abc&state=other", Some("s1")),
            Err(OAuthError::StateMismatch)
        );
        assert_eq!(
            callback_code("?code=abc", Some("s1")),
            Err(OAuthError::StateMismatch)
        );
        assert_eq!(
            callback_code("?code=abc&state=s1", None),
            Err(OAuthError::StateMismatch)
        );
        assert_eq!(
            callback_code("?code=abc&state=", Some("")),
            Err(OAuthError::StateMismatch)
        );
        assert_eq!(
            callback_code("?state=s1", Some("s1")),
            Err(OAuthError::MissingCode)
        );
        let refused = callback_code(
            "?error=access_denied&error_description=User%20cancelled&state=s1",
            Some("s1"),
        )
        .unwrap_err();
        assert_eq!(refused, OAuthError::Refused(AuthorizeError::AccessDenied));
        assert_eq!(
            refused.to_string(),
            "The sign-in was cancelled or refused. You can sign in again."
        );
    }

    #[test]
    fn an_error_with_another_state_says_only_that() {
        // A crafted link: the provider's "text" never reaches the page, and the
        // error code is not believed either.
        for state in ["", "&state=forged", "&state="] {
            let query =
                format!("?error=server_error&error_description=Call%20us%20at%20555{state}");
            let refused = callback_code(&query, Some("s1")).unwrap_err();
            assert_eq!(refused, OAuthError::StateMismatch, "{query}");
            assert!(!refused.to_string().contains("555"));
        }
    }

    #[test]
    fn each_error_code_has_its_sentence_and_never_the_description() {
        let cases = [
            ("access_denied", AuthorizeError::AccessDenied),
            ("login_required", AuthorizeError::InteractionRequired),
            ("consent_required", AuthorizeError::InteractionRequired),
            ("server_error", AuthorizeError::Unavailable),
            ("temporarily_unavailable", AuthorizeError::Unavailable),
            ("invalid_scope", AuthorizeError::Misconfigured),
            ("unauthorized_client", AuthorizeError::Misconfigured),
            ("<script>alert(1)</script>", AuthorizeError::Misconfigured),
        ];
        for (code, kind) in cases {
            let query = format!(
                "?error={}&error_description=Visit%20evil.example&state=s1",
                encode(code)
            );
            let refused = callback_code(&query, Some("s1")).unwrap_err();
            assert_eq!(refused, OAuthError::Refused(kind), "{code}");
            let sentence = refused.to_string();
            assert!(
                !sentence.contains("evil") && !sentence.contains(code),
                "{sentence}"
            );
        }
    }
}
