//! The top bar on every view: a link that skips to the content, the app's
//! name, and the navigation ([`links::Nav`]: what this visitor may open, who
//! is signed in, signing out). The first module has the bar only; the
//! navigation comes with the module of the other ways in (`signin_more`), which
//! every route loads once the sign-in's module is there (the stored session is
//! read there), so it costs the first load nothing.

pub mod links;

use leptos::prelude::*;

use super::lazy::lazy_part;
use super::pages::sign_in::NAV;
use crate::app::auth::Auth;

/// The top bar. Before the configuration is read (or when it is wrong) there
/// is no [`Auth`]: the bar has the app's name only.
#[component]
pub fn Header() -> impl IntoView {
    let nav = use_context::<Auth>().map(|_| lazy_part(NAV));
    view! {
        <a class="skip" href="#main">"Skip to the content"</a>
        <header class="top">
            <h1>"Cognito demo"</h1>
            {nav}
        </header>
    }
}
