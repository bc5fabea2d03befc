//! Loading `config.json` from next to `index.html`.

use crate::config::Config;
use crate::web::fetch;

/// The outcome of loading the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigState {
    /// A valid configuration.
    Ready(Config),
    /// Why there is none, as a sentence for the setup page.
    Problem(String),
}

/// Fetches and checks the configuration at `url` (normally `config.json`,
/// relative, so the app works under any path).
pub async fn load_config(url: &'static str) -> ConfigState {
    match fetch::get_text(url).await {
        Err(e) => ConfigState::Problem(format!("config.json could not be loaded ({e}).")),
        Ok(r) if r.status == 404 => {
            ConfigState::Problem("There is no config.json next to index.html.".into())
        }
        Ok(r) if r.status != 200 => ConfigState::Problem(format!(
            "config.json could not be loaded (HTTP status {}).",
            r.status
        )),
        Ok(r) => match Config::parse(&r.body) {
            Ok(c) => ConfigState::Ready(c),
            Err(e) => ConfigState::Problem(format!("{e}.")),
        },
    }
}
