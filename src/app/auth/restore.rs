//! The session's life in an open tab, loaded on demand: the stored session
//! read once (JWT claims checked against the configuration; in the sign-in's
//! module), re-read when another tab changes it, and its tokens renewed when
//! due (the listener and the timer, started when the session is first read,
//! in the further steps' module: a password sign-in does not wait for them). The first module only knows whether a
//! session is stored ([`crate::session::Session::is_stored`]) and calls [`restore`].

use std::time::Duration;

use leptos::prelude::*;

use super::Auth;
use crate::app::config_loader::NotChecked;
use crate::app::split::split;

/// How often an open tab checks whether its tokens are due for renewal.
const KEEP_FRESH_EVERY: Duration = Duration::from_secs(30);

split! {
    /// [`Auth::restore_now`], in the sign-in's module.
    signin, fn restore_in_module(auth: Auth) -> () {
        auth.restore_now();
    }
}

split! {
    /// Following other tabs and the renewal timer, in the module of the further
    /// steps (`signin_more`, fetched once the sign-in's module is there: the
    /// refresh machinery is not what a password sign-in waits for).
    signin_more, fn keep_in_step_in_module(auth: Auth) -> () {
        auth.root.with_value(|root| {
            root.with(|| {
                auth.follow_other_tabs();
                auth.keep_fresh();
            });
        });
        // What another tab wrote before this tab listened.
        if let Some(current) = auth.session.try_get_untracked()
            && current != auth.load().ok().flatten()
        {
            auth.reload_now();
        }
        // All of signing in is here (for the load benchmark's (b′)).
        crate::web::clock::mark("sign-in-steps-ready");
    }
}

/// Reads the stored session (once per app; later calls return at once), after
/// the configuration's check. A returning visitor's first view calls it at
/// start, every page loaded on demand before it is built, so it runs at the
/// start of every route: it also starts following other tabs and keeping the
/// tokens fresh.
///
/// # Errors
/// [`Auth::checked`]'s: the configuration was not checked, so nothing was read.
pub async fn restore(auth: Auth) -> Result<(), NotChecked> {
    auth.checked().await?;
    if auth.restored.try_get_value() == Some(false) {
        // Not loaded (offline): the page that needs it says so when it loads.
        let _ = restore_in_module(auth).await;
    }
    Ok(())
}

impl Auth {
    /// Keeps the tokens of an open tab fresh without waiting for a call: every
    /// 30 seconds, and when the browser comes back online, tokens that expire
    /// within the margin are renewed (under the cross-tab lock, so open tabs
    /// share one refresh). A failed attempt is simply tried again next time.
    /// Started once the stored session is read, from the further steps' module.
    fn keep_fresh(&self) {
        let auth = *self;
        let next = StoredValue::new(None::<TimeoutHandle>);
        schedule_check(auth, next);
        on_cleanup(move || {
            if let Some(timeout) = next.try_get_value().flatten() {
                timeout.clear();
            }
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            leptos::task::spawn_local(auth.renew_if_due());
        });
        on_cleanup(move || online.remove());
    }

    /// Reads the stored session, once: a session that is unreadable or not
    /// this app's is refused with its sentence for the sign-in view. Then, for
    /// as long as the app is there, follows other tabs and keeps the tokens
    /// fresh (under the app's owner: removed when it is).
    pub(super) fn restore_now(&self) {
        if self.restored.get_value() {
            return;
        }
        self.restored.set_value(true);
        // Not loaded (offline): the first call that needs fresh tokens renews them.
        let auth = *self;
        leptos::task::spawn_local(async move {
            let _ = keep_in_step_in_module(auth).await;
        });
        match self.load() {
            Ok(session) => self.set_session(session),
            Err(e) => {
                self.set_session(None);
                self.set_notice(e.to_string());
            }
        }
    }

    /// Re-reads the stored session (another tab signed in or out).
    pub(super) fn reload_now(&self) {
        self.restored.set_value(true);
        match self.load().ok().flatten() {
            Some(session) => {
                // Signed in there after a guest visit here: the guest's credentials go.
                if self.session.with_untracked(Option::is_none) {
                    self.flow.update_value(|f| f.credentials = None);
                }
                self.set_session(Some(session));
            }
            None => self.forget(),
        }
    }

    /// [`Self::fresh_session`] (which renews only tokens that are due), while
    /// the app is still mounted and someone is signed in.
    async fn renew_if_due(self) {
        if self.present.try_get_untracked() != Some(true) {
            return;
        }
        self.restore_now();
        if self.session.try_get_untracked().flatten().is_some() {
            let _ = self.fresh_session().await;
        }
    }
}

/// The next periodic check, 30 seconds after the previous one ended (a
/// timeout set again after each check rather than an interval: a page whose
/// clock jumps ahead, as after a sleeping laptop wakes, checks once, not once
/// per missed interval). Stops when the app is unmounted (`next` disposed).
fn schedule_check(auth: Auth, next: StoredValue<Option<TimeoutHandle>>) {
    let check = move || {
        leptos::task::spawn_local(async move {
            auth.renew_if_due().await;
            schedule_check(auth, next);
        });
    };
    if let Ok(timeout) = set_timeout_with_handle(check, KEEP_FRESH_EVERY) {
        // Unmounted meanwhile: nothing is to be checked any more.
        if next.try_set_value(Some(timeout)).is_some() {
            timeout.clear();
        }
    }
}
