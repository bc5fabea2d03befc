//! A page of the app.
use leptos::prelude::*;

use crate::app::task::Task;

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Notice, Submit};
use crate::app::feedback::last_error;
use crate::error::AppError;
use crate::forms::SignInWith;
use crate::s3::{ListPage, SHARED_FOLDER, human_size};
use crate::web::clock::local_time;

/// A page of a listing as shown, with the token it was fetched with.
#[derive(Clone)]
struct Shown {
    bucket: String,
    prefix: String,
    token: Option<String>,
    page: ListPage,
}

/// Which keys to list: a prefix as typed, or the user's own folder (its name,
/// the identity id, comes from the identity pool).
#[derive(Clone)]
enum Folder {
    Prefix(String),
    Own,
}

/// Signed in (or a guest, where allowed): who you are, and the objects of a
/// bucket. Opens on the shared folder, the one every user and guest may list.
#[component]
pub fn Objects() -> impl IntoView {
    let auth = use_auth();
    let bucket = RwSignal::new(auth.config().bucket);
    let prefix = RwSignal::new(SHARED_FOLDER.to_owned());
    let notice = auth.take_notice();
    let shown = RwSignal::new(None::<Shown>);
    // Tokens of the pages before the one shown, for "Previous page".
    let previous = RwSignal::new(Vec::<Option<String>>::new());
    // Only the listing asked for last is shown, whichever answer comes first.
    let asked = StoredValue::new(0_u32);

    let list = Task::new(
        move |(name, folder, token): &(String, Folder, Option<String>)| {
            let (name, folder, token) = (name.clone(), folder.clone(), token.clone());
            let ask = asked.get_value();
            async move {
                let (folder, own) = match folder {
                    Folder::Prefix(p) => (p, false),
                    Folder::Own => (auth.own_folder().await?, true),
                };
                let page = auth
                    .list(name.clone(), folder.clone(), token.clone())
                    .await?;
                if asked.try_get_value() == Some(ask) {
                    // A typed prefix is in the field already (and may have been
                    // edited since); the own folder's name is known only now.
                    if own {
                        prefix.set(folder.clone());
                    }
                    shown.set(Some(Shown {
                        bucket: name,
                        prefix: folder,
                        token,
                        page,
                    }));
                }
                Ok::<_, AppError>(())
            }
        },
    );
    let dispatch = move |input: (String, Folder, Option<String>)| {
        asked.update_value(|n| *n = n.wrapping_add(1));
        list.dispatch(input);
    };
    let error = last_error(list);
    let busy = list.pending();
    let open = move |folder: Folder| {
        if let Folder::Prefix(p) = &folder {
            prefix.set(p.clone());
        }
        previous.set(Vec::new());
        dispatch((bucket.get_untracked(), folder, None));
    };
    open(Folder::Prefix(SHARED_FOLDER.to_owned()));

    let next_page = move |_| {
        if let Some(s) = shown.get_untracked() {
            previous.update(|p| p.push(s.token));
            dispatch((
                s.bucket,
                Folder::Prefix(s.prefix),
                s.page.next_continuation_token,
            ));
        }
    };
    let previous_page = move |_| {
        if let (Some(s), Some(token)) = (
            shown.get_untracked(),
            previous.try_update(Vec::pop).flatten(),
        ) {
            dispatch((s.bucket, Folder::Prefix(s.prefix), token));
        }
    };

    let by_username = auth.sign_in_with() == SignInWith::Username;
    let who = move || {
        auth.session().map(|s| {
            let claims = s.claims();
            let name = claims
                .string("cognito:username")
                .unwrap_or(s.user.as_str())
                .to_owned();
            let email = claims.string("email").unwrap_or("").to_owned();
            view! {
                <dl class="who">
                    {by_username.then(|| view! { <dt>"Username"</dt><dd id="who-username">{name}</dd> })}
                    <dt>"Email"</dt><dd id="who-email">{email}</dd>
                    <dt>"Session valid until"</dt><dd>{local_time(s.expires_at_local())}</dd>
                </dl>
            }
        })
    };

    let table = move || {
        shown.get().map(|s| {
            let count = s.page.objects.len();
            let page_no = previous.with(Vec::len) + 1;
            let has_next = s.page.next_continuation_token.is_some();
            view! {
                <p class="muted" role="status">
                    {format!("Page {page_no}: {count} object{} in {}", if count == 1 { "" } else { "s" }, s.bucket)}
                </p>
                <table class="objects">
                    <thead>
                        <tr><th scope="col">"Key"</th><th scope="col">"Size"</th><th scope="col">"Last modified"</th></tr>
                    </thead>
                    <tbody>
                        {s.page.objects.into_iter().map(|o| view! {
                            <tr><td class="key">{o.key.to_string()}</td><td>{human_size(o.size)}</td><td>{o.last_modified}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <div class="row">
                    <button type="button" class="secondary" on:click=previous_page
                        disabled=move || previous.with(Vec::is_empty) || busy.get()>
                        "Previous page"
                    </button>
                    <button type="button" class="secondary" on:click=next_page disabled=move || !has_next || busy.get()>
                        "Next page"
                    </button>
                </div>
            }
        })
    };

    let guest_card = move || {
        view! {
            <section class="card">
                <h2>"Browsing as a guest"</h2>
                <p class="muted">"Guests may see the shared files. Sign in for your own folder."</p>
            </section>
        }
    };
    let user_card = move || {
        view! {
            <section class="card">
                <h2>"Signed in"</h2>
                <Notice text=notice.clone() />
                {who}
            </section>
        }
    };
    view! {
        // A guest who signs in (in another tab) sees who they are at once.
        {move || if auth.signed_in() { user_card().into_any() } else { guest_card().into_any() }}
        <section class="card">
            <h2>"Objects"</h2>
            <div class="row folders">
                <button type="button" class="secondary" on:click=move |_| open(Folder::Prefix(SHARED_FOLDER.to_owned()))>
                    "Shared files"
                </button>
                {move || auth.signed_in().then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| open(Folder::Own)>"My files"</button>
                })}
            </div>
            <form on:submit=move |ev| {
                ev.prevent_default();
                open(Folder::Prefix(prefix.get_untracked()));
            }>
                <Field label="Bucket" id="bucket" value=bucket />
                <Field label="Prefix" id="prefix" value=prefix required=false hint="Only keys that start with this, e.g. public/docs/" />
                <ErrorLine error=error />
                <Submit label="List objects" busy_label="Listing…" busy=busy />
            </form>
            {table}
        </section>
    }
}
