//! Where the hosted sign-in page sends people back (`/callback?code=…&state=…`).
use leptos::prelude::*;

use crate::app::effect::effect;

use crate::app::auth::use_auth;
use crate::app::components::ErrorLine;
use crate::app::feedback::last_error;
use crate::app::router::{A, use_location};
use crate::app::task::Task;

/// Finishes a hosted sign-in: the code leaves the address bar (and history) at
/// once, is exchanged, and the visitor goes on to the objects; or the reason it
/// failed is shown, with nothing stored.
#[component]
pub fn Callback() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let query = location.query_untracked();
    location.go("/callback", true);
    let finish = Task::new(move |query: &String| auth.finish_hosted_sign_in(query.clone()));
    finish.dispatch(query);
    effect(move || {
        if matches!(finish.value().get(), Some(Ok(()))) {
            location.go("/objects", true);
        }
    });
    let error = last_error(finish);
    view! {
        <section class="card">
            <h2>"Signing in"</h2>
            <Show when=move || finish.pending().get()>
                <p class="muted" role="status">"Completing your sign-in…"</p>
            </Show>
            <ErrorLine error=error />
            <Show when=move || error.get().is_some()>
                <p><A href="/signin">"Back to sign in"</A></p>
            </Show>
        </section>
    }
}
