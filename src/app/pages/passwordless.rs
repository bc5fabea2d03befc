//! Signing in without a password, in the sign-in view: the button under the
//! form that starts it, the choice of ways Cognito offers for the account, the
//! passkey's step, and the buttons that start again (a new code, another way).
//! Shown from the sign-in's module ([`crate::app::auth::passwordless`]).
use leptos::prelude::*;

use crate::app::auth::sign_in::{self, SignInStart, SignInSteps};
use crate::app::auth::{Auth, SignInStep, use_auth};
use crate::app::components::{ErrorLine, Field, Submit};
use crate::app::feedback::last_error;
use crate::app::task::Task;
use crate::error::AppError;
use crate::secret::Password;
use crate::user_pool::FirstFactor;

/// Under the sign-in form, where the pool signs in without a password:
/// "Continue without a password" with the account name typed above (the way
/// this browser used last is asked for first).
#[component]
pub fn PasswordlessStart() -> impl IntoView {
    let auth = use_auth();
    let steps = expect_context::<SignInSteps>();
    // The form is shown: no sign-in without a password is under way.
    steps.started.set(SignInStart::Form);
    if !auth.passwordless_enabled() {
        return ().into_any();
    }
    view! {
        <div class="passwordless">
            <p class="muted">"Or without a password: with a passkey, or a code we send you."</p>
            <StartAgain label="Continue without a password" busy_label="Starting…"
                preferred=auth.remembered_factor() steps />
        </div>
    }
    .into_any()
}

/// `SELECT_CHALLENGE`: one button for each way Cognito offers this account
/// (the password asks for it, then goes on by SRP).
#[component]
pub fn ChooseStep(
    /// The ways offered, as Cognito listed them.
    factors: Vec<FirstFactor>,
) -> impl IntoView {
    let auth = use_auth();
    let steps = expect_context::<SignInSteps>();
    let choose = Task::new(move |factor: &FirstFactor| {
        let factor = factor.clone();
        async move { follow(auth, steps, auth.choose_factor(factor).await, false) }
    });
    let password = RwSignal::new(String::new());
    let asking_password = RwSignal::new(false);
    let with_password = Task::new(move |pass: &Password| {
        let pass = pass.clone();
        // From here on it is a password sign-in: a code step is a second factor.
        async move { follow(auth, steps, auth.choose_password(pass).await, true) }
    });
    let offers_password = factors
        .iter()
        .any(|f| matches!(f, FirstFactor::PasswordSrp | FirstFactor::Password));
    let busy = Signal::derive(move || choose.pending().get() || with_password.pending().get());
    let buttons = factors
        .into_iter()
        .filter_map(|factor| {
            let label = match factor {
                FirstFactor::Passkey => "Use a passkey",
                FirstFactor::EmailCode => "Email me a code",
                FirstFactor::SmsCode => "Text me a code",
                // The password has its own button; names this app does not know are left out.
                _ => return None,
            };
            Some(view! {
                <button type="button" disabled=move || busy.get()
                    on:click=move |_| choose.dispatch(factor.clone())>{label}</button>
            })
        })
        .collect_view();
    let error = Signal::derive(move || {
        last_error(choose)
            .get()
            .or_else(|| last_error(with_password).get())
    });
    view! {
        <section class="card">
            <h2>"How do you want to continue?"</h2>
            <div class="row choices">
                {buttons}
                {offers_password.then(|| view! {
                    <button type="button" class="secondary" disabled=move || busy.get()
                        on:click=move |_| asking_password.set(true)>"Use my password"</button>
                })}
            </div>
            {move || asking_password.get().then(|| view! {
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    // The password leaves the signal (and the DOM) as soon as it is used.
                    let pass = Password::new(password.get_untracked());
                    password.set(String::new());
                    with_password.dispatch(pass);
                }>
                    <Field label="Password" id="choice-password" kind="password" autocomplete="current-password" value=password />
                    <Submit label="Continue" busy_label="Checking…" busy=with_password.pending() />
                </form>
            })}
            <ErrorLine error=error />
            <CancelSignIn />
        </section>
    }
}

/// `WEB_AUTHN`: the browser's passkey prompt, opened as the step is shown;
/// if it ends without a passkey, try again or choose another way.
#[component]
pub fn PasskeyStep() -> impl IntoView {
    let auth = use_auth();
    let steps = expect_context::<SignInSteps>();
    let answer =
        Task::new(
            move |(): &()| async move { follow(auth, steps, auth.answer_passkey().await, false) },
        );
    answer.dispatch(());
    view! {
        <section class="card">
            <h2>"Use your passkey"</h2>
            <p>"Your browser asks for your passkey: confirm with your fingerprint, face, screen lock or security key."</p>
            {move || answer.pending().get().then(|| view! {
                <p class="muted" role="status">"Waiting for your passkey…"</p>
            })}
            <ErrorLine error=last_error(answer) />
            {move || (!answer.pending().get() && last_error(answer).get().is_some()).then(|| view! {
                <div class="row">
                    <StartAgain label="Try the passkey again" busy_label="Starting…"
                        preferred=Some(FirstFactor::Passkey) steps />
                    <StartAgain label="Choose another way" busy_label="Starting…" preferred=None steps />
                </div>
            })}
            <CancelSignIn />
        </section>
    }
}

/// For a code sent as the first factor: send a new one, or choose another way.
#[component]
pub fn CodeAgain(
    /// The factor that sent the code (by email or text message).
    factor: FirstFactor,
) -> impl IntoView {
    let steps = expect_context::<SignInSteps>();
    view! {
        <div class="row">
            <StartAgain label="Send a new code" busy_label="Sending…" preferred=Some(factor) steps />
            <StartAgain label="Choose another way" busy_label="Starting…" preferred=None steps />
        </div>
    }
}

/// A button that starts the sign-in without a password again, for the name
/// typed in the form, asking for `preferred` (or for the choice).
#[component]
fn StartAgain(
    label: &'static str,
    busy_label: &'static str,
    preferred: Option<FirstFactor>,
    steps: SignInSteps,
) -> impl IntoView {
    let auth = use_auth();
    let start = Task::new(move |preferred: &Option<FirstFactor>| {
        let (preferred, username) = (preferred.clone(), steps.username.get_untracked());
        async move {
            let step = auth.start_passwordless(username, preferred).await?;
            steps.started.set(SignInStart::Passwordless);
            steps.on_step.run(step);
            Ok::<_, AppError>(())
        }
    });
    let busy = start.pending();
    view! {
        <button type="button" class="secondary" disabled=move || busy.get() aria-busy=move || busy.get().to_string()
            on:click=move |_| start.dispatch(preferred.clone())>
            {move || if busy.get() { busy_label } else { label }}
        </button>
        <ErrorLine error=last_error(start) />
    }
}

/// Back to the sign-in form, forgetting the sign-in under way.
#[component]
pub fn CancelSignIn() -> impl IntoView {
    let auth = use_auth();
    let steps = expect_context::<SignInSteps>();
    view! {
        <button type="button" class="secondary" on:click=move |_| {
            steps.started.set(SignInStart::Form);
            auth.cancel_sign_in();
            steps.on_restart.run(());
        }>"Cancel"</button>
    }
}

/// Passes the next step on (`by_password`: the password was chosen, so a code
/// step after it is a second factor); an expired step sends the user back to
/// the form with the reason.
fn follow(
    auth: Auth,
    steps: SignInSteps,
    result: Result<SignInStep, AppError>,
    by_password: bool,
) -> Result<(), AppError> {
    if by_password && result.is_ok() {
        steps.started.set(SignInStart::PasswordChosen);
    }
    sign_in::follow(auth, result, steps.on_step, steps.on_restart)
}
