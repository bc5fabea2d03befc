//! The sign-in view: the form is in the first module (it is the first view of
//! most visits); what happens when it is sent, SRP included, is the sign-in's
//! module ([`crate::app::auth::sign_in`]), fetched as soon as the form is
//! shown, and the further steps (new password, code) are shown from there, as
//! are the other ways in under the form (without a password, when the pool
//! has one; the hosted sign-in page; the shared files for guests).
use leptos::prelude::*;

use crate::app::effect::effect;

use super::{Callback, FurtherStep, NotFound, OtherWaysIn, RememberDevice};
use crate::app::lazy::{lazy_page, lazy_part, lazy_view};
use crate::app::nav::links::Nav;

// The module of the further steps and the other ways in (`signin_more`), fetched
// once the sign-in's own module is there (a part of a view does not share the
// line with it: `lazy_part`): the views shown from this one, and the routes'
// pages that only come there (one entry into it: each entry costs the first
// module its own wrapper, preload and loader).
lazy_page!(signin_more, signin_more_page, signin_more_preload {
    /// The hosted sign-in's `/callback` (the app's route).
    0 => pub(crate) CALLBACK = Callback,
    /// An unknown address: rare, so not in the first module.
    1 => pub(crate) NOT_FOUND = NotFound,
    /// The top bar's navigation (`crate::app::nav`).
    2 => pub(crate) NAV = Nav,
    /// "Remember this device?" after a sign-in from a new device.
    3 => REMEMBER_DEVICE = RememberDevice,
    /// A further step of a sign-in (new password, code, passkey, a choice);
    /// under the form, before any step, the other ways in (without a password).
    4 => FURTHER_STEP = FurtherStep,
    /// The hosted sign-in page's buttons and the guests' link, under the form.
    5 => OTHER_WAYS_IN = OtherWaysIn,
});

use crate::app::router::{A, carried_username, use_navigate, with_username};

use crate::app::auth::sign_in::{self, SignInOutcome, SignInStart, SignInSteps};
use crate::app::auth::{SignInStep, use_auth};
use crate::app::components::{ErrorLine, Field, Submit};
use crate::secret::Password;
use crate::user_pool::ChallengeKind;

/// Sign in: username and password, SRP in the browser.
#[component]
pub fn SignIn() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let username = carried_username();
    let password = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    // A further step Cognito asks for (new password, MFA code), if any.
    let step = RwSignal::new(None::<ChallengeKind>);
    // Signed in from a new device: "Remember this device?" before going on.
    let ask_device = RwSignal::new(false);
    // A sign-in of this view is under way (it goes on to the objects itself):
    // with the password, or without one (its steps come from the further steps' module).
    let signing_in_here = StoredValue::new(false);
    let started = RwSignal::new(SignInStart::Form);
    let here = move || signing_in_here.get_value() || started.get_untracked() != SignInStart::Form;
    // A sign-in that goes on to another view leaves its notice for that view.
    auth.follow_notices(move || !here(), move |text| notice.set(Some(text)));
    let to_objects = navigate.clone();
    let on_step = Callback::new(move |next: SignInStep| match next {
        SignInStep::Done => to_objects("/objects"),
        SignInStep::AskToRememberDevice => ask_device.set(true),
        SignInStep::Needs(kind) => step.set(Some(kind)),
    });
    let on_restart = Callback::new(move |()| {
        notice.set(auth.take_notice());
        step.set(None);
    });
    provide_context(SignInSteps {
        notice,
        step,
        on_step,
        on_restart,
        username,
        started,
    });
    // The sign-in's module is fetched now, and computes the SRP value A while the user types.
    leptos::task::spawn_local(sign_in::prepare(auth));
    // Signed in (a stored session, once read; or meanwhile, in another tab): on
    // to the objects. A stored session that cannot be read stays here, with its notice.
    let on_to_objects = navigate.clone();
    effect(move || {
        if auth.has_session() && !here() {
            on_to_objects("/objects");
        }
    });

    // What the form's submit does, with plain signals rather than a `Task`:
    // the first module then carries no action machinery (the pages' actions
    // are in their own modules).
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let submit = move |user: String, pass: Password| {
        let navigate = navigate.clone();
        signing_in_here.set_value(true);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let failed = match sign_in::submit(auth, user, pass).await {
                SignInOutcome::Step(next) => {
                    on_step.run(next);
                    None
                }
                // The view is leaving: the notice is the next view's.
                SignInOutcome::GoTo(path, user) => {
                    navigate(with_username(path, &user));
                    None
                }
                SignInOutcome::Failed(sentence) => {
                    signing_in_here.set_value(false);
                    Some(sentence)
                }
            };
            // The view may be gone by now.
            busy.try_set(false);
            error.try_set(failed);
        });
    };

    let password_form = move || {
        let submit = submit.clone();
        view! {
            <section class="card">
                <h2>"Sign in"</h2>
                {move || notice.get().map(|t| view! { <p class="notice" role="status">{t}</p> })}
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    // The password leaves the signal (and the DOM) as soon as it is used.
                    let pass = Password::new(password.get_untracked());
                    password.set(String::new());
                    submit(username.get_untracked(), pass);
                }>
                    <Field label=auth.sign_in_with().label() id="username" autocomplete=auth.sign_in_with().autocomplete() value=username />
                    <Field label="Password" id="password" kind="password" autocomplete="current-password" value=password />
                    <ErrorLine error=error />
                    <Submit label="Sign in" busy_label="Signing in…" busy=busy />
                </form>
                {lazy_part(FURTHER_STEP)}
                <p><A href="/forgot-password">"Forgot your password?"</A> " · " "No account yet? " <A href="/register">"Register"</A> " · " <A href="/verify">"Enter a verification code"</A></p>
                {lazy_part(OTHER_WAYS_IN)}
            </section>
        }
    };
    move || match step.get() {
        _ if ask_device.get() => lazy_view(REMEMBER_DEVICE),
        None | Some(ChallengeKind::Unsupported(_)) => password_form().into_any(),
        Some(_) => lazy_view(FURTHER_STEP),
    }
}
