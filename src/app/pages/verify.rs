//! A page of the app.
use leptos::prelude::*;

use crate::app::task::Task;

use crate::app::router::{A, carried_username, use_navigate, with_username};

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Notice, Submit};

use crate::error::AppError;

/// Verify: the code sent by email, or a new one; then on to sign-in.
#[component]
pub fn Verify() -> impl IntoView {
    let auth = use_auth();
    auth.load_context_collector();
    let navigate = use_navigate();
    let username = carried_username();
    let code = RwSignal::new(String::new());
    let notice = auth.take_notice();

    let confirm = Task::new(move |(user, code): &(String, String)| {
        let (user, code, navigate) = (user.clone(), code.clone(), navigate.clone());
        async move {
            auth.confirm(user.clone(), code).await?;
            navigate(with_username("/signin", &user));
            Ok::<_, AppError>(())
        }
    });
    let resend = Task::new(move |user: &String| auth.resend(user.clone()));
    let error = Signal::derive(move || {
        let last_confirm = confirm.value().get().and_then(Result::err);
        let last_resend = resend.value().get().and_then(Result::err);
        last_resend.or(last_confirm).map(|e| e.to_string())
    });
    let sent = move || {
        resend.value().get().and_then(Result::ok).map(|d| {
            let to = d.recipient().to_owned();
            view! { <p class="notice" role="status">"A new code was sent to " {to} "."</p> }
        })
    };

    view! {
        <section class="card">
            <h2>"Verify your email address"</h2>
            <Notice text=notice />
            <p>"Enter the 6-digit code we emailed you."</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                confirm.dispatch((username.get_untracked(), code.get_untracked()));
            }>
                <Field label=auth.sign_in_with().label() id="username" autocomplete=auth.sign_in_with().autocomplete() value=username />
                <Field label="Verification code" id="code" autocomplete="one-time-code" value=code />
                <ErrorLine error=error />
                {sent}
                <Submit label="Verify" busy_label="Verifying…" busy=confirm.pending() />
                <button
                    type="button"
                    class="secondary"
                    disabled=move || resend.pending().get()
                    on:click=move |_| { resend.dispatch(username.get_untracked()); }
                >
                    "Resend code"
                </button>
            </form>
            <p><A href="/signin">"Sign in"</A> " · " <A href="/register">"Register"</A></p>
        </section>
    }
}
