//! Small building blocks shared by the pages.

use leptos::prelude::*;

use crate::app::effect::effect;

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
                inputmode=(autocomplete == "one-time-code").then_some("numeric")
                aria-describedby=hint.as_ref().map(|_| hint_id.clone())
                bind:value=value
            />
            {hint.map(|h| view! { <small id=hint_id>{h}</small> })}
        </div>
    }
}

/// The error of the last attempt: announced to screen readers (an alert), and
/// focused when it appears, so that after a refused submit the keyboard is
/// where the sentence is (Tab goes on to the form's next field or button).
#[component]
pub fn ErrorLine(
    /// The sentence to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let line = NodeRef::<leptos::html::P>::new();
    effect(move || {
        if let Some(p) = line.get() {
            let _ = p.focus();
        }
    });
    move || {
        error
            .get()
            .map(|e| view! { <p class="error" role="alert" tabindex="-1" node_ref=line>{e}</p> })
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
