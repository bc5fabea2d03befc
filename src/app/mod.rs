//! The Leptos UI: thin components over the protocol core.

mod config_loader;

use leptos::prelude::*;

pub use self::config_loader::{ConfigState, load_config};
use crate::config::Config;

/// The whole app; `main.rs` mounts it and tests mount it too.
#[component]
pub fn App() -> impl IntoView {
    let config = LocalResource::new(load_config);
    view! {
        <header class="top">
            <h1>"Cognito demo"</h1>
        </header>
        <main>
            <Suspense fallback=|| view! { <p class="muted">"Loading configuration…"</p> }>
                {move || {
                    config
                        .get()
                        .map(|state| match state {
                            ConfigState::Ready(c) => view! { <Configured config=c /> }.into_any(),
                            ConfigState::Problem(p) => view! { <SetupPage problem=p /> }.into_any(),
                        })
                }}
            </Suspense>
        </main>
    }
}

/// What a configured app shows (the journey's views hang off this).
#[component]
fn Configured(config: Config) -> impl IntoView {
    let where_ = if config.is_local() {
        "the local AWS emulator"
    } else {
        "AWS"
    };
    view! {
        <section class="card">
            <p>"Connected to " {where_} ", user pool " <code>{config.user_pool_id.clone()}</code> "."</p>
        </section>
    }
}

/// Shown instead of a blank page when `config.json` is missing or wrong.
#[component]
pub fn SetupPage(
    /// Why the app is not configured, as a sentence.
    problem: String,
) -> impl IntoView {
    view! {
        <section class="card setup" role="alert">
            <h2>"This app is not configured yet"</h2>
            <p>{problem}</p>
            <p>
                "Put a " <code>"config.json"</code> " next to " <code>"index.html"</code>
                " with your region, user pool id, app client id and identity pool id "
                "(" <code>"scripts/run.sh"</code> " writes one for the local emulator; "
                <code>"scripts/deploy.sh"</code> " for AWS)."
            </p>
        </section>
    }
}
