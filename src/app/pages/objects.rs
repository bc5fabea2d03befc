//! `/objects`: a bucket's folders and objects, as a file browser shows them.
//! The folder is in the address (`/objects?prefix=public/docs/`, and
//! `&bucket=…` for another bucket than the configured one), so a folder can
//! be linked, reloaded, and left with the browser's back button; a folder row
//! or a step of the breadcrumb opens it. Names are shown within their folder,
//! sizes in kB/MB, times in the browser's local time (the exact UTC time in
//! the cell's title).
use leptos::prelude::*;

use crate::app::effect::effect;

use crate::app::auth::use_auth;
use crate::app::components::{ErrorLine, Field, Notice, Submit};
use crate::app::feedback::last_error;
use crate::app::router::{in_place, use_location, use_navigate};
use crate::app::task::Task;
use crate::encode;
use crate::error::AppError;
use crate::forms::SignInWith;
use crate::s3::folders::{crumbs, name_in};
use crate::s3::{ListPage, SHARED_FOLDER, human_size};
use crate::web::clock::{local_time, local_time_of};

/// A page of a listing as shown, with the token it was fetched with.
#[derive(Clone)]
struct Shown {
    bucket: String,
    prefix: String,
    token: Option<String>,
    page: ListPage,
}

/// The address of the folder `prefix` of `bucket` (the bucket named only when
/// it is not the configured one).
fn folder_url(configured: &str, bucket: &str, prefix: &str) -> String {
    let mut url = format!("/objects?prefix={}", encode::component(prefix));
    if bucket != configured {
        url.push_str("&bucket=");
        url.push_str(&encode::component(bucket));
    }
    url
}

/// A link to a folder, opened in place.
#[component]
fn FolderLink(
    /// Its address.
    href: String,
    /// Its name.
    name: String,
    /// Is it the folder shown?
    #[prop(default = false)]
    current: bool,
) -> impl IntoView {
    view! {
        <a href=href.clone() aria-current=current.then_some("page") on:click=in_place(href)>{name}</a>
    }
}

/// Signed in (or a guest, where allowed): who you are, and the objects of a
/// bucket. Opens on the shared folder, the one every user and guest may list.
#[component]
pub fn Objects() -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    let navigate = use_navigate();
    let configured = auth.config().bucket;
    // The folder the address names (read again on back and forward).
    let wanted = {
        let configured = configured.clone();
        Memo::new(move |_| {
            location.query();
            let bucket = location.query_param("bucket").unwrap_or(configured.clone());
            let prefix = location
                .query_param("prefix")
                .unwrap_or_else(|| SHARED_FOLDER.to_owned());
            (bucket, prefix)
        })
    };
    // The form's fields: the folder shown, or what the user typed since.
    let bucket = RwSignal::new(String::new());
    let prefix = RwSignal::new(String::new());
    let notice = auth.take_notice();
    let shown = RwSignal::new(None::<Shown>);
    // Tokens of the pages before the one shown, for "Previous page".
    let previous = RwSignal::new(Vec::<Option<String>>::new());
    // Only the listing asked for last is shown, whichever answer comes first.
    let asked = StoredValue::new(0_u32);

    let list = Task::new(
        move |(name, folder, token): &(String, String, Option<String>)| {
            let (name, folder, token) = (name.clone(), folder.clone(), token.clone());
            let ask = asked.get_value();
            async move {
                let page = auth
                    .list(name.clone(), folder.clone(), token.clone())
                    .await?;
                if asked.try_get_value() == Some(ask) {
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
    let dispatch = move |input: (String, String, Option<String>)| {
        asked.update_value(|n| *n = n.wrapping_add(1));
        list.dispatch(input);
    };
    let error = last_error(list);
    let busy = list.pending();
    effect(move || {
        let (name, folder) = wanted.get();
        // Leaving the view changes the address too: nothing to list then.
        if location.path() != "/objects" {
            return;
        }
        bucket.set(name.clone());
        prefix.set(folder.clone());
        previous.set(Vec::new());
        dispatch((name, folder, None));
    });

    // Opens a folder: a new address (a history entry), or the same folder
    // listed again from its first page.
    let go = {
        let configured = configured.clone();
        move |name: &str, folder: &str| {
            let name = name.trim();
            if wanted.with_untracked(|(b, p)| b == name && p == folder) {
                previous.set(Vec::new());
                dispatch((name.to_owned(), folder.to_owned(), None));
            } else {
                navigate(&folder_url(&configured, name, folder));
            }
        }
    };
    // "My files": the user's folder is named by the identity id (asked once).
    let own = Task::new({
        let go = go.clone();
        move |(): &()| {
            let go = go.clone();
            async move {
                let folder = auth.own_folder().await?;
                go(&bucket.get_untracked(), &folder);
                Ok::<_, AppError>(())
            }
        }
    });
    let own_error = last_error(own);

    let next_page = move |_| {
        if let Some(s) = shown.get_untracked() {
            previous.update(|p| p.push(s.token));
            dispatch((s.bucket, s.prefix, s.page.next_continuation_token));
        }
    };
    let previous_page = move |_| {
        if let (Some(s), Some(token)) = (
            shown.get_untracked(),
            previous.try_update(Vec::pop).flatten(),
        ) {
            dispatch((s.bucket, s.prefix, token));
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

    let breadcrumb = {
        let configured = configured.clone();
        move || {
            shown.get().map(|s| {
                let top = folder_url(&configured, &s.bucket, "");
                let steps = crumbs(&s.prefix);
                let last = steps.len();
                view! {
                    <nav class="crumbs" aria-label="Folder">
                        <ol>
                            <li><FolderLink href=top name=s.bucket.clone() current=last == 0 /></li>
                            {steps.into_iter().enumerate().map(|(i, c)| view! {
                                <li><FolderLink href=folder_url(&configured, &s.bucket, &c.prefix) name=c.name current=i + 1 == last /></li>
                            }).collect_view()}
                        </ol>
                    </nav>
                }
            })
        }
    };

    let table = move || {
        shown.get().map(|s| {
            let (files, folders) = (s.page.objects.len(), s.page.common_prefixes.len());
            let page_no = previous.with(Vec::len) + 1;
            let has_next = s.page.next_continuation_token.is_some();
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            let folder_rows = s.page.common_prefixes.iter().map(|p| {
                let href = folder_url(&configured, &s.bucket, p);
                let name = name_in(&s.prefix, p).to_owned();
                view! {
                    <tr class="folder">
                        <td class="key"><FolderLink href=href name=name /></td>
                        <td>"Folder"</td><td></td>
                    </tr>
                }
            }).collect_view();
            let object_rows = s.page.objects.iter().map(|o| {
                let name = name_in(&s.prefix, o.key.as_str()).to_owned();
                let when = local_time_of(&o.last_modified).unwrap_or_else(|| o.last_modified.clone());
                view! {
                    <tr>
                        <td class="key" title=o.key.to_string()>{name}</td>
                        <td>{human_size(o.size)}</td>
                        <td title=o.last_modified.clone()>{when}</td>
                    </tr>
                }
            }).collect_view();
            view! {
                <p class="muted" role="status">
                    {format!("Page {page_no}: {folders} folder{} and {files} object{}", plural(folders), plural(files))}
                </p>
                <table class="objects">
                    <thead>
                        <tr><th scope="col">"Name"</th><th scope="col">"Size"</th><th scope="col">"Last modified"</th></tr>
                    </thead>
                    <tbody>{folder_rows}{object_rows}</tbody>
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
    let go_shared = go.clone();
    view! {
        // A guest who signs in (in another tab) sees who they are at once.
        {move || if auth.signed_in() { user_card().into_any() } else { guest_card().into_any() }}
        <section class="card">
            <h2>"Objects"</h2>
            <div class="row folders">
                <button type="button" class="secondary" on:click=move |_| go_shared(&bucket.get_untracked(), SHARED_FOLDER)>
                    "Shared files"
                </button>
                {move || auth.signed_in().then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| own.dispatch(())
                        disabled=move || own.pending().get()>"My files"</button>
                })}
            </div>
            <ErrorLine error=own_error />
            <form on:submit=move |ev| {
                ev.prevent_default();
                go(&bucket.get_untracked(), &prefix.get_untracked());
            }>
                <Field label="Bucket" id="bucket" value=bucket />
                <Field label="Prefix" id="prefix" value=prefix required=false hint="A folder, or the start of the names to list, e.g. public/docs/" />
                <ErrorLine error=error />
                <Submit label="List objects" busy_label="Listing…" busy=busy />
            </form>
            {breadcrumb}
            {table}
        </section>
    }
}
