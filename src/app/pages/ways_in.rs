//! The other ways in, under the sign-in form: the hosted sign-in page (one
//! button per external provider, or one for the page itself) and, where
//! guests may browse, the shared files; and a warning for whoever set the app
//! up when `config.json` holds a client secret. Shown from the sign-in's module (the
//! form's first paint does without them: their buttons need that module to
//! do anything), which the form fetches as soon as it is shown.

use leptos::prelude::*;

use crate::app::auth::sign_in::SignInSteps;
use crate::app::auth::use_auth;
use crate::app::router::A;

/// The hosted sign-in's buttons and the guests' link, as `config.json` allows them.
#[component]
pub fn OtherWaysIn() -> impl IntoView {
    let auth = use_auth();
    let notice = expect_context::<SignInSteps>().notice;
    let start = move |provider: Option<String>| {
        leptos::task::spawn_local(async move {
            if let Err(sentence) = auth.start_hosted_sign_in(provider).await {
                notice.set(Some(sentence));
            }
        });
    };
    let hosted = auth.hosted_providers().map(|providers| {
        let buttons: Vec<(Option<String>, String)> = if providers.is_empty() {
            vec![(None, "Use the hosted sign-in page".to_owned())]
        } else {
            providers
                .into_iter()
                .map(|p| (Some(p.clone()), format!("Sign in with {p}")))
                .collect()
        };
        view! {
            <div class="row hosted">
                {buttons.into_iter().map(|(provider, label)| view! {
                    <button type="button" class="secondary" on:click=move |_| start(provider.clone())>{label}</button>
                }).collect_view()}
            </div>
        }
    });
    let guests = auth
        .guests()
        .then(|| view! { <p><A href="/objects">"Browse the shared files as a guest"</A></p> });
    // A client secret in config.json is readable by every visitor: allowed (some
    // pools have one), but the person who set the app up should know.
    let public_secret = auth.has_client_secret().then(|| view! {
        <p class="warning" id="public-secret">
            "This app's config.json holds an app client secret, which anyone who opens this page can read. Use an app client without a secret."
        </p>
    });
    // One element, there once the module is: a test can tell "none offered" from "not yet".
    view! { <div class="ways-in">{hosted} {guests} {public_secret}</div> }
}
