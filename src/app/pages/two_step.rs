//! Two-step verification with an authenticator app (TOTP): set up with a QR
//! code or the key as text, check a first code, make it the preferred step;
//! or turn it off. Part of the account view.
use leptos::prelude::*;

use crate::app::task::Task;

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Submit};
use crate::app::feedback::last_error;
use crate::error::AppError;
use crate::secret::{Password, TotpSecret};
use crate::totp::{grouped, otpauth_uri, qr_svg};

/// Shown in the authenticator app above the codes.
const ISSUER: &str = "Cognito demo";

/// The two-step verification settings of the signed-in user.
#[component]
pub fn TwoStep(
    /// Is the authenticator app already on (from `GetUser`)? `None` while loading.
    #[prop(into)]
    enabled: Signal<Option<bool>>,
    /// The account name the authenticator app shows (email or username).
    #[prop(into)]
    account: Signal<String>,
    /// Called after a change, to read the user again.
    on_change: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let secret = RwSignal::new(None::<TotpSecret>);
    let code = RwSignal::new(String::new());
    let start = Task::new(move |(): &()| async move {
        secret.set(Some(auth.start_totp_setup().await?));
        Ok::<_, AppError>(())
    });
    let finish = Task::new(move |code: &String| {
        let code = code.clone();
        async move {
            auth.finish_totp_setup(code).await?;
            secret.set(None);
            on_change.run(());
            Ok::<_, AppError>(())
        }
    });
    // Turning the step off asks for the password and a current code first.
    let confirming_off = RwSignal::new(false);
    let off_password = RwSignal::new(String::new());
    let off_code = RwSignal::new(String::new());
    let turn_off = Task::new(move |(): &()| async move {
        let password = Password::new(off_password.get_untracked());
        let result = auth.disable_totp(password, off_code.get_untracked()).await;
        // Sent (not stopped by the form's own checks): the password and the code,
        // used once, leave the fields whatever the answer.
        if !matches!(result, Err(AppError::Form(_))) {
            off_password.set(String::new());
            off_code.set(String::new());
        }
        result?;
        confirming_off.set(false);
        on_change.run(());
        Ok::<_, AppError>(())
    });
    let error = Signal::derive(move || {
        last_error(start)
            .get()
            .or_else(|| last_error(turn_off).get())
    });

    let setup = move |key: TotpSecret| {
        let uri = otpauth_uri(ISSUER, &account.get_untracked(), &key);
        let qr = qr_svg(&uri).map(|q| {
            let view_box = format!("0 0 {0} {0}", q.view_box);
            view! {
                <svg class="qr" role="img" aria-label="QR code for your authenticator app" viewBox=view_box width="200" height="200">
                    <rect width="100%" height="100%" fill="#fff" />
                    <path d=q.path fill="#000" shape-rendering="crispEdges" />
                </svg>
            }
        });
        view! {
            <p>"Scan this QR code with your authenticator app, or enter the key by hand."</p>
            {qr}
            <p>"Key: " <code id="totp-secret">{grouped(&key)}</code></p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                finish.dispatch(code.get_untracked());
                code.set(String::new());
            }>
                <Field label="Code from the app" id="totp-code" autocomplete="one-time-code" value=code />
                <ErrorLine error=last_error(finish) />
                <Submit label="Verify and turn on" busy_label="Verifying…" busy=finish.pending() />
                <button type="button" class="secondary" on:click=move |_| secret.set(None)>"Cancel"</button>
            </form>
        }
    };

    let body = move || {
        match (secret.get(), enabled.get()) {
        (Some(key), _) => setup(key).into_any(),
        (None, Some(true)) if confirming_off.get() => view! {
            <p id="two-step-status">"On: signing in asks for a code from your authenticator app."</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                turn_off.dispatch(());
            }>
                <p>"To turn it off, show it is you: your password and a current code from the app."</p>
                <Field label="Your password" id="off-password" kind="password" autocomplete="current-password" value=off_password />
                <Field label="Current code" id="off-code" autocomplete="one-time-code" value=off_code />
                <Submit label="Turn off two-step" busy_label="Turning off…" busy=turn_off.pending() />
                <button type="button" class="secondary" on:click=move |_| confirming_off.set(false)>"Cancel"</button>
            </form>
        }
        .into_any(),
        (None, Some(true)) => view! {
            <p id="two-step-status">"On: signing in asks for a code from your authenticator app."</p>
            <button type="button" class="secondary" on:click=move |_| confirming_off.set(true)>"Turn off"</button>
        }
        .into_any(),
        (None, Some(false)) => view! {
            <p id="two-step-status">"Off: signing in needs only your password."</p>
            <button type="button" disabled=move || start.pending().get()
                on:click=move |_| { start.dispatch(()); }>"Set up an authenticator app"</button>
        }
        .into_any(),
        (None, None) => view! { <p class="muted">"Loading…"</p> }.into_any(),
    }
    };
    view! {
        <section class="card">
            <h3>"Two-step verification"</h3>
            {body}
            <ErrorLine error=error />
        </section>
    }
}
