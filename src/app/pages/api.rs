//! `/api`: calls the user's own API with the access token and shows who it says called.
use leptos::prelude::*;

use crate::app::auth::use_auth;
use crate::app::components::ErrorLine;
use crate::app::feedback::last_error;
use crate::app::task::Task;

/// The API's answer: the caller's claims as its Cognito authorizer saw them.
#[component]
pub fn Api() -> impl IntoView {
    let auth = use_auth();
    let call = Task::new(move |(): &()| auth.who_am_i());
    call.dispatch(());
    let claims = move || {
        call.value().get().and_then(Result::ok).map(|claims| {
            view! {
                <table class="claims" id="api-claims">
                    <tbody>
                        {claims.into_iter().map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> }).collect_view()}
                    </tbody>
                </table>
            }
        })
    };
    view! {
        <section class="card">
            <h2>"Your API"</h2>
            <p class="muted">"A call to your API Gateway endpoint with your access token; its Cognito authorizer checks the token and its scope (api/whoami.read), and the endpoint answers who you are as the authorizer saw you."</p>
            <button type="button" class="secondary" disabled=move || call.pending().get() on:click=move |_| call.dispatch(())>
                {move || if call.pending().get() { "Calling…" } else { "Call it again" }}
            </button>
            <ErrorLine error=last_error(call) />
            {claims}
        </section>
    }
}
