//! Loading `config.json` from next to `index.html`.

use crate::config::{Config, ConfigError};
use crate::web::fetch;

/// The outcome of loading the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigState {
    /// A valid configuration.
    Ready(Config),
    /// Why there is none (its `Display` is the sentence for the setup page).
    Problem(ConfigError),
}

/// Fetches and checks the configuration at `url` (normally `config.json`,
/// relative, so the app works under any path).
pub async fn load_config(url: &'static str) -> ConfigState {
    let loaded = match fetch::get_text(url).await {
        Err(e) => Err(ConfigError::Unreachable(e)),
        Ok(r) if r.status == 404 => Err(ConfigError::NotFound),
        Ok(r) if r.status != 200 => Err(ConfigError::Status(r.status)),
        Ok(r) => Config::parse(&r.body),
    };
    // The first view is built in a task of its own, not in the one that read
    // the configuration: each stays short on a slow phone.
    crate::web::clock::sleep(0).await;
    match loaded {
        Ok(c) => ConfigState::Ready(c),
        Err(e) => ConfigState::Problem(e),
    }
}
