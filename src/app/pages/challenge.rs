//! The further steps of a sign-in: a new password (accounts created by an
//! administrator) and a one-time code (MFA, or a sign-in code sent by email or
//! text message); the steps of a sign-in without a password (a choice, a
//! passkey) are in [`super::passwordless`]. Shown by the sign-in view, from
//! the sign-in's module.
use leptos::prelude::*;

use crate::app::task::Task;

use crate::app::auth::sign_in::{SignInStart, SignInSteps, follow};
use crate::app::auth::{SignInStep, use_auth};
use crate::app::components::{ErrorLine, Field, Submit};
use crate::app::feedback::last_error;
use crate::app::pages::passwordless::{
    CancelSignIn, ChooseStep, CodeAgain, PasskeyStep, PasswordlessStart,
};
use crate::forms::{attribute_autocomplete, attribute_label};
use crate::secret::Password;
use crate::user_pool::{ChallengeKind, CodeDelivery, FirstFactor, MfaKind};

/// The step the sign-in view's [`SignInSteps`] names; before any step (under
/// the form), the way in without a password.
#[component]
pub fn FurtherStep() -> impl IntoView {
    let SignInSteps {
        step,
        on_step,
        on_restart,
        started,
        ..
    } = expect_context::<SignInSteps>();
    match step.get_untracked() {
        Some(ChallengeKind::NewPassword {
            required_attributes,
        }) => view! { <NewPasswordStep required_attributes on_step on_restart /> }.into_any(),
        Some(ChallengeKind::Code { kind, delivery }) => {
            let first_factor =
                started.get_untracked() == SignInStart::Passwordless && kind != MfaKind::Totp;
            view! { <CodeStep kind delivery on_step on_restart first_factor /> }.into_any()
        }
        Some(ChallengeKind::Choose { factors }) => view! { <ChooseStep factors /> }.into_any(),
        Some(ChallengeKind::Passkey) => view! { <PasskeyStep /> }.into_any(),
        None => view! { <PasswordlessStart /> }.into_any(),
        Some(ChallengeKind::Unsupported(_)) => ().into_any(),
    }
}

/// `NEW_PASSWORD_REQUIRED`: choose a password (and fill in what the pool requires).
#[component]
pub fn NewPasswordStep(
    /// Attribute names the pool requires before the account can be used.
    required_attributes: Vec<String>,
    /// Called with the next step.
    on_step: Callback<SignInStep>,
    /// Called when the step has expired or the user starts again.
    on_restart: Callback<()>,
) -> impl IntoView {
    let auth = use_auth();
    let new_password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let attributes: Vec<(String, RwSignal<String>)> = required_attributes
        .into_iter()
        .map(|name| (name, RwSignal::new(String::new())))
        .collect();
    let answer = Task::new(
        move |(p, c, a): &(Password, String, Vec<(String, String)>)| {
            let (p, c, a) = (p.clone(), c.clone(), a.clone());
            async move {
                follow(
                    auth,
                    auth.complete_new_password(p, c, a).await,
                    on_step,
                    on_restart,
                )
            }
        },
    );
    let fields = attributes
        .iter()
        .map(|(name, value)| {
            let id = format!("attr-{}", name.replace(':', "-"));
            let value = *value;
            view! {
                <div class="field">
                    <label for=id.clone()>{attribute_label(name)}</label>
                    <input id=id.clone() name=id type="text" autocomplete=attribute_autocomplete(name) bind:value=value />
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Choose a new password"</h2>
            <p>"Your account was created with a temporary password. Choose your own to finish signing in."</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                let p = Password::new(new_password.get_untracked());
                let c = confirm.get_untracked();
                new_password.set(String::new());
                confirm.set(String::new());
                let a = attributes.iter().map(|(n, v)| (n.clone(), v.get_untracked())).collect();
                answer.dispatch((p, c, a));
            }>
                <Field label="New password" id="new-password" kind="password" autocomplete="new-password" value=new_password hint=auth.password_policy().hint() />
                <Field label="Confirm new password" id="confirm-new-password" kind="password" autocomplete="new-password" value=confirm />
                {fields}
                <ErrorLine error=last_error(answer) />
                <Submit label="Set password and sign in" busy_label="Signing in…" busy=answer.pending() />
                <button type="button" class="secondary" on:click=move |_| { auth.cancel_sign_in(); on_restart.run(()); }>"Cancel"</button>
            </form>
        </section>
    }
}

/// An MFA challenge: the 6-digit code from an authenticator app, a text
/// message or an email; or, as the first factor of a sign-in without a
/// password, the code sent by email or text message (which can be sent again).
#[component]
pub fn CodeStep(
    /// Where the code comes from.
    kind: MfaKind,
    /// Where it was sent (text message or email).
    delivery: CodeDelivery,
    /// Called with the next step.
    on_step: Callback<SignInStep>,
    /// Called when the step has expired or the user starts again.
    on_restart: Callback<()>,
    /// Is the code the first factor (a sign-in without a password)?
    #[prop(optional)]
    first_factor: bool,
) -> impl IntoView {
    let auth = use_auth();
    let code = RwSignal::new(String::new());
    let answer = Task::new(move |code: &String| {
        let code = code.clone();
        async move {
            follow(
                auth,
                auth.complete_mfa(code, first_factor).await,
                on_step,
                on_restart,
            )
        }
    });
    let explain = match kind {
        MfaKind::Totp => {
            "Enter the 6-digit code your authenticator app shows for this account.".to_owned()
        }
        MfaKind::Sms => format!(
            "Enter the 6-digit code sent by text message to {}.",
            delivery.recipient()
        ),
        MfaKind::Email => format!("Enter the 6-digit code sent to {}.", delivery.recipient()),
    };
    let (heading, explain) = match (first_factor, kind) {
        (true, MfaKind::Sms) => (
            "Enter your code",
            format!(
                "Enter the code sent by text message to {}.",
                delivery.recipient()
            ),
        ),
        (true, _) => (
            "Enter your code",
            format!("Enter the code sent to {}.", delivery.recipient()),
        ),
        (false, _) => ("Two-step verification", explain),
    };
    let again = first_factor.then(|| {
        let factor = if kind == MfaKind::Sms {
            FirstFactor::SmsCode
        } else {
            FirstFactor::EmailCode
        };
        view! { <CodeAgain factor /> }
    });
    view! {
        <section class="card">
            <h2>{heading}</h2>
            <p>{explain}</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                answer.dispatch(code.get_untracked());
            }>
                <Field label="Code" id="mfa-code" autocomplete="one-time-code" value=code />
                <ErrorLine error=last_error(answer) />
                <Submit label="Verify" busy_label="Verifying…" busy=answer.pending() />
                {(!first_factor).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| { auth.cancel_sign_in(); on_restart.run(()); }>"Cancel"</button>
                })}
            </form>
            {again}
            {first_factor.then(|| view! { <CancelSignIn /> })}
        </section>
    }
}
