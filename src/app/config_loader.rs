//! Loading `config.json` from next to `index.html`, in two steps.
//!
//! The first paint needs three of its fields: the app client id (is a session
//! stored?), what names an account (the form's label) and guest access (where
//! `/objects` may go without a session). The first
//! module reads those with the browser's own `JSON.parse` ([`Shell`]). The
//! whole file is read and checked by [`Config::parse`] (its reader, every
//! field, the endpoint rules) in the sign-in's module, which every route
//! fetches as soon as its first view is shown; nothing loaded on demand runs
//! before that check has passed ([`crate::app::Auth::checked`]), so no request
//! is ever built from a configuration that was not checked. A file the check
//! refuses replaces the view with the setup page and its sentence.

use js_sys::{Array, JSON, Reflect};
use wasm_bindgen::JsValue;

use crate::app::split::split;
use crate::config::{Config, ConfigError};
use crate::error::BrowserError;
use crate::forms::SignInWith;
use crate::web::fetch;

/// The outcome of loading the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigState {
    /// What the first paint needs of it (the whole file is checked next).
    Ready(Shell),
    /// Why there is none (its `Display` is the sentence for the setup page).
    Problem(ConfigError),
}

/// What the first paint reads of `config.json`, before the whole file is
/// checked; the same values as the checked [`Config`]'s, read from the same
/// text (a repeated name: the last one counts, in both readers).
#[derive(Clone, PartialEq, Eq)]
pub struct Shell {
    /// The file as served, read and checked in full in the sign-in's module.
    pub text: String,
    /// `clientId`: the prefix of every stored key.
    pub client_id: String,
    /// `signInWith`.
    pub sign_in_with: SignInWith,
    /// `guests`.
    pub guests: bool,
}

/// The text may hold a client secret: only the fields shown are printed.
impl std::fmt::Debug for Shell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shell")
            .field("client_id", &self.client_id)
            .field("guests", &self.guests)
            .finish_non_exhaustive()
    }
}

impl Shell {
    /// The shell of `text`, read with `JSON.parse`; `None` when it is not a
    /// JSON object with a string `clientId` (the full check then says what is wrong).
    pub fn read(text: String) -> Option<Self> {
        let value = JSON::parse(&text).ok()?;
        if !value.is_object() || Array::is_array(&value) {
            return None;
        }
        let field = |v: &JsValue, name: &str| Reflect::get(v, &JsValue::from_str(name)).ok();
        Some(Self {
            client_id: field(&value, "clientId")?.as_string()?,
            sign_in_with: match field(&value, "signInWith").and_then(|v| v.as_string()) {
                Some(s) if s == "email" => SignInWith::Email,
                _ => SignInWith::Username,
            },
            guests: field(&value, "guests").and_then(|v| v.as_bool()) == Some(true),
            text,
        })
    }
}

split! {
    /// [`Config::parse`], in the sign-in's module.
    signin, fn check_in_module(text: String) -> Result<Config, ConfigError> {
        Config::parse(&text)
    }
}

/// Why the whole configuration is not there to use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotChecked {
    /// The check refused it: the setup page says why.
    #[error("{0}")]
    Refused(ConfigError),
    /// The sign-in's module could not be fetched (offline).
    #[error("{}", BrowserError::PageNotLoaded)]
    NotLoaded,
    /// The app is gone meanwhile (a refused configuration replaced it): its
    /// views, which would say this, are gone too.
    #[error("This page was closed.")]
    Gone,
}

/// Reads and checks the whole of `text` ([`Config::parse`], in the sign-in's module).
///
/// # Errors
/// [`NotChecked`].
pub(super) async fn check(text: String) -> Result<Config, NotChecked> {
    match check_in_module(text).await {
        Ok(checked) => checked.map_err(NotChecked::Refused),
        Err(_) => Err(NotChecked::NotLoaded),
    }
}

/// Fetches `config.json` at `url` (normally `config.json`, relative, so the
/// app works under any path) and reads what the first paint needs of it.
pub async fn load_config(url: &'static str) -> ConfigState {
    let loaded = match fetch::get_text(url).await {
        Err(e) => Err(ConfigError::Unreachable(e)),
        Ok(r) if r.status == 404 => Err(ConfigError::NotFound),
        Ok(r) if r.status != 200 => Err(ConfigError::Status(r.status)),
        Ok(r) => match Shell::read(r.body.clone()) {
            Some(shell) => Ok(shell),
            // Not even the shell: the full check says what is wrong.
            None => match check(r.body).await {
                Err(NotChecked::Refused(e)) => Err(e),
                Ok(_) | Err(NotChecked::NotLoaded | NotChecked::Gone) => Err(ConfigError::Invalid(
                    "it is not a JSON object with a clientId".to_owned(),
                )),
            },
        },
    };
    // The first view is built in a task of its own, not in the one that read
    // the configuration: each stays short on a slow phone.
    crate::web::clock::sleep(0).await;
    match loaded {
        Ok(c) => ConfigState::Ready(c),
        Err(e) => ConfigState::Problem(e),
    }
}
