//! "First show it is you": the password (and the code Cognito then asks for,
//! if any), or a code sent by email, before a change that an open session
//! alone must not make. Part of the account view; the flow is
//! [`crate::app::auth::reauth`].
use leptos::prelude::*;

use crate::app::auth::reauth::Proof;
use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Submit};
use crate::app::feedback::last_error;
use crate::app::task::Task;
use crate::error::AppError;
use crate::secret::Password;
use crate::user_pool::{Challenge, ChallengeKind, MfaKind, UserPoolError};

/// Asks the user to show it is them; `on_proven` once the account has signed in again.
#[component]
pub fn ProveItIsYou(
    /// What the proof is for, as a sentence.
    why: &'static str,
    /// Called once shown.
    on_proven: Callback<()>,
    /// Called when the user gives up.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The code step Cognito asks for, if any (and whether it is the emailed sign-in code).
    let pending = RwSignal::new(None::<(Challenge, bool)>);
    let after = move |proof: Proof| match proof {
        Proof::Done => {
            pending.set(None);
            on_proven.run(());
        }
        Proof::NeedsCode {
            challenge,
            sign_in_code,
        } => pending.set(Some((challenge, sign_in_code))),
    };
    let with_password = Task::new(move |pass: &Password| {
        let pass = pass.clone();
        async move {
            after(auth.prove_with_password(pass).await?);
            Ok::<_, AppError>(())
        }
    });
    let by_email = Task::new(move |(): &()| async move {
        after(auth.prove_with_emailed_code().await?);
        Ok::<_, AppError>(())
    });
    let with_code = Task::new(move |typed: &String| {
        let typed = typed.clone();
        async move {
            let (challenge, sign_in_code) = pending
                .get_untracked()
                .ok_or(UserPoolError::SignInExpired)?;
            let result = auth.prove_with_code(challenge, sign_in_code, typed).await;
            // Used once, sent or not: a new code is typed afresh.
            code.set(String::new());
            after(result?);
            Ok::<_, AppError>(())
        }
    });
    let error = Signal::derive(move || {
        last_error(with_password)
            .get()
            .or_else(|| last_error(by_email).get())
            .or_else(|| last_error(with_code).get())
    });
    let email_offered = auth.passwordless_enabled();
    let cancel = move |_| {
        pending.set(None);
        on_cancel.run(());
    };
    let body = move || {
        match pending.get() {
        None => view! {
            <form on:submit=move |ev| {
                ev.prevent_default();
                let pass = Password::new(password.get_untracked());
                password.set(String::new());
                with_password.dispatch(pass);
            }>
                <Field label="Your password" id="reauth-password" kind="password" autocomplete="current-password" value=password />
                <Submit label="Continue" busy_label="Checking…" busy=with_password.pending() />
                {email_offered.then(|| view! {
                    <button type="button" class="secondary" disabled=move || by_email.pending().get()
                        on:click=move |_| by_email.dispatch(())>"Email me a code instead"</button>
                })}
                <button type="button" class="secondary" on:click=cancel>"Cancel"</button>
            </form>
        }
        .into_any(),
        Some((challenge, _)) => {
            let explain = match challenge.kind() {
                ChallengeKind::Code { kind: MfaKind::Totp, .. } => {
                    "Enter the code your authenticator app shows for this account.".to_owned()
                }
                ChallengeKind::Code { delivery, .. } => {
                    format!("Enter the code sent to {}.", delivery.recipient())
                }
                _ => "Enter the code.".to_owned(),
            };
            view! {
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    with_code.dispatch(code.get_untracked());
                }>
                    <p>{explain}</p>
                    <Field label="Your code" id="reauth-code" autocomplete="one-time-code" value=code />
                    <Submit label="Confirm code" busy_label="Checking…" busy=with_code.pending() />
                    <button type="button" class="secondary" on:click=cancel>"Cancel"</button>
                </form>
            }
            .into_any()
        }
    }
    };
    view! {
        <div class="reauth">
            <p>{why} " First show it is you."</p>
            {body}
            <ErrorLine error=error />
        </div>
    }
}
