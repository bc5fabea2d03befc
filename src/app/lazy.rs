//! Views whose code is loaded when first shown (route-level splitting): in a
//! release build each lazy page's code is a separate wasm chunk, fetched the
//! first time its route opens (`wasm_split`, as Leptos's `#[lazy]`), so the
//! first view downloads only what it needs. Debug builds (tests, `trunk serve`)
//! are not split: the same functions run directly.
//!
//! Written here rather than with Leptos's `#[lazy]` routes because the app's
//! router is its own small one (`router.rs`, for size), and because the page's
//! module and the stored session's module are fetched side by side.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::app::auth::Auth;
use crate::app::auth::restore::restore;
use crate::app::config_loader::NotChecked;
use crate::app::split::SplitLoaderError;
use crate::error::BrowserError;

/// Where a lazy page's view goes once built; disposed when the route changes.
pub type Slot = StoredValue<Option<AnyView>, LocalStorage>;

/// Fetching a page's module, or building the page (its module fetched first).
pub type Loading = Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

/// A page whose code is loaded on demand, as `lazy_page!` makes it: the
/// list of pages stays beside whoever shows them (the route table, the
/// sign-in view), so this loader knows no page.
#[derive(Clone, Copy)]
pub struct LazyPage {
    preload: fn() -> Loading,
    build: fn(Owner, Slot, u8) -> Loading,
    /// Which of its module's pages (`build` builds any of them).
    which: u8,
}

impl LazyPage {
    /// Page `which` of the module that `preload` fetches and whose `build`
    /// builds a page into a slot.
    pub const fn new(
        preload: fn() -> Loading,
        build: fn(Owner, Slot, u8) -> Loading,
        which: u8,
    ) -> Self {
        Self {
            preload,
            build,
            which,
        }
    }
}

/// `lazy_page!(chunk, build_fn, preload_fn { 0 => NAME = Component, 1 => pub(crate) … })`:
/// a `const NAME: LazyPage` per page, whose view is `<Component />`, their
/// code in the module `chunk` (the two function names must be unique in the
/// crate). The pages of one module share one entry into it: each entry costs
/// the first module its own wrapper, preload and loader.
macro_rules! lazy_page {
    ($chunk:ident, $name:ident, $preload:ident {
        $($(#[$meta:meta])* $which:literal => $vis:vis $page:ident = $component:ident),+ $(,)?
    }) => {
        $crate::app::split::split! {
            $chunk, preload $preload,
            fn $name(owner: Owner, slot: $crate::app::lazy::Slot, which: u8) -> () {
                $crate::app::lazy::build(owner, slot, move || match which {
                    $($which => view! { <$component /> }.into_any(),)+
                    _ => ().into_any(),
                });
            }
        }
        $(
            $(#[$meta])*
            $vis const $page: $crate::app::lazy::LazyPage = $crate::app::lazy::LazyPage::new(
                || Box::pin($preload()),
                |owner, slot, which| Box::pin($name(owner, slot, which)),
                $which,
            );
        )+
    };
}

pub(crate) use lazy_page;

/// Builds a page under the route's owner, unless the visitor has moved on
/// while its module loaded (then its effects and requests would run unseen).
pub fn build(owner: Owner, slot: Slot, page: impl FnOnce() -> AnyView) {
    if !slot.is_disposed() {
        let view = owner.with(page);
        slot.try_set_value(Some(view));
    }
}

/// Shows `page` once its code is loaded ("Loading…" until then).
pub fn lazy_view(page: LazyPage) -> AnyView {
    lazy_with(page, true)
}

/// Shows a part of a view once its code is loaded (nothing until then).
pub fn lazy_part(page: LazyPage) -> AnyView {
    lazy_with(page, false)
}

fn lazy_with(page: LazyPage, say_loading: bool) -> AnyView {
    let owner = Owner::current().unwrap_or_default();
    let slot: Slot = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    let auth = use_context::<Auth>();
    leptos::task::spawn_local(async move {
        // Not in the task that builds the view showing this (it stays short).
        crate::web::clock::sleep(0).await;
        // The configuration is checked and the stored session read (in the
        // sign-in's module) while the page's module is fetched; the page is
        // built after the check only.
        let restored = async move {
            match auth {
                Some(auth) => restore(auth).await,
                None => Ok(()),
            }
        };
        // A part of a view (the bar's links, the other ways in) waits for the
        // sign-in's module: its own module does not share the line with it.
        let (checked, fetched) = if say_loading {
            futures::future::join(restored, (page.preload)()).await
        } else {
            let checked = restored.await;
            (checked, (page.preload)().await)
        };
        let loaded = match (checked, fetched) {
            (Ok(()), Ok(())) => (page.build)(owner.clone(), slot, page.which).await.is_ok(),
            // Refused: the setup page replaces the view (and this is gone).
            (Err(NotChecked::Refused(_) | NotChecked::Gone), _) => true,
            _ => false,
        };
        if !loaded {
            build(owner, slot, || {
                let sentence = BrowserError::PageNotLoaded.to_string();
                view! { <section class="card"><p class="error" role="alert">{sentence}</p></section> }
                    .into_any()
            });
        }
        ready.try_set(true);
    });
    (move || {
        if ready.get() {
            slot.try_update_value(Option::take).flatten()
        } else {
            say_loading.then(|| view! { <p class="muted">"Loading…"</p> }.into_any())
        }
    })
    .into_any()
}
