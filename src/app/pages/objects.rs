//! A page of the app.
use leptos::prelude::*;

use crate::app::task::Task;

use crate::app::router::{A, use_navigate};

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Notice, Submit};
use crate::app::feedback::last_error;
use crate::config::SignInWith;
use crate::error::AppError;
use crate::s3::{ListPage, human_size};
use crate::web::clock::local_time;

/// A page of a listing as shown, with the token it was fetched with.
#[derive(Clone)]
struct Shown {
    bucket: String,
    prefix: String,
    token: Option<String>,
    page: ListPage,
}

/// Signed in: who you are, and the objects of a bucket.
#[component]
pub fn Objects() -> impl IntoView {
    let auth = use_auth();
    let navigate = use_navigate();
    let bucket = RwSignal::new(auth.config().bucket);
    let prefix = RwSignal::new(String::new());
    let notice = auth.take_notice();
    let shown = RwSignal::new(None::<Shown>);
    // Tokens of the pages before the one shown, for "Previous page".
    let previous = RwSignal::new(Vec::<Option<String>>::new());

    let list = Task::new(
        move |(name, prefix, token): &(String, String, Option<String>)| {
            let (name, prefix, token) = (name.clone(), prefix.clone(), token.clone());
            async move {
                let page = auth
                    .list(name.clone(), prefix.clone(), token.clone())
                    .await?;
                shown.set(Some(Shown {
                    bucket: name,
                    prefix,
                    token,
                    page,
                }));
                Ok::<_, AppError>(())
            }
        },
    );
    let error = last_error(list);
    let busy = list.pending();

    let next_page = move |_| {
        if let Some(s) = shown.get_untracked() {
            previous.update(|p| p.push(s.token));
            list.dispatch((s.bucket, s.prefix, s.page.next_continuation_token));
        }
    };
    let previous_page = move |_| {
        if let (Some(s), Some(token)) = (
            shown.get_untracked(),
            previous.try_update(Vec::pop).flatten(),
        ) {
            list.dispatch((s.bucket, s.prefix, token));
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

    let sign_out = move |_| {
        auth.sign_out();
        auth.set_notice("You are signed out.");
        navigate("/signin");
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
                            <tr><td class="key">{o.key}</td><td>{human_size(o.size)}</td><td>{o.last_modified}</td></tr>
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

    view! {
        <section class="card">
            <div class="row">
                <h2>"Signed in"</h2>
                <span>
                    <A href="/account">"Your account"</A>
                    " "
                    <button type="button" class="secondary" on:click=sign_out>"Sign out"</button>
                </span>
            </div>
            <Notice text=notice />
            {who}
        </section>
        <section class="card">
            <h2>"Objects"</h2>
            <form on:submit=move |ev| {
                ev.prevent_default();
                previous.set(Vec::new());
                list.dispatch((bucket.get_untracked(), prefix.get_untracked(), None));
            }>
                <Field label="Bucket" id="bucket" value=bucket />
                <Field label="Prefix" id="prefix" value=prefix required=false hint="Only keys that start with this, e.g. docs/" />
                <ErrorLine error=error />
                <Submit label="List objects" busy_label="Listing…" busy=busy />
            </form>
            {table}
        </section>
    }
}
