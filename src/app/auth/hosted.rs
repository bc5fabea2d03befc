//! Signing in on the hosted sign-in page (Cognito's managed login) with the
//! authorization-code flow and PKCE: the page is left for `/oauth2/authorize`
//! with a fresh verifier and `state` kept in this tab's `sessionStorage`; the
//! `/callback` view checks the `state`, exchanges the code, and stores the tokens
//! in the same session layout as an SRP sign-in, so everything after is the same.

use super::Auth;
use crate::error::{AppError, BrowserError};
use crate::oauth::{self, HostedUi, OAuthError, Pkce};
use crate::session::Session;
use crate::web::fetch::Fetch;
use crate::web::{clock, random, storage};

/// This tab's sign-in in flight: the `state` sent, and the PKCE verifier
/// (`sessionStorage`: per tab, gone with it, never sent anywhere but the token endpoint).
const STATE_KEY: &str = "cognito-demo.oauth.state";
const VERIFIER_KEY: &str = "cognito-demo.oauth.verifier";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Reads a value of this tab's `sessionStorage`.
fn peek(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

/// Takes a value out of this tab's `sessionStorage` (single use).
fn take(key: &str) -> Option<String> {
    let value = peek(key);
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
    value
}

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

fn go_to(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
}

impl Auth {
    /// The hosted sign-in page for this site, when `config.json` names one.
    fn hosted_ui(&self) -> Option<HostedUi> {
        self.with_config(|c| c.hosted_sign_in(&origin()))
    }

    /// The buttons to offer: `Some([])` for the hosted page itself, one name per
    /// external provider; `None` when there is no hosted sign-in.
    pub fn hosted_providers(&self) -> Option<Vec<String>> {
        self.with_config(|c| c.hosted_ui.as_ref().map(|ui| ui.providers.clone()))
    }

    /// Leaves for the hosted sign-in page (straight to `provider` when named).
    /// Its buttons are the other ways in's (the further steps' module, which
    /// every route loads once the sign-in's is there): the first load does not
    /// carry this.
    ///
    /// # Errors
    /// The sentence for: no randomness, or `sessionStorage` refused (then
    /// nothing is left behind).
    pub async fn start_hosted_sign_in(self, provider: Option<String>) -> Result<(), String> {
        self.checked().await.map_err(|e| e.to_string())?;
        self.start_hosted_now(provider.as_deref())
            .map_err(|e| e.to_string())
    }

    fn start_hosted_now(&self, provider: Option<&str>) -> Result<(), AppError> {
        let ui = self.hosted_ui().ok_or(AppError::NotSignedIn)?;
        let pkce = Pkce::new(&random::bytes::<32>()?);
        let state = crate::b64::encode_url(&random::bytes::<16>()?);
        let storage = session_storage().ok_or(BrowserError::StorageRefused)?;
        storage
            .set_item(STATE_KEY, &state)
            .and_then(|()| storage.set_item(VERIFIER_KEY, pkce.verifier()))
            .map_err(|_| BrowserError::StorageRefused)?;
        go_to(&ui.authorize_url(&pkce, &state, provider));
        Ok(())
    }

    /// The callback: `query` is what the page came back with. Checks the `state`,
    /// exchanges the code with the verifier, and stores the session. The `state`
    /// and verifier are used once, by the answer they belong to: a callback with
    /// another `state` (a crafted link) leaves them for the real one.
    ///
    /// # Errors
    /// [`OAuthError`]: a wrong or missing `state`, the page's own error, a refused
    /// (reused, expired) code; nothing is stored then.
    pub async fn finish_hosted_sign_in(self, query: String) -> Result<(), AppError> {
        let ui = self.hosted_ui().ok_or(OAuthError::StateMismatch)?;
        let checked = oauth::callback_code(&query, peek(STATE_KEY).as_deref());
        if matches!(checked, Err(OAuthError::StateMismatch)) {
            return Err(OAuthError::StateMismatch.into());
        }
        take(STATE_KEY);
        let verifier = take(VERIFIER_KEY);
        let code = checked?;
        let pkce = Pkce::from_verifier(verifier.ok_or(OAuthError::StateMismatch)?);
        let tokens = oauth::exchange_code(&Fetch, &ui, &code, &pkce).await?;
        let user = oauth::user_of(&tokens)?;
        let session = Session::from_sign_in(user, tokens, clock::now_seconds())?;
        // Checked as a stored session is on load: issued to this app client by this pool.
        session.check_audience(&self.with_config(crate::config::Config::audience))?;
        let marker = Session::hosted_key(&self.client_id(), &session.user);
        self.start_session(session)?;
        storage::set(&marker, "true")?;
        Ok(())
    }

    /// Ends the hosted page's own session (its cookie), coming back to `/signin`.
    pub(super) fn end_hosted_session(&self) {
        if let Some(ui) = self.hosted_ui() {
            go_to(&ui.logout_url(&format!("{}/signin", origin())));
        }
    }
}
