//! Views whose code is loaded when first shown (route-level splitting): in a
//! release build each lazy page's code is a separate wasm chunk, fetched the
//! first time its route opens (`wasm_split`, as Leptos's `#[lazy]`), so the
//! first view downloads only what it needs. Debug builds (tests, `trunk serve`)
//! are not split: the same functions run directly.

use leptos::prelude::*;

use crate::app::auth::Auth;
use crate::app::auth::restore::restore;
use crate::app::pages::{
    Account, Api, Callback, Files, ForgotPassword, FurtherStep, Objects, Register, RememberDevice,
    ResetPassword, Verify,
};
use crate::app::split::{SplitLoaderError, split};
use crate::error::BrowserError;

/// Where a lazy page's view goes once built; disposed when the route changes.
type Slot = StoredValue<Option<AnyView>, LocalStorage>;

macro_rules! lazy_page {
    ($chunk:ident, $name:ident, $preload:ident, $component:ident) => {
        split! {
            $chunk, preload $preload, fn $name(owner: Owner, slot: Slot) -> () {
                build(owner, slot, || view! { <$component /> }.into_any());
            }
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

lazy_page!(objects, objects_page, objects_preload, Objects);
lazy_page!(account, account_page, account_preload, Account);
lazy_page!(signup, register_page, register_preload, Register);
lazy_page!(signup, verify_page, verify_preload, Verify);
lazy_page!(signup, forgot_page, forgot_preload, ForgotPassword);
lazy_page!(signup, reset_page, reset_preload, ResetPassword);
lazy_page!(signin, callback_page, callback_preload, Callback);
lazy_page!(signin, remember_page, remember_preload, RememberDevice);
lazy_page!(files, files_page, files_preload, Files);
lazy_page!(api, api_page, api_preload, Api);
lazy_page!(signin, step_page, step_preload, FurtherStep);

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
    /// A further step of a sign-in (new password, MFA code), in the sign-in's module.
    SignInStep,
}

impl LazyPage {
    /// Fetches the page's module.
    async fn preload(self) -> Result<(), SplitLoaderError> {
        match self {
            Self::Objects => objects_preload().await,
            Self::Account => account_preload().await,
            Self::Register => register_preload().await,
            Self::Verify => verify_preload().await,
            Self::ForgotPassword => forgot_preload().await,
            Self::ResetPassword => reset_preload().await,
            Self::Callback => callback_preload().await,
            Self::RememberDevice => remember_preload().await,
            Self::Files => files_preload().await,
            Self::Api => api_preload().await,
            Self::SignInStep => step_preload().await,
        }
    }

    /// Builds the page into `slot` (its module fetched first, if not yet).
    async fn build(self, owner: Owner, slot: Slot) -> Result<(), SplitLoaderError> {
        match self {
            Self::Objects => objects_page(owner, slot).await,
            Self::Account => account_page(owner, slot).await,
            Self::Register => register_page(owner, slot).await,
            Self::Verify => verify_page(owner, slot).await,
            Self::ForgotPassword => forgot_page(owner, slot).await,
            Self::ResetPassword => reset_page(owner, slot).await,
            Self::Callback => callback_page(owner, slot).await,
            Self::RememberDevice => remember_page(owner, slot).await,
            Self::Files => files_page(owner, slot).await,
            Self::Api => api_page(owner, slot).await,
            Self::SignInStep => step_page(owner, slot).await,
        }
    }
}

/// Shows `page` once its code is loaded ("Loading…" until then).
pub fn lazy_view(page: LazyPage) -> AnyView {
    let owner = Owner::current().unwrap_or_default();
    let slot: Slot = StoredValue::new_local(None);
    let ready = RwSignal::new(false);
    let auth = use_context::<Auth>();
    leptos::task::spawn_local(async move {
        // The stored session is read (its module) while the page's module is fetched.
        let restored = async move {
            if let Some(auth) = auth {
                restore(auth).await;
            }
        };
        let (_, fetched) = futures::future::join(restored, page.preload()).await;
        let loaded = match fetched {
            Ok(()) => page.build(owner.clone(), slot).await,
            Err(e) => Err(e),
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
