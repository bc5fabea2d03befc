//! A page of the app.
use leptos::prelude::*;

use crate::app::effect::effect;

use crate::app::task::Task;

use crate::app::router::use_navigate;

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Notice, Submit};
use crate::app::feedback::last_error;
use crate::app::loaded::Loaded;
use crate::app::pages::devices::Devices;
use crate::app::pages::passkeys::Passkeys;
use crate::app::pages::two_step::TwoStep;
use crate::error::AppError;
use crate::secret::Password;
use crate::web::clock::local_time;

/// Who am I: the ID token's claims, the profile (name, address), password
/// change, and signing out on every device.
#[component]
pub fn Account() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let notice = auth.take_notice();

    let claims = move || {
        auth.session().map(|s| {
            s.claims()
                .iter()
                .map(|(name, value)| {
                    let shown = match (name, value.as_i64()) {
                        ("exp" | "iat" | "auth_time", Some(t)) => local_time(t),
                        _ => value
                            .as_str()
                            .map_or_else(|| value.to_string(), str::to_owned),
                    };
                    view! { <tr><th scope="row">{name.to_owned()}</th><td>{shown}</td></tr> }
                })
                .collect_view()
        })
    };

    // The profile, from GetUser.
    let user = Loaded::new(move || auth.user());
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    effect(move || {
        if let Some(Ok(u)) = user.get() {
            let attr = |n: &str| {
                u.user_attributes
                    .iter()
                    .find(|a| a.name == n)
                    .map(|a| a.value.clone())
            };
            name.set(attr("name").unwrap_or_default());
            address.set(attr("address").unwrap_or_default());
        }
    });
    let email = move || {
        user.get()
            .and_then(Result::ok)
            .and_then(|u| u.user_attributes.into_iter().find(|a| a.name == "email"))
            .map(|a| a.value)
    };
    let save = Task::new(move |(n, a): &(String, String)| {
        let (n, a) = (n.clone(), a.clone());
        async move {
            auth.update_profile(n, a).await?;
            user.reload();
            Ok::<_, AppError>(())
        }
    });
    let saved = move || {
        save.value()
            .get()
            .and_then(Result::ok)
            .map(|()| view! { <p class="notice" role="status">"Saved."</p> })
    };
    let profile_error = Signal::derive(move || {
        let load = user.get().and_then(Result::err).map(|e| e.to_string());
        last_error(save).get().or(load)
    });

    // Two-step verification.
    let totp_on = Signal::derive(move || {
        user.get().and_then(Result::ok).map(|u| {
            u.user_mfa_setting_list
                .iter()
                .any(|m| m == "SOFTWARE_TOKEN_MFA")
        })
    });
    let account_name = Signal::derive(move || {
        email()
            .or_else(|| auth.session().map(|s| s.user.to_string()))
            .unwrap_or_default()
    });
    let reload_user = Callback::new(move |()| user.reload());

    // Password change.
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let change = Task::new(move |(c, n, k): &(Password, Password, String)| {
        auth.change_password(c.clone(), n.clone(), k.clone())
    });
    let changed = move || {
        change
            .value()
            .get()
            .and_then(Result::ok)
            .map(|()| view! { <p class="notice" role="status">"Your password is changed."</p> })
    };

    let forget_devices = RwSignal::new(false);
    let everywhere = Task::new(move |(): &()| {
        let navigate = navigate.clone();
        async move {
            let result = auth
                .sign_out_everywhere(forget_devices.get_untracked())
                .await;
            if matches!(&result, Err(e) if auth.signed_in_untracked() && !matches!(e, AppError::SignedOutHereOnly(_)))
            {
                // A device could not be forgotten: still signed in, the sentence stays here.
                return result;
            }
            auth.set_notice(match &result {
                Ok(()) => "You are signed out on every device.".to_owned(),
                Err(e) => e.to_string(),
            });
            navigate("/signin");
            result
        }
    });

    view! {
        <section class="card">
            <h2>"Your account"</h2>
            <Notice text=notice />
            <h3>"Who you are (ID token claims)"</h3>
            <table class="claims"><tbody>{claims}</tbody></table>
        </section>
        <section class="card">
            <h3>"Profile"</h3>
            <p>"Email: " <span id="profile-email">{email}</span></p>
            {move || user.get().and_then(Result::err).map(|_| view! {
                <button type="button" class="secondary" on:click=move |_| user.reload()>"Try again"</button>
            })}
            <form on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch((name.get_untracked(), address.get_untracked()));
            }>
                <Field label="Name" id="name" autocomplete="name" value=name required=false />
                <Field label="Address" id="address" autocomplete="street-address" value=address required=false />
                <ErrorLine error=profile_error />
                {saved}
                <Submit label="Save profile" busy_label="Saving…" busy=save.pending() />
            </form>
        </section>
        <TwoStep enabled=totp_on account=account_name on_change=reload_user />
        <Devices />
        {auth.passwordless_enabled().then(|| view! { <Passkeys /> })}
        <section class="card">
            <h3>"Change password"</h3>
            <form on:submit=move |ev| {
                ev.prevent_default();
                let (c, n) = (Password::new(current.get_untracked()), Password::new(new_password.get_untracked()));
                let k = confirm.get_untracked();
                current.set(String::new());
                new_password.set(String::new());
                confirm.set(String::new());
                change.dispatch((c, n, k));
            }>
                <Field label="Current password" id="current-password" kind="password" autocomplete="current-password" value=current />
                <Field label="New password" id="new-password" kind="password" autocomplete="new-password" value=new_password hint=auth.password_policy().hint() />
                <Field label="Confirm new password" id="confirm-new-password" kind="password" autocomplete="new-password" value=confirm />
                <ErrorLine error=last_error(change) />
                {changed}
                <Submit label="Change password" busy_label="Changing…" busy=change.pending() />
            </form>
        </section>
        <section class="card">
            <h3>"Sign out everywhere"</h3>
            <p>"Ends your sessions on every device and browser, this one included."</p>
            <div class="check">
                <input type="checkbox" id="forget-devices" bind:checked=forget_devices />
                <label for="forget-devices">"Also forget every device of your account (remembered devices ask for the two-step code again)"</label>
            </div>
            <ErrorLine error=last_error(everywhere) />
            <button type="button" class="secondary" disabled=move || everywhere.pending().get()
                on:click=move |_| { everywhere.dispatch(()); }>
                "Sign out everywhere"
            </button>
        </section>
    }
}
