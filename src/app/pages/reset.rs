//! A page of the app.
use leptos::prelude::*;

use crate::app::task::Task;

use crate::app::router::{A, carried_username, use_navigate, with_username};

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Notice, Submit};
use crate::app::feedback::last_error;
use crate::error::AppError;
use crate::secret::Password;

/// Forgot password: ask for a code by email.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let auth = use_auth();
    auth.load_context_collector();
    let navigate = use_navigate();
    let username = carried_username();
    let notice = auth.take_notice();
    let send = Task::new(move |user: &String| {
        let (user, navigate) = (user.clone(), navigate.clone());
        async move {
            let delivery = auth.forgot_password(user.clone()).await?;
            auth.set_notice(format!("A code was sent to {}.", delivery.recipient()));
            navigate(with_username("/reset-password", &user));
            Ok::<_, AppError>(())
        }
    });
    view! {
        <section class="card">
            <h2>"Forgot your password?"</h2>
            <Notice text=notice />
            <p>"We will email you a code to set a new one."</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                send.dispatch(username.get_untracked());
            }>
                <Field label=auth.sign_in_with().label() id="username" autocomplete=auth.sign_in_with().autocomplete() value=username />
                <ErrorLine error=last_error(send) />
                <Submit label="Send code" busy_label="Sending…" busy=send.pending() />
            </form>
            <p><A href="/signin">"Back to sign in"</A></p>
        </section>
    }
}

/// Set a new password with the emailed code.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let auth = use_auth();
    auth.load_context_collector();
    let navigate = use_navigate();
    let username = carried_username();
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let notice = auth.take_notice();
    let reset = Task::new(
        move |(user, code, new, again): &(String, String, Password, String)| {
            let (user, code, new, again, navigate) = (
                user.clone(),
                code.clone(),
                new.clone(),
                again.clone(),
                navigate.clone(),
            );
            async move {
                auth.reset_password(user.clone(), code, new, again).await?;
                auth.set_notice("Your password is changed. Sign in with the new one.");
                navigate(with_username("/signin", &user));
                Ok::<_, AppError>(())
            }
        },
    );
    view! {
        <section class="card">
            <h2>"Set a new password"</h2>
            <Notice text=notice />
            <form on:submit=move |ev| {
                ev.prevent_default();
                let new = Password::new(password.get_untracked());
                let again = confirm.get_untracked();
                password.set(String::new());
                confirm.set(String::new());
                reset.dispatch((username.get_untracked(), code.get_untracked(), new, again));
            }>
                <Field label=auth.sign_in_with().label() id="username" autocomplete=auth.sign_in_with().autocomplete() value=username />
                <Field label="Verification code" id="code" autocomplete="one-time-code" value=code />
                <Field label="New password" id="new-password" kind="password" autocomplete="new-password" value=password hint=auth.password_policy().hint() />
                <Field label="Confirm new password" id="confirm-new-password" kind="password" autocomplete="new-password" value=confirm />
                <ErrorLine error=last_error(reset) />
                <Submit label="Set new password" busy_label="Saving…" busy=reset.pending() />
            </form>
            <p><A href="/forgot-password">"Send a new code"</A> " · " <A href="/signin">"Back to sign in"</A></p>
        </section>
    }
}
