//! A page of the app.
use leptos::prelude::*;

use crate::app::task::Task;

use crate::app::router::{A, use_navigate, with_username};

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Submit};
use crate::app::feedback::last_error;
use crate::app::pages::sign_up_passwordless::{ConfirmWithoutPassword, OfferPasskey};
use crate::error::AppError;
use crate::forms::Registration;
use crate::forms::SignInWith;
use crate::secret::Password;

/// Register: email, username (unless the email names the account), password
/// twice (or, where the pool signs in without one, no password), optional
/// name and address.
#[component]
pub fn Register() -> impl IntoView {
    let auth = use_auth();
    auth.load_context_collector();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    // Without a password: the code is entered here, and signs the user in.
    let passwordless = auth.passwordless_enabled();
    let without_password = RwSignal::new(false);
    let pending = RwSignal::new(None);
    let signed_in = RwSignal::new(false);

    let register = Task::new(move |form: &Registration| {
        let (form, navigate) = (form.clone(), navigate.clone());
        async move {
            if without_password.get_untracked() {
                pending.set(Some(auth.register_without_password(form).await?));
                return Ok(());
            }
            let result = auth.register(form).await;
            // Sent (not stopped by the form's own checks): the passwords leave the
            // page's fields, whatever the answer.
            if !matches!(result, Err(AppError::Form(_))) {
                password.set(String::new());
                confirm.set(String::new());
            }
            navigate(with_username("/verify", &result?));
            Ok::<_, AppError>(())
        }
    });
    let error = last_error(register);

    let form = move || {
        view! {
        <section class="card">
            <h2>"Create an account"</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                register.dispatch(Registration {
                    email: email.get_untracked(),
                    username: username.get_untracked(),
                    password: Password::new(password.get_untracked()),
                    confirm_password: Password::new(confirm.get_untracked()),
                    name: name.get_untracked(),
                    address: address.get_untracked(),
                });
            }>
                <Field label="Email" id="email" kind="email" autocomplete="email" value=email />
                {(auth.sign_in_with() == SignInWith::Username).then(|| view! {
                    <Field label="Username" id="username" autocomplete="username" value=username />
                })}
                {passwordless.then(|| view! {
                    <div class="check">
                        <input type="checkbox" id="without-password" bind:checked=without_password />
                        <label for="without-password">"No password: sign in with a passkey or a code we send you"</label>
                    </div>
                })}
                {move || (!without_password.get()).then(|| view! {
                    <Field label="Password" id="password" kind="password" autocomplete="new-password" value=password hint=auth.password_policy().hint() />
                    <Field label="Confirm password" id="confirm-password" kind="password" autocomplete="new-password" value=confirm />
                })}
                <Field label="Name" id="name" autocomplete="name" value=name required=false />
                <Field label="Address" id="address" autocomplete="street-address" value=address required=false />
                <ErrorLine error=error />
                <Submit label="Register" busy_label="Registering…" busy=register.pending() />
            </form>
            <p>"Already registered? " <A href="/signin">"Sign in"</A> " · " <A href="/verify">"Enter a verification code"</A></p>
        </section>
        }
    };
    move || {
        match pending.get() {
        None => form().into_any(),
        Some(_) if signed_in.get() => view! { <OfferPasskey /> }.into_any(),
        Some(p) => view! { <ConfirmWithoutPassword pending=p on_signed_in=Callback::new(move |()| signed_in.set(true)) /> }.into_any(),
    }
    }
}
