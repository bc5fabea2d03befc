//! A page of the app.
use leptos::prelude::*;

use crate::app::router::A;

/// Unknown URL.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Page not found"</h2>
            <p><A href="/">"Go to the start"</A></p>
        </section>
    }
}
