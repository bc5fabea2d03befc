//! The end of a sign-up without a password, in the registration view: the
//! emailed code, which signs the user in (nothing typed again), then "Add a
//! passkey" offered at once. The flows are [`Auth::confirm_and_sign_in`] and
//! [`Auth::add_passkey`].
use leptos::prelude::*;

use crate::app::auth::registration::PendingSignUp;
use crate::app::auth::{Auth, use_auth};
use crate::app::components::{ErrorLine, Field, Submit};
use crate::app::feedback::last_error;
use crate::app::router::{use_navigate, with_username};
use crate::app::task::Task;
use crate::error::AppError;

/// The emailed code of a sign-up without a password; `on_signed_in` once it
/// has signed the user in (else on to the sign-in view, whose notice says why).
#[component]
pub fn ConfirmWithoutPassword(
    /// The sign-up waiting for its code.
    pending: PendingSignUp,
    /// Called once signed in.
    on_signed_in: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let code = RwSignal::new(String::new());
    let sent_to = pending
        .delivery
        .as_ref()
        .map(|d| d.recipient().to_owned())
        .unwrap_or_else(|| "your email address".to_owned());
    let pending = StoredValue::new(pending);
    let confirm = Task::new(move |typed: &String| {
        let (typed, navigate) = (typed.clone(), navigate.clone());
        async move {
            let pending = pending.get_value();
            let username = pending.username.clone();
            if auth.confirm_and_sign_in(pending, typed).await? {
                on_signed_in.run(());
            } else {
                navigate(with_username("/signin", &username));
            }
            Ok::<_, AppError>(())
        }
    });
    view! {
        <section class="card">
            <h2>"Verify your email address"</h2>
            <p>"Enter the 6-digit code we sent to " {sent_to} ". It also signs you in."</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                confirm.dispatch(code.get_untracked());
            }>
                <Field label="Verification code" id="code" autocomplete="one-time-code" value=code />
                <ErrorLine error=last_error(confirm) />
                <Submit label="Verify" busy_label="Verifying…" busy=confirm.pending() />
            </form>
        </section>
    }
}

/// Signed in just now by the sign-up's code: a passkey is offered at once
/// (that code was the proof, moments ago, so nothing is asked again).
#[component]
pub fn OfferPasskey() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let to_objects = navigate.clone();
    let add = Task::new(move |(): &()| {
        let navigate = navigate.clone();
        async move {
            add_and_say(auth).await?;
            navigate("/account");
            Ok::<_, AppError>(())
        }
    });
    view! {
        <section class="card">
            <h2>"You are signed in"</h2>
            <p>"Add a passkey, and sign in next time with your fingerprint, face, screen lock or security key: nothing to type, nothing to leak."</p>
            <ErrorLine error=last_error(add) />
            <div class="row">
                <button type="button" disabled=move || add.pending().get() on:click=move |_| add.dispatch(())>
                    {move || if add.pending().get() { "Waiting for your passkey…" } else { "Add a passkey" }}
                </button>
                <button type="button" class="secondary" on:click=move |_| to_objects("/objects")>"Not now"</button>
            </div>
        </section>
    }
}

/// Adds the passkey, and leaves the account view a notice.
async fn add_and_say(auth: Auth) -> Result<(), AppError> {
    auth.add_passkey().await?;
    auth.set_notice("Your passkey is added.");
    Ok(())
}
