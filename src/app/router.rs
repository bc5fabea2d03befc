//! Which view the address bar names: the path as a signal, links and
//! redirects that change it without reloading the page (`history.pushState`),
//! and back/forward followed (`popstate`). The app has a handful of flat
//! routes, so this replaces `leptos_router` (measured: its matching and
//! nested-route machinery cost more than the whole of this file).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The current location, provided as context by [`provide_location`].
#[derive(Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
    query: RwSignal<String>,
}

/// Reads the address bar, follows back/forward, and provides the [`Location`].
pub fn provide_location() -> Location {
    let (path, query) = read_address();
    let location = Location {
        path: RwSignal::new(path),
        query: RwSignal::new(query),
    };
    let handle = window_event_listener(ev::popstate, move |_| {
        let (path, query) = read_address();
        location.path.set(path);
        location.query.set(query);
    });
    on_cleanup(move || handle.remove());
    provide_context(location);
    location
}

/// The app's [`Location`].
///
/// # Panics
/// Outside [`provide_location`].
pub fn use_location() -> Location {
    // (Not `expect_context`: see `use_auth`.)
    use_context::<Location>().expect("the configured app provides the location")
}

/// A function that goes to an app URL (`/verify?username=…`), adding a history entry.
pub fn use_navigate() -> impl Fn(&str) + Clone + 'static {
    let location = use_location();
    move |to: &str| location.go(to, false)
}

impl Location {
    /// The path (tracked), e.g. `/signin`.
    pub fn path(&self) -> String {
        self.path.get()
    }

    /// The whole query of the current URL (tracked), e.g. `?prefix=…`.
    pub fn query(&self) -> String {
        self.query.get()
    }

    /// A query parameter of the current URL (untracked), percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.get_untracked();
        query.trim_start_matches('?').split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == name).then(|| decode(value))
        })
    }

    /// The whole query of the current URL (untracked), e.g. `?code=…&state=…`.
    pub fn query_untracked(&self) -> String {
        self.query.get_untracked()
    }

    /// Goes to `to` (a path with an optional query): pushes a history entry,
    /// or with `replace` takes the current one's place (redirects).
    pub fn go(&self, to: &str, replace: bool) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(to))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(to))
            };
        }
        let (path, query) = to.split_once('?').unwrap_or((to, ""));
        self.query.set(query.to_owned());
        self.path.set(path.to_owned());
    }
}

/// The path and query of the address bar.
fn read_address() -> (String, String) {
    let location = web_sys::window().map(|w| w.location());
    let read = |f: fn(&web_sys::Location) -> Result<String, JsValue>| {
        location
            .as_ref()
            .and_then(|l| f(l).ok())
            .unwrap_or_default()
    };
    (
        read(web_sys::Location::pathname),
        read(web_sys::Location::search),
    )
}

/// `decodeURIComponent` after `+` → space (form encoding); the raw text if invalid.
fn decode(value: &str) -> String {
    let spaced = value.replace('+', " ");
    js_sys::decode_uri_component(&spaced).map_or(spaced, String::from)
}

/// A link to an app URL: a plain `<a href>` (it opens in a new tab, can be
/// copied), and a click without modifier keys changes the view in place.
#[component]
pub fn A(
    /// Where it goes.
    href: &'static str,
    /// The link's content.
    children: Children,
) -> impl IntoView {
    view! { <a href=href on:click=in_place(href.to_owned())>{children()}</a> }
}

/// The click handler of a link to the app URL `href`: a plain click changes
/// the view in place; with a modifier key, or another button, the browser
/// does what it always does (a new tab, a download).
pub fn in_place(href: String) -> impl Fn(ev::MouseEvent) + 'static {
    let navigate = use_navigate();
    move |event: ev::MouseEvent| {
        let modified = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
        if event.button() == 0 && !modified {
            event.prevent_default();
            navigate(&href);
        }
    }
}

/// Where the account name rides from one step of a flow to the next: this
/// tab's `sessionStorage`, not the address (which history, server logs,
/// shared links and screenshots keep).
const CARRIED_USERNAME: &str = "cognito-demo.username";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The next step of a flow, `path`, with the account name `user` carried to it
/// (see [`carried_username`]).
pub fn with_username<'a>(path: &'a str, user: &str) -> &'a str {
    if let Some(storage) = session_storage() {
        let _ = storage.set_item(CARRIED_USERNAME, user.trim());
    }
    path
}

/// The account name a previous step of this tab's flow carried here, as the
/// field's signal (empty when none).
pub fn carried_username() -> RwSignal<String> {
    let user = session_storage()
        .and_then(|s| s.get_item(CARRIED_USERNAME).ok().flatten())
        .unwrap_or_default();
    RwSignal::new(user)
}
