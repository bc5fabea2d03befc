//! The Leptos UI: thin components over the protocol core.
//!
//! `/register` → `/verify` → `/signin` → `/objects`; `/` sends a visitor to
//! the right one. `/objects` needs a session (restored from `localStorage`).

pub mod auth;
pub mod components;
mod config_loader;
pub mod pages;
pub mod panic_banner;

use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

pub use self::auth::{Auth, use_auth};
pub use self::config_loader::{ConfigState, load_config};
use self::pages::{
    Account, ForgotPassword, NotFound, Objects, Register, ResetPassword, SignIn, Verify,
};
use crate::config::Config;
use crate::config::SignInWith;

/// The whole app; `main.rs` mounts it and tests mount it too.
#[component]
pub fn App(
    /// Where the configuration is, relative to the page.
    #[prop(default = "config.json")]
    config_url: &'static str,
) -> impl IntoView {
    let config = LocalResource::new(move || load_config(config_url));
    view! {
        <Suspense fallback=|| view! { <Header /> <main><p class="muted">"Loading configuration…"</p></main> }>
            {move || {
                config
                    .get()
                    .map(|state| match state {
                        ConfigState::Ready(c) => view! { <Configured config=c /> }.into_any(),
                        ConfigState::Problem(p) => view! { <Header /> <main><SetupPage problem=p.to_string() /></main> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

/// The app once `config.json` is read: auth state in context, and the routes.
#[component]
pub fn Configured(
    /// The validated configuration.
    config: Config,
) -> impl IntoView {
    let auth = Auth::new(config);
    provide_context(auth);
    auth.follow_other_tabs();
    auth.keep_fresh();
    view! {
        <Router>
            <Header />
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/register") view=Register />
                    <Route path=path!("/verify") view=Verify />
                    <Route path=path!("/signin") view=SignIn />
                    <Route path=path!("/forgot-password") view=ForgotPassword />
                    <Route path=path!("/reset-password") view=ResetPassword />
                    <ProtectedRoute
                        path=path!("/objects")
                        condition=move || Some(auth.signed_in())
                        redirect_path=|| "/signin"
                        view=Objects
                    />
                    <ProtectedRoute
                        path=path!("/account")
                        condition=move || Some(auth.signed_in())
                        redirect_path=|| "/signin"
                        view=Account
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// `/`: on to the objects when signed in, to sign-in otherwise.
#[component]
fn Home() -> impl IntoView {
    let auth = use_auth();
    let to = if auth.signed_in() {
        "/objects"
    } else {
        "/signin"
    };
    view! { <Redirect path=to /> }
}

/// The top bar, with who is signed in.
#[component]
fn Header() -> impl IntoView {
    let who = move || {
        let auth = use_context::<Auth>()?;
        auth.session().map(|s| {
            // In a pool that signs in by email, cognito:username is an opaque id.
            let claim = match auth.sign_in_with() {
                SignInWith::Email => "email",
                SignInWith::Username => "cognito:username",
            };
            let name = s
                .claims()
                .string(claim)
                .unwrap_or(s.user.as_str())
                .to_owned();
            view! { <span class="who-bar">"Signed in as " {name}</span> }
        })
    };
    view! {
        <header class="top">
            <h1>"Cognito demo"</h1>
            {who}
        </header>
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
