//! The account view's passkeys: the list (name, when added, what kind of
//! authenticator; by pages), "Add a passkey" once the user has shown it is
//! them, and "Remove" with a second question. The flows are
//! [`crate::app::auth::passkeys`].
use leptos::prelude::*;

use crate::app::auth::use_auth;
use crate::app::components::ErrorLine;
use crate::app::feedback::last_error;
use crate::app::loaded::Loaded;
use crate::app::pages::reauth::ProveItIsYou;
use crate::app::task::Task;
use crate::error::AppError;
use crate::user_pool::{Passkey, PasskeyId};
use crate::web::clock::{self, local_time};

/// For this long after showing it is them, the user may add another passkey
/// (after a cancelled prompt, say) without showing it again (seconds).
const PROOF_LASTS: i64 = 300;

/// The user's passkeys.
#[component]
pub fn Passkeys() -> impl IntoView {
    let auth = use_auth();
    // Where the page shown starts (`None`: the first page).
    let page_token = RwSignal::new(None::<String>);
    let list = Loaded::new(move || auth.passkeys(page_token.get()));
    // The passkey whose removal is being confirmed.
    let confirming = RwSignal::new(None::<PasskeyId>);
    let remove = Task::new(move |id: &PasskeyId| {
        let id = id.clone();
        async move {
            auth.remove_passkey(id).await?;
            confirming.set(None);
            list.reload();
            Ok::<_, AppError>(())
        }
    });
    let add = Task::new(move |(): &()| async move {
        auth.add_passkey().await?;
        list.reload();
        Ok::<_, AppError>(())
    });
    // Adding asks the user to show it is them first (a session left open is not enough).
    let proving = RwSignal::new(false);
    let proven_at = StoredValue::new(None::<i64>);
    let start_adding = move |_| {
        let recent = proven_at
            .get_value()
            .is_some_and(|at| clock::now_seconds() - at < PROOF_LASTS);
        if recent {
            add.dispatch(());
        } else {
            proving.set(true);
        }
    };
    let on_proven = Callback::new(move |()| {
        proven_at.set_value(Some(clock::now_seconds()));
        proving.set(false);
        add.dispatch(());
    });
    let on_cancel = Callback::new(move |()| proving.set(false));
    let added = move || {
        add.value()
            .get()
            .and_then(Result::ok)
            .map(|()| view! { <p class="notice" role="status">"Your passkey is added."</p> })
    };
    let error = Signal::derive(move || last_error(add).get().or_else(|| last_error(remove).get()));

    let row = move |p: Passkey| {
        let kind = p.kind().label();
        let created = p.created_at.map(local_time).unwrap_or_default();
        let name = if p.name.is_empty() {
            "Passkey".to_owned()
        } else {
            p.name
        };
        let id = p.id;
        let actions = move || {
            let (ask, yes) = (id.clone(), id.clone());
            if confirming.get().as_ref() == Some(&id) {
                view! {
                    <span>"Remove it? It will no longer sign you in. "</span>
                    <button type="button" disabled=move || remove.pending().get()
                        on:click=move |_| remove.dispatch(yes.clone())>"Yes, remove it"</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>"Keep it"</button>
                }
                .into_any()
            } else {
                view! {
                    <button type="button" class="secondary"
                        on:click=move |_| confirming.set(Some(ask.clone()))>"Remove"</button>
                }
                .into_any()
            }
        };
        view! {
            <tr>
                <td>{name}</td>
                <td>{created}</td>
                <td>{kind}</td>
                <td>{actions}</td>
            </tr>
        }
    };
    let shown = move || {
        list.get().map(|loaded| match loaded {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(page) if page.passkeys.is_empty() && page_token.get().is_none() => {
                view! { <p class="muted" id="no-passkeys">"You have no passkey yet."</p> }.into_any()
            }
            Ok(page) => {
                let next = page.next_token.clone();
                view! {
                    <table class="passkeys">
                        <thead><tr><th scope="col">"Passkey"</th><th scope="col">"Added"</th><th scope="col">"Kind"</th><th scope="col"></th></tr></thead>
                        <tbody>{page.passkeys.into_iter().map(row).collect_view()}</tbody>
                    </table>
                    <div class="row">
                        {page_token.get().is_some().then(|| view! {
                            <button type="button" class="secondary" on:click=move |_| page_token.set(None)>"First page"</button>
                        })}
                        {next.map(|token| view! {
                            <button type="button" class="secondary" on:click=move |_| page_token.set(Some(token.clone()))>"Next page"</button>
                        })}
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="card">
            <h3>"Passkeys"</h3>
            <p class="muted">"A passkey signs you in without a password: your fingerprint, face, screen lock or security key confirms it is you."</p>
            {shown}
            {move || if proving.get() {
                view! { <ProveItIsYou why="To add a passkey," on_proven on_cancel /> }.into_any()
            } else {
                view! {
                    <button type="button" disabled=move || add.pending().get() on:click=start_adding>
                        {move || if add.pending().get() { "Waiting for your passkey…" } else { "Add a passkey" }}
                    </button>
                }
                .into_any()
            }}
            {added}
            <ErrorLine error=error />
        </section>
    }
}
