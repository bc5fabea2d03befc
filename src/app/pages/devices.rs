//! The account view's devices: each device Cognito tracks for the user, which
//! one is this browser, remembered or not; forget one, or change whether it is
//! remembered.
use leptos::prelude::*;

use crate::app::auth::use_auth;
use crate::app::components::ErrorLine;
use crate::app::feedback::last_error;
use crate::app::loaded::Loaded;
use crate::app::task::Task;
use crate::error::AppError;
use crate::web::clock::local_time;

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
