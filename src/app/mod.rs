//! The Leptos UI: thin components over the protocol core.
//!
//! `/register` → `/verify` → `/signin` → `/objects`; `/` sends a visitor to
//! the right one. `/objects` needs a session (restored from `localStorage`), or
//! guest access; `/callback` is where the hosted sign-in page sends people back.

pub mod auth;
pub mod components;
mod config_loader;
pub mod effect;
pub mod feedback;
pub mod lazy;
pub mod loaded;
pub mod nav;
pub mod pages;
pub mod panic_banner;
pub mod router;
pub mod split;
pub mod task;

use leptos::prelude::*;

pub use self::auth::{Auth, use_auth};
pub use self::config_loader::{ConfigState, NotChecked, Shell, load_config};
use self::effect::effect;
use self::lazy::{lazy_page, lazy_view};
use self::nav::Header;
use self::pages::sign_in::{CALLBACK, NOT_FOUND};
use self::pages::{
    Account, Api, Files, ForgotPassword, Objects, Register, ResetPassword, SignIn, Verify,
};
use crate::config::ConfigError;

// The routes' pages loaded on demand, each in its module (`scripts/size.sh`
// says what each one downloads).
lazy_page!(objects, objects_page, objects_preload { 0 => OBJECTS = Objects });
lazy_page!(account, account_page, account_preload { 0 => ACCOUNT = Account });
lazy_page!(signup, signup_page, signup_preload {
    0 => REGISTER = Register,
    1 => VERIFY = Verify,
    2 => FORGOT_PASSWORD = ForgotPassword,
    3 => RESET_PASSWORD = ResetPassword,
});
lazy_page!(files, files_page, files_preload { 0 => FILES = Files });
lazy_page!(api, api_page, api_preload { 0 => API = Api });

/// Reads `config.json` (fetched with the module: index.html preloads it), then
/// mounts [`App`] on the body: the first paint is the configured view (or
/// the setup page), with no loading view painted and replaced before it.
pub fn start() {
    // (Leptos's own executor starts with the mount.)
    wasm_bindgen_futures::spawn_local(async {
        let loaded = load_config("config.json").await;
        leptos::mount::mount_to_body(move || view! { <App loaded /> });
    });
}

/// The whole app, for the configuration read ([`start`] mounts it; tests too).
#[component]
pub fn App(
    /// `config.json`, as [`load_config`] read it.
    loaded: ConfigState,
) -> impl IntoView {
    // A configuration the full check refuses, after the first paint.
    let refused = RwSignal::new(None::<ConfigError>);
    move || {
        let problem = match (&loaded, refused.get()) {
            (ConfigState::Ready(shell), None) => {
                let shell = shell.clone();
                return view! { <Configured shell refused=refused.write_only() /> }.into_any();
            }
            (ConfigState::Problem(p), _) => p.to_string(),
            (_, Some(p)) => p.to_string(),
        };
        view! {
            <Header />
            <main id="main" tabindex="-1"><SetupPage problem /></main>
        }
        .into_any()
    }
}

/// The views, one per URL path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    /// `/`: sends a visitor on (to the objects when signed in, else to sign-in).
    Home,
    Register,
    Verify,
    SignIn,
    ForgotPassword,
    ResetPassword,
    /// The hosted sign-in page's way back.
    Callback,
    /// Needs a session, or guest access.
    Objects,
    /// Needs a session.
    Account,
    /// Needs a session: the user's own files.
    Files,
    /// Needs a session: the user's own API.
    Api,
    NotFound,
}

impl Page {
    fn at(path: &str) -> Self {
        match path.trim_end_matches('/') {
            "" => Self::Home,
            "/register" => Self::Register,
            "/verify" => Self::Verify,
            "/signin" => Self::SignIn,
            "/forgot-password" => Self::ForgotPassword,
            "/reset-password" => Self::ResetPassword,
            "/callback" => Self::Callback,
            "/objects" => Self::Objects,
            "/account" => Self::Account,
            "/files" => Self::Files,
            "/api" => Self::Api,
            _ => Self::NotFound,
        }
    }

    /// Where a visitor is sent instead of this page, if anywhere (`guests`:
    /// the shared folder is open to visitors who are not signed in).
    fn redirect(self, signed_in: bool, guests: bool) -> Option<&'static str> {
        match self {
            _ if signed_in => (self == Self::Home).then_some("/objects"),
            Self::Objects if guests => None,
            Self::Home | Self::Objects | Self::Account | Self::Files | Self::Api => Some("/signin"),
            _ => None,
        }
    }
}

/// The app once `config.json` is read: auth state in context, and the view
/// the address names (guarded views send a visitor without a session to sign-in).
#[component]
pub fn Configured(
    /// What the first paint needs of `config.json`.
    shell: Shell,
    /// Where a configuration that the full check refuses is reported.
    refused: WriteSignal<Option<ConfigError>>,
) -> impl IntoView {
    let auth = Auth::new(shell);
    provide_context(auth);
    // All of config.json is checked as soon as the first view is up (in the
    // sign-in's module, which every route fetches at once): from the next task,
    // so that the one building the first view ends with it (the form is
    // interactive at its end) rather than with starting the module's fetches.
    leptos::task::spawn_local(async move {
        crate::web::clock::sleep(0).await;
        if let Err(NotChecked::Refused(problem)) = auth.checked().await {
            refused.try_set(Some(problem));
        }
    });
    // A returning visitor's session is read at once (its module loaded now).
    if auth.signed_in_untracked() {
        leptos::task::spawn_local(async move {
            crate::web::clock::sleep(0).await;
            // (A configuration not checked: the check's own call above says so.)
            let _ = auth::restore::restore(auth).await;
        });
    }
    let location = router::provide_location();
    // Plain closures, not memos: each memo type costs the first module its own
    // copy of the memo machinery, and reading the path is cheap.
    let page = move || Page::at(&location.path());
    let guests = auth.guests();
    let redirect = move || page().redirect(auth.signed_in(), guests);
    effect(move || {
        if let Some(to) = redirect() {
            location.go(to, true);
        }
    });
    // A session that ends (signed out, here or in another tab; expired) leaves the
    // objects for the sign-in view and its sentence, even where guests may browse.
    let was_signed_in = StoredValue::new(auth.signed_in_untracked());
    effect(move || {
        let now = auth.signed_in();
        if was_signed_in.get_value() && !now && untrack(page) == Page::Objects {
            location.go("/signin", true);
        }
        was_signed_in.set_value(now);
    });
    // After a change of view or folder in place, the keyboard starts from the
    // content (as after a page load it starts from the top): the next Tab goes to
    // the view's first control, not through the top bar again.
    let first = StoredValue::new(true);
    effect(move || {
        location.path();
        location.query();
        if !first.get_value() {
            focus_main();
        }
        first.set_value(false);
    });
    // The page's view is built in the task after the top bar's: each stays
    // short on a slow phone (together, with the first mount, they can pass 50 ms).
    let later = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::web::clock::sleep(0).await;
        later.set(true);
    });
    let shown = Memo::new(move |_| (later.get() && redirect().is_none()).then(page));
    let view = move || {
        shown.get().map(|page| match page {
            Page::SignIn => view! { <SignIn /> }.into_any(),
            Page::Callback => lazy_view(CALLBACK),
            Page::Register => lazy_view(REGISTER),
            Page::Verify => lazy_view(VERIFY),
            Page::ForgotPassword => lazy_view(FORGOT_PASSWORD),
            Page::ResetPassword => lazy_view(RESET_PASSWORD),
            Page::Objects => lazy_view(OBJECTS),
            Page::Account => lazy_view(ACCOUNT),
            Page::Files => lazy_view(FILES),
            Page::Api => lazy_view(API),
            Page::NotFound => lazy_view(NOT_FOUND),
            Page::Home => ().into_any(),
        })
    };
    view! {
        <Header />
        <main id="main" tabindex="-1">{view}</main>
    }
}

/// Moves the focus to `<main>` (it takes focus from script, not from Tab).
fn focus_main() {
    use wasm_bindgen::JsCast;
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
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
