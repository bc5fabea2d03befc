//! The top bar on every view: a link that skips to the content, the app's
//! name, and the navigation ([`links::Nav`]: what this visitor may open, who
//! is signed in, signing out). The first module has the bar only; the
//! navigation comes with the sign-in's module, which every route loads at
//! once anyway (the stored session is read there; on `/signin` it is the
//! form's prefetch), so it costs the first load nothing.

pub mod links;

use leptos::prelude::*;

use self::links::Nav;
use super::lazy::{lazy_page, lazy_part};
use crate::app::auth::Auth;

lazy_page!(signin, nav_part, nav_preload { 0 => NAV = Nav });

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
