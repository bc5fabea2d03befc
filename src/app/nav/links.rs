//! The navigation of the top bar, loaded on demand with the sign-in's module:
//! a signed-in user's views and "Sign out" (Cognito's `RevokeToken`, then the
//! sign-in view says how it went); a guest's "Shared files" (where the
//! configuration lets guests browse) and "Sign in". The link to the view shown
//! is marked `aria-current="page"`.

use leptos::prelude::*;

use crate::app::auth::use_auth;
use crate::app::router::{in_place, use_location};
use crate::app::task::Task;

/// One link of the navigation: in place like [`crate::app::router::A`], and
/// marked when its view is shown.
#[component]
fn NavLink(
    /// Where it goes.
    href: &'static str,
    /// Its text.
    label: &'static str,
) -> impl IntoView {
    let location = use_location();
    let current = move || (location.path().trim_end_matches('/') == href).then_some("page");
    view! { <li><a href=href aria-current=current on:click=in_place(href.to_owned())>{label}</a></li> }
}

/// The navigation, and who is signed in.
#[component]
pub fn Nav() -> impl IntoView {
    let auth = use_auth();
    // The app goes to sign-in once the session is forgotten (after Cognito's answer).
    let sign_out = Task::new(move |(): &()| auth.sign_out_and_revoke());
    let signing_out = sign_out.pending();
    let guests = auth.guests();
    let links = move || {
        if auth.signed_in() {
            view! {
                <NavLink href="/objects" label="Objects" />
                <NavLink href="/files" label="Your files" />
                {auth.has_api().then(|| view! { <NavLink href="/api" label="Your API" /> })}
                <NavLink href="/account" label="Your account" />
                <li>
                    <button type="button" on:click=move |_| sign_out.dispatch(()) disabled=move || signing_out.get()>
                        {move || if signing_out.get() { "Signing out…" } else { "Sign out" }}
                    </button>
                </li>
            }
            .into_any()
        } else {
            view! {
                {guests.then(|| view! { <NavLink href="/objects" label="Shared files" /> })}
                <NavLink href="/signin" label="Sign in" />
            }
            .into_any()
        }
    };
    let who = move || {
        auth.who()
            .map(|name| view! { <span class="who-bar">"Signed in as " {name}</span> })
    };
    view! {
        <nav class="main" aria-label="Main"><ul>{links}</ul></nav>
        {who}
    }
}
