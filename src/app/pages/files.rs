//! `/files`: the signed-in user's own folder. Upload files (picker or drop),
//! each with its progress and a cancel button; download (a short-lived link that
//! keeps the name) and delete (asked once more) each file; the list is read again
//! after every change.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::auth::files::Progress;
use crate::app::auth::use_auth;
use crate::app::components::ErrorLine;
use crate::app::feedback::last_error;
use crate::app::loaded::Loaded;
use crate::app::task::Task;
use crate::error::AppError;
use crate::s3::objects::file_name;
use crate::s3::{ListPage, ObjectKey, human_size};
use crate::web::clock::local_time_of;
use crate::web::upload::Cancel;

/// One upload as shown.
#[derive(Clone, Copy)]
struct Upload {
    id: u32,
    name: StoredValue<String>,
    progress: ReadSignal<(u64, u64)>,
    /// `None` while it runs; then how it ended.
    outcome: RwSignal<Option<Result<(), String>>>,
    cancel: StoredValue<Cancel, LocalStorage>,
}

/// The user's folder: upload, download, delete.
#[component]
pub fn Files() -> impl IntoView {
    let auth = use_auth();
    let bucket = auth.config().bucket;
    let listing = Loaded::new(move || {
        let bucket = bucket.clone();
        async move {
            let folder = auth.own_folder().await?;
            let page = auth.list(bucket, folder.clone(), None).await?;
            Ok::<(String, ListPage), AppError>((folder, page))
        }
    });
    let uploads = RwSignal::new(Vec::<Upload>::new());
    let next_id = StoredValue::new(0_u32);

    let start = move |files: web_sys::FileList| {
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let (progress, set_progress): (ReadSignal<(u64, u64)>, Progress) = signal((0, 0));
            let id = next_id.get_value();
            next_id.set_value(id.wrapping_add(1));
            let upload = Upload {
                id,
                name: StoredValue::new(file.name()),
                progress,
                outcome: RwSignal::new(None),
                cancel: StoredValue::new_local(Cancel::default()),
            };
            uploads.update(|u| u.push(upload));
            let cancel = upload.cancel.get_value();
            leptos::task::spawn_local(async move {
                let result = auth.upload(file, set_progress, cancel).await;
                upload
                    .outcome
                    .try_set(Some(result.map(drop).map_err(|e| e.to_string())));
                listing.reload();
            });
        }
    };

    let on_pick = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            if let Some(files) = input.files() {
                start(files);
            }
            input.set_value("");
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(files) = ev.data_transfer().and_then(|d| d.files()) {
            start(files);
        }
    };

    // Download: a fresh link each time (it lasts five minutes); the browser saves the file.
    let download = Task::new(move |key: &ObjectKey| {
        let key = key.clone();
        async move {
            let link = auth.download_link(key).await?;
            if let Some(w) = web_sys::window() {
                let _ = w.location().assign(&link);
            }
            Ok::<_, AppError>(())
        }
    });
    // Delete, once confirmed.
    let confirming = RwSignal::new(None::<ObjectKey>);
    let delete = Task::new(move |key: &ObjectKey| {
        let key = key.clone();
        async move {
            auth.delete_file(key).await?;
            confirming.set(None);
            listing.reload();
            Ok::<_, AppError>(())
        }
    });
    let busy = Signal::derive(move || delete.pending().get() || download.pending().get());

    let upload_rows = move || {
        uploads
            .get()
            .into_iter()
            .rev()
            .map(|u| {
                let status = move || match u.outcome.get() {
                    None => {
                        let (sent, size) = u.progress.get();
                        format!("{} of {}", human_size(sent), human_size(size))
                    }
                    Some(Ok(())) => "Uploaded".to_owned(),
                    Some(Err(sentence)) => sentence,
                };
                let failed = move || matches!(u.outcome.get(), Some(Err(_)));
                view! {
                    <li class="upload" data-id=u.id>
                        <span class="name">{u.name.get_value()}</span>
                        <progress max=move || u.progress.get().1.max(1) as f64 value=move || u.progress.get().0 as f64></progress>
                        <span class="status" class:error-text=failed role="status">{status}</span>
                        <Show when=move || u.outcome.get().is_none()>
                            <button type="button" class="secondary" on:click=move |_| u.cancel.with_value(Cancel::cancel)>
                                "Cancel"
                            </button>
                        </Show>
                    </li>
                }
            })
            .collect_view()
    };

    let file_rows = move || {
        listing.get().map(|loaded| match loaded {
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok((_, page)) if page.objects.is_empty() => {
                view! { <p class="muted" id="no-files">"No files yet."</p> }.into_any()
            }
            Ok((folder, page)) => view! {
                <table class="objects files">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Size"</th><th scope="col">"Last modified"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                    <tbody>
                        {page.objects.into_iter().map(|o| {
                            let name = o.key.as_str().strip_prefix(&folder).unwrap_or(file_name(&o.key)).to_owned();
                            let (for_download, for_delete, for_confirm, for_yes) = (o.key.clone(), o.key.clone(), o.key.clone(), o.key.clone());
                            let shown = name.clone();
                            let when = local_time_of(&o.last_modified).unwrap_or_else(|| o.last_modified.clone());
                            let asking = move || confirming.get().as_ref() == Some(&for_confirm);
                            view! {
                                <tr>
                                    <td class="key">{name}</td>
                                    <td>{human_size(o.size)}</td>
                                    <td title=o.last_modified.clone()>{when}</td>
                                    <td>
                                        <Show when=asking.clone() fallback=move || {
                                            let (d, c) = (for_download.clone(), for_delete.clone());
                                            view! {
                                                <button type="button" class="secondary" disabled=move || busy.get()
                                                    on:click=move |_| download.dispatch(d.clone())>"Download"</button>
                                                <button type="button" class="secondary" disabled=move || busy.get()
                                                    on:click=move |_| confirming.set(Some(c.clone()))>"Delete"</button>
                                            }
                                        }>
                                            {
                                                let (key, shown) = (for_yes.clone(), shown.clone());
                                                view! {
                                                    <span>"Delete " {shown} "? "</span>
                                                    <button type="button" disabled=move || busy.get()
                                                        on:click=move |_| delete.dispatch(key.clone())>"Yes, delete"</button>
                                                    <button type="button" class="secondary" on:click=move |_| confirming.set(None)>"Keep"</button>
                                                }
                                            }
                                        </Show>
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
            <h2>"Your files"</h2>
            <p class="muted">"Only you can see the files in your folder. Big files are sent in parts; a cancelled upload leaves nothing behind."</p>
            <div class="drop" on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
                <label for="upload">"Upload files"</label>
                <input id="upload" name="upload" type="file" multiple on:change=on_pick />
                <span class="muted">" or drop them here"</span>
            </div>
            <ul class="uploads">{upload_rows}</ul>
            <ErrorLine error=Signal::derive(move || last_error(download).get().or_else(|| last_error(delete).get())) />
            {file_rows}
        </section>
    }
}
