//! Views whose code is loaded when first shown (route-level splitting): in a
//! release build each lazy page's code is a separate wasm chunk, fetched the
//! first time its route opens (`wasm_split`, as Leptos's `#[lazy]`), so the
//! first view downloads only what it needs. Debug builds (tests, `trunk serve`)
//! are not split: the same functions run directly.

use leptos::prelude::*;

use crate::app::pages::{
    Account, Api, Callback, Files, ForgotPassword, Objects, Register, RememberDevice,
    ResetPassword, Verify,
};
use crate::error::BrowserError;

/// Where a lazy page's view goes once built; disposed when the route changes.
type Slot = StoredValue<Option<AnyView>, LocalStorage>;

macro_rules! lazy_page {
    ($chunk:ident, $name:ident, $component:ident) => {
        #[cfg(not(debug_assertions))]
        #[wasm_split_helpers::wasm_split($chunk, fallible)]
        fn $name(owner: Owner, slot: Slot) -> Result<(), wasm_split_helpers::SplitLoaderError> {
            build(owner, slot, || view! { <$component /> }.into_any());
            Ok(())
        }

        #[cfg(debug_assertions)]
        async fn $name(owner: Owner, slot: Slot) -> Result<(), ()> {
            build(owner, slot, || view! { <$component /> }.into_any());
            Ok(())
        }
    };
}

/// Builds a page under the route's owner, unless the visitor has moved on
/// while its module loaded (then its effects and requests would run unseen).
fn build(owner: Owner, slot: Slot, page: impl FnOnce() -> AnyView) {
    if !slot.is_disposed() {
        let view = owner.with(page);
        slot.try_set_value(Some(view));
    }
}

lazy_page!(objects, objects_page, Objects);
lazy_page!(account, account_page, Account);
lazy_page!(signup, register_page, Register);
lazy_page!(signup, verify_page, Verify);
lazy_page!(recovery, forgot_page, ForgotPassword);
lazy_page!(recovery, reset_page, ResetPassword);
lazy_page!(callback, callback_page, Callback);
lazy_page!(remember, remember_page, RememberDevice);
lazy_page!(files, files_page, Files);
lazy_page!(api, api_page, Api);

/// The pages loaded on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LazyPage {
    /// `/objects`.
    Objects,
    /// `/account`.
    Account,
    /// `/register`.
    Register,
    /// `/verify`.
    Verify,
    /// `/forgot-password`.
    ForgotPassword,
    /// `/reset-password`.
    ResetPassword,
    /// `/callback` (the hosted sign-in page's way back).
    Callback,
    /// "Remember this device?" after a sign-in from a new device.
    RememberDevice,
    /// `/files`.
    Files,
    /// `/api`.
    Api,
}

/// Shows `page` once its code is loaded ("Loading…" until then).
pub fn lazy_view(page: LazyPage) -> AnyView {
    let owner = Owner::current().unwrap_or_default();
    let slot: Slot = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let loaded = match page {
            LazyPage::Objects => objects_page(owner.clone(), slot).await,
            LazyPage::Account => account_page(owner.clone(), slot).await,
            LazyPage::Register => register_page(owner.clone(), slot).await,
            LazyPage::Verify => verify_page(owner.clone(), slot).await,
            LazyPage::ForgotPassword => forgot_page(owner.clone(), slot).await,
            LazyPage::ResetPassword => reset_page(owner.clone(), slot).await,
            LazyPage::Callback => callback_page(owner.clone(), slot).await,
            LazyPage::RememberDevice => remember_page(owner.clone(), slot).await,
            LazyPage::Files => files_page(owner.clone(), slot).await,
            LazyPage::Api => api_page(owner.clone(), slot).await,
        };
        if loaded.is_err() {
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
            Some(view! { <p class="muted">"Loading…"</p> }.into_any())
        }
    })
    .into_any()
}
