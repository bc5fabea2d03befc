//! The account view's devices: each device Cognito tracks for the user, which
//! one is this browser, remembered or not; forget one, or change whether it is
//! remembered.
use leptos::prelude::*;

use crate::app::auth::use_auth;
use crate::app::components::ErrorLine;
use crate::app::feedback::last_error;
use crate::app::loaded::Loaded;
use crate::app::router::use_navigate;
use crate::app::task::Task;
use crate::error::AppError;
use crate::web::clock::local_time;

/// "Remember this device?", asked after a sign-in from a new device when the
/// pool leaves it to the user; either answer goes on to the objects.
#[component]
pub fn RememberDevice() -> impl IntoView {
    let auth = use_auth();
    let to_objects = use_navigate();
    let remember = Task::new(move |remembered: &bool| {
        let (remembered, to_objects) = (*remembered, to_objects.clone());
        async move {
            auth.remember_this_device(remembered).await?;
            to_objects("/objects");
            Ok::<_, AppError>(())
        }
    });
    let busy = remember.pending();
    view! {
        <section class="card">
            <h2>"Remember this device?"</h2>
            <p>"A remembered device signs in without the code of your authenticator app. Remember only a device that is yours."</p>
            <ErrorLine error=last_error(remember) />
            <div class="row">
                <button type="button" on:click=move |_| remember.dispatch(true) disabled=move || busy.get()>
                    "Remember this device"
                </button>
                <button type="button" class="secondary" on:click=move |_| remember.dispatch(false) disabled=move || busy.get()>
                    "Don't remember"
                </button>
            </div>
        </section>
    }
}

/// What a button of the list does to a device.
#[derive(Clone)]
enum Change {
    Forget(String),
    Remember(String, bool),
}

/// The user's devices (`ListDevices`), with forget and remember buttons.
#[component]
pub fn Devices() -> impl IntoView {
    let auth = use_auth();
    let devices = Loaded::new(move || auth.devices());
    let change = Task::new(move |change: &Change| {
        let change = change.clone();
        async move {
            match change {
                Change::Forget(key) => auth.forget_device(key).await?,
                Change::Remember(key, on) => auth.set_device_remembered(key, on).await?,
            }
            devices.reload();
            Ok::<_, AppError>(())
        }
    });
    let busy = change.pending();
    let this = auth.this_device_key();
    let list = move || {
        devices.get().map(|loaded| match loaded {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(list) if list.is_empty() => {
                view! { <p class="muted" id="no-devices">"No device is remembered or tracked."</p> }.into_any()
            }
            Ok(list) => view! {
                <table class="devices">
                    <thead><tr><th scope="col">"Device"</th><th scope="col">"Last sign-in"</th><th scope="col">"Status"</th><th scope="col"></th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|d| {
                            let here = this.as_deref() == Some(d.key.as_str());
                            let (forget, toggle) = (d.key.clone(), d.key.clone());
                            let remembered = d.remembered;
                            view! {
                                <tr>
                                    <td>{d.name}{here.then_some(" (this browser)")}</td>
                                    <td>{d.last_used.map(local_time).unwrap_or_default()}</td>
                                    <td>{if remembered { "Remembered" } else { "Not remembered" }}</td>
                                    <td>
                                        <button type="button" class="secondary" disabled=move || busy.get()
                                            on:click=move |_| change.dispatch(Change::Remember(toggle.clone(), !remembered))>
                                            {if remembered { "Stop remembering" } else { "Remember" }}
                                        </button>
                                        " "
                                        <button type="button" class="secondary" disabled=move || busy.get()
                                            on:click=move |_| change.dispatch(Change::Forget(forget.clone()))>
                                            "Forget"
                                        </button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        })
    };
    view! {
        <section class="card">
            <h3>"Devices"</h3>
            <p class="muted">"A remembered device signs in without a code from your authenticator app."</p>
            {list}
            <ErrorLine error=last_error(change) />
        </section>
    }
}
