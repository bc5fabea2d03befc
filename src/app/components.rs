//! Small building blocks shared by the pages.

use leptos::prelude::*;

use crate::error::AppError;

/// A labelled input bound to `value`.
#[component]
pub fn Field(
    /// The visible label.
    label: &'static str,
    /// The input's id and name.
    id: &'static str,
    /// The signal the input edits.
    value: RwSignal<String>,
    /// The input type (`text`, `email`, `password`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The `autocomplete` hint for password managers.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A hint shown under the input.
    #[prop(optional, into)]
    hint: Option<String>,
    /// Whether the field is required.
    #[prop(default = true)]
    required: bool,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label} {(!required).then_some(" (optional)")}</label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                aria-describedby=hint.as_ref().map(|_| hint_id.clone())
                bind:value=value
            />
            {hint.map(|h| view! { <small id=hint_id>{h}</small> })}
        </div>
    }
}

/// The error of the last attempt, announced to screen readers.
#[component]
pub fn ErrorLine(
    /// The sentence to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <p class="error" role="alert">{e}</p> })
    }
}

/// A one-off success message.
#[component]
pub fn Notice(
    /// The message, if any.
    text: Option<String>,
) -> impl IntoView {
    text.map(|t| view! { <p class="notice" role="status">{t}</p> })
}

/// A submit button that is disabled and says so while `busy`.
#[component]
pub fn Submit(
    /// The button's action, as text.
    label: &'static str,
    /// The text while the request runs.
    busy_label: &'static str,
    /// Is the request running?
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    view! {
        <button type="submit" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
            {move || if busy.get() { busy_label } else { label }}
        </button>
    }
}

/// The next step of a flow with the account name filled in:
/// `path?username=<user, trimmed and percent-encoded>`.
pub fn with_username(path: &str, user: &str) -> String {
    format!(
        "{path}?username={}",
        String::from(js_sys::encode_uri_component(user.trim()))
    )
}

/// The `username` query parameter a previous step passed on, as the field's signal.
pub fn username_from_query() -> RwSignal<String> {
    let query = leptos_router::hooks::use_query_map();
    RwSignal::new(query.get_untracked().get("username").unwrap_or_default())
}

/// The sentence of the last failure of `action`, for an [`ErrorLine`].
pub fn last_error<I, T>(action: Action<I, Result<T, AppError>>) -> Signal<Option<String>>
where
    I: 'static,
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    })
}

/// A Unix time as the browser's local date and time.
pub fn local_time(unix_seconds: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}
