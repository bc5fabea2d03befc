//! The signed-in state, shared through context: the session (restored from
//! `localStorage` without any request), one-off notices for the next view,
//! storing the session, signing out, and following other tabs.
//!
//! The first wasm module holds only what the first paint needs: the signals
//! below and a look at whether a session is stored at all
//! ([`Session::is_stored`]). Reading the stored tokens (JWT claims, JSON) and
//! everything that sends a request is in [`restore`] and the flows, loaded on
//! demand (`src/app/split.rs`).
//!
//! The flows that change it live beside this file, one concern each:
//! [`registration`] (sign-up, codes, password recovery), [`sign_in`] (SRP and
//! the further steps), [`refresh`] (keeping tokens fresh across tabs),
//! [`account`] (what a signed-in user does with the access token),
//! [`device`] (remembered devices), [`files`] (the user's own files),
//! [`passwordless`] (signing in by passkey or code), [`passkeys`] (the
//! user's passkeys), [`reauth`] (showing it is you again),
//! [`hosted`] (the hosted sign-in page with PKCE) and
//! [`aws`] (identity pool credentials, a guest's too, and the S3 listing).
//! Components stay thin: they collect input and call these methods.

pub mod account;
pub mod api;
pub mod aws;
pub mod device;
pub mod files;
pub mod hosted;
pub mod passkeys;
pub mod passwordless;
pub mod reauth;
pub mod refresh;
pub mod registration;
pub mod restore;
pub mod sign_in;

use leptos::prelude::*;

use crate::app::effect::effect;

pub use self::sign_in::SignInStep;
use crate::app::config_loader::{self, NotChecked, Shell};
use crate::config::Config;
use crate::error::AppError;
use crate::forms::{PasswordPolicy, SignInWith};
use crate::identity::{Credentials, IdentityPoolClient};
use crate::session::Session;
use crate::srp::{SECRET_LEN, SrpClient};
use crate::user_pool::{Challenge, UserPoolClient, UserPoolError};
use crate::web::fetch::Fetch;
use crate::web::{context_data, random, storage};

/// Auth state: `Copy`, made of signals and stored values, provided as context.
#[derive(Clone, Copy)]
pub struct Auth {
    /// What the first paint reads of `config.json` (not checked yet).
    shell: StoredValue<Shell>,
    /// The app's owner: what the sign-in's module starts for the whole app
    /// (following other tabs, keeping tokens fresh) ends with it.
    root: StoredValue<Owner>,
    /// All of `config.json`, checked ([`Self::checked`]): `None` until then,
    /// which is before any code loaded on demand runs.
    config: StoredValue<Option<Config>>,
    /// The session, once read from storage ([`restore`]) or signed in.
    session: RwSignal<Option<Session>>,
    /// Is a session stored (at start: [`Session::is_stored`]; then as
    /// [`Self::set_session`] says)?
    /// Changes only on sign-in and sign-out, not when tokens are renewed
    /// (views that depend on it are not rebuilt by a refresh): set only when
    /// it changes ([`Self::set_session`]; a memo would do the same at the
    /// first module's cost of a copy of the memo machinery).
    present: RwSignal<bool>,
    /// Who is signed in, for the header.
    who: RwSignal<Option<String>>,
    /// Has the stored session been read ([`Self::restore_now`])?
    restored: StoredValue<bool>,
    notice: RwSignal<Option<String>>,
    /// What the flows keep between calls ([`Flow`]).
    flow: StoredValue<Flow>,
}

/// What the flows keep between calls: one stored value, so that the first
/// module, which creates it, carries one copy of the stored-value code rather
/// than one per field.
#[derive(Default)]
struct Flow {
    /// The identity pool's credentials, while they last.
    credentials: Option<Credentials>,
    /// SRP's client of the next sign-in (`A` computed ahead).
    srp: Option<SrpClient>,
    /// The sign-in step Cognito is waiting for (new password, MFA code).
    challenge: Option<Challenge>,
    /// How many refreshes this tab has made, and how the last one ended: a
    /// call that waited for the lock while another call of this tab refreshed
    /// takes that outcome instead of trying again ([`Auth::refresh`]).
    refreshed: (u64, Option<Result<Session, AppError>>),
}

/// The [`Auth`] of the running app.
///
/// # Panics
/// Outside the configured app (no context).
pub fn use_auth() -> Auth {
    // Not `expect_context`: its panic message formats the type's name with
    // `Debug`, which brings string escaping into the first module.
    use_context::<Auth>().expect("the configured app provides Auth")
}

impl Auth {
    /// The auth state, with whether a session is stored (no request, no
    /// token read: the session itself is read by [`restore::restore`]).
    pub fn new(shell: Shell) -> Self {
        let present = RwSignal::new(Session::is_stored(&shell.client_id, storage::get));
        Self {
            shell: StoredValue::new(shell),
            root: StoredValue::new(Owner::current().unwrap_or_default()),
            config: StoredValue::new(None),
            session: RwSignal::new(None),
            present,
            who: RwSignal::new(None),
            restored: StoredValue::new(false),
            notice: RwSignal::new(None),
            flow: StoredValue::new(Flow::default()),
        }
    }

    /// Who is signed in, as the header names them (tracked).
    pub fn who(&self) -> Option<String> {
        self.who.get()
    }

    /// Reads and checks all of `config.json` (once; in the sign-in's module),
    /// which every call into a module loaded on demand waits for: the
    /// first-module side of each (`restore`, `sign_in::submit`, …) and the
    /// pages' loader (`lazy`) call this first.
    ///
    /// # Errors
    /// [`NotChecked`]: refused (the app shows the setup page), or the module
    /// could not be fetched.
    pub async fn checked(self) -> Result<(), NotChecked> {
        // `try_`: a refused configuration replaces the app (and disposes of this
        // state) while other calls still wait here.
        match self.config.try_with_value(Option::is_some) {
            Some(true) => return Ok(()),
            Some(false) => {}
            None => return Err(NotChecked::Gone),
        }
        let text = self
            .shell
            .try_with_value(|s| s.text.clone())
            .ok_or(NotChecked::Gone)?;
        let config = config_loader::check(text).await?;
        self.config.try_set_value(Some(config));
        Ok(())
    }

    /// With the checked configuration.
    ///
    /// # Panics
    /// Before [`Self::checked`] has passed: only code loaded on demand calls
    /// this, and none of it runs before.
    fn with_config<R>(&self, f: impl FnOnce(&Config) -> R) -> R {
        self.config.with_value(|c| {
            f(c.as_ref()
                .expect("config.json is checked before code loaded on demand runs"))
        })
    }

    /// The configuration, checked: only code loaded on demand calls this
    /// (see [`Self::checked`]), and none of it runs before the check.
    pub fn config(&self) -> Config {
        self.with_config(Config::clone)
    }

    /// The app client id (the prefix of every stored key).
    fn client_id(&self) -> String {
        self.shell.with_value(|s| s.client_id.clone())
    }

    /// Where the identity pool's identity id is cached (aws-sdk v2's key).
    fn identity_id_key(&self) -> String {
        self.with_config(|c| Session::identity_id_key(&c.identity_pool_id))
    }

    /// Whether accounts are named by username or by email address.
    pub fn sign_in_with(&self) -> SignInWith {
        self.shell.with_value(|s| s.sign_in_with)
    }

    /// Does `config.json` hold an app client secret (readable by every visitor)?
    pub fn has_client_secret(&self) -> bool {
        self.with_config(|c| c.client_secret.is_some())
    }

    /// The current session (tracked); `None` until [`restore::restore`] has read it.
    pub fn session(&self) -> Option<Session> {
        self.session.get()
    }

    /// Is anyone signed in (tracked)?
    pub fn signed_in(&self) -> bool {
        self.present.get()
    }

    /// Has the session been read, or a sign-in finished (tracked)? Unlike
    /// [`Self::signed_in`], not before [`restore`] has read a stored one.
    pub fn has_session(&self) -> bool {
        self.session.with(Option::is_some)
    }

    /// Is anyone signed in (untracked)?
    pub fn signed_in_untracked(&self) -> bool {
        self.present.get_untracked()
    }

    /// A one-off message for the next view (taken once).
    pub fn take_notice(&self) -> Option<String> {
        let notice = self.notice.get_untracked();
        if notice.is_some() {
            self.notice.set(None);
        }
        notice
    }

    /// Passes each message left for the view to `show` as it arrives (taken
    /// once), also one left after the view was built (the sign-in view is
    /// built before the stored session has been read, [`restore`]), while
    /// `here` says the message is for this view (not while it is leaving for
    /// another view that takes it).
    pub fn follow_notices(
        &self,
        here: impl Fn() -> bool + 'static,
        show: impl Fn(String) + 'static,
    ) {
        let notice = self.notice;
        effect(move || {
            if notice.with(Option::is_some)
                && here()
                && let Some(text) = notice.get_untracked()
            {
                notice.set(None);
                show(text);
            }
        });
    }

    /// Leaves a message for the next view.
    pub fn set_notice(&self, text: impl Into<String>) {
        self.notice.set(Some(text.into()));
    }

    /// The pool's password policy, as `config.json` states it.
    pub fn password_policy(&self) -> PasswordPolicy {
        self.with_config(|c| c.password_policy.clone())
    }

    /// With threat protection on, starts loading Cognito's context-data collector,
    /// so that it is there for the request to come: the views whose forms send a
    /// request that takes context data call it (sign-in, sign-up, its code, password reset).
    pub fn load_context_collector(&self) {
        self.with_config(|c| {
            if c.threat_protection {
                context_data::load(&c.region);
            }
        });
    }

    /// The user pool client; with threat protection on, it sends Cognito's
    /// context data with the requests that take it.
    fn user_pool(&self) -> UserPoolClient<Fetch> {
        self.with_config(|c| {
            let client = UserPoolClient::new(Fetch, c.user_pool());
            if c.threat_protection {
                client.with_context_data(context_data::collector(
                    c.user_pool_id.clone(),
                    c.client_id.clone(),
                ))
            } else {
                client
            }
        })
    }

    fn identity_pool(&self) -> IdentityPoolClient<Fetch> {
        IdentityPoolClient::new(Fetch, self.with_config(Config::identity_pool))
    }

    /// May visitors who are not signed in browse the shared folder (`guests` in config)?
    pub fn guests(&self) -> bool {
        self.shell.with_value(|s| s.guests)
    }

    /// Starts the session of a finished sign-in (SRP, hosted, or signing in
    /// again to turn two-step verification off): the AWS credentials of whoever
    /// was here before (a guest, another user) are dropped, the session stored.
    /// A session it replaces (this tab's, or another user's still stored by
    /// another tab) is ended for good: its refresh token revoked at Cognito, and
    /// another user's stored tokens removed.
    fn start_session(&self, session: Session) -> Result<Session, AppError> {
        let replaced = self
            .load()
            .ok()
            .flatten()
            .or_else(|| self.session.get_untracked());
        self.flow.update_value(|f| f.credentials = None);
        if let Some(old) = &replaced
            && old.user != session.user
        {
            for key in Session::user_keys(&self.client_id(), &old.user) {
                storage::remove(&key);
            }
            storage::remove(&Session::hosted_key(&self.client_id(), &old.user));
        }
        let started = self.store(session)?;
        if let Some(token) = replaced.and_then(|s| s.refresh_token)
            && started.refresh_token.as_ref() != Some(&token)
        {
            let pool = self.user_pool();
            // Best effort, after the new session is in place: the sign-in stands either way.
            leptos::task::spawn_local(async move {
                let _ = pool.revoke_token(&token).await;
            });
        }
        Ok(started)
    }

    /// Writes `session` to storage and makes it the current one.
    fn store(&self, session: Session) -> Result<Session, AppError> {
        for (key, value) in session.storage_entries(&self.client_id()) {
            storage::set(&key, &value)?;
        }
        self.set_session(Some(session.clone()));
        Ok(session)
    }

    /// Makes `session` the current one (`None`: nobody is signed in).
    fn set_session(&self, session: Option<Session>) {
        let who = session.as_ref().map(|s| {
            // In a pool that signs in by email, cognito:username is an opaque id.
            let claim = match self.sign_in_with() {
                SignInWith::Email => "email",
                SignInWith::Username => "cognito:username",
            };
            s.claims()
                .string(claim)
                .unwrap_or(s.user.as_str())
                .to_owned()
        });
        if self.who.get_untracked() != who {
            self.who.set(who);
        }
        if self.present.get_untracked() != session.is_some() {
            self.present.set(session.is_some());
        }
        self.session.set(session);
    }

    /// Re-reads the stored session (another tab may have changed it).
    fn load(&self) -> Result<Option<Session>, AppError> {
        Ok(Session::load(
            &self.with_config(Config::audience),
            storage::get,
        )?)
    }

    /// Passes `result` on; a refused token also ends the session here.
    fn end_session_if_refused<T>(&self, result: Result<T, UserPoolError>) -> Result<T, AppError> {
        result.map_err(|e| self.fail(e.into()))
    }

    /// Passes `e` on; an error that ends the session signs out here and
    /// leaves its sentence for the sign-in view.
    fn fail(&self, e: AppError) -> AppError {
        if e.ends_session() {
            self.sign_out();
            self.set_notice(e.to_string());
        }
        e
    }

    /// Forgets the session in memory (storage was cleared, here or in another tab).
    fn forget(&self) {
        self.flow.update_value(|f| f.credentials = None);
        self.set_session(None);
    }

    /// Signs out here (always works, also offline). A session that came from
    /// the hosted sign-in page ends the page's own session too (its `/logout`,
    /// which comes back to `/signin`): on a shared browser the next "Use the
    /// hosted sign-in page" asks for the password again. (Read before the stored
    /// session, and with it the marker, is cleared.)
    pub fn sign_out(&self) {
        let hosted = self.came_from_hosted_page();
        self.clear_stored_session();
        self.forget();
        if hosted {
            self.end_hosted_session();
        }
    }

    /// Did the session shown come from the hosted sign-in page (its marker)?
    fn came_from_hosted_page(&self) -> bool {
        self.session.with_untracked(|s| {
            s.as_ref().is_some_and(|s| {
                storage::get(&Session::hosted_key(&self.client_id(), &s.user)).is_some()
            })
        })
    }

    /// Removes the stored session: other tabs, and this one after a reload, are
    /// signed out from now on.
    fn clear_stored_session(&self) {
        let client_id = self.client_id();
        if let Some(session) = self.session.get_untracked() {
            for key in Session::user_keys(&client_id, &session.user) {
                storage::remove(&key);
            }
            storage::remove(&Session::hosted_key(&client_id, &session.user));
        }
        storage::remove(&Session::last_user_key(&client_id));
        storage::remove(&self.identity_id_key());
    }

    /// Signs out: the stored session goes at once (also offline), then Cognito
    /// revokes the refresh token (`RevokeToken`, as Amplify v6 signs out), so a
    /// copy of it taken earlier is worthless. The sign-in view is told how it went.
    /// A session of the hosted sign-in page then ends the page's own session too
    /// (its `/logout`, which comes back to `/signin`).
    ///
    /// # Errors
    /// [`AppError::NotRevoked`] when Cognito could not be told (signed out here anyway).
    pub async fn sign_out_and_revoke(self) -> Result<(), AppError> {
        let hosted = self.came_from_hosted_page();
        let refresh_token = self.session.get_untracked().and_then(|s| s.refresh_token);
        self.clear_stored_session();
        let result = match refresh_token {
            Some(token) => self
                .user_pool()
                .revoke_token(&token)
                .await
                .map_err(|e| AppError::NotRevoked(Box::new(e.into()))),
            None => Ok(()),
        };
        self.set_notice(match &result {
            Ok(()) => "You are signed out.".to_owned(),
            Err(e) => e.to_string(),
        });
        self.forget();
        if hosted {
            self.end_hosted_session();
        }
        result
    }

    /// Follows sign-ins and sign-outs of other tabs (their `localStorage`
    /// writes arrive here as `storage` events): the session is re-read.
    /// Started by [`Self::restore_now`], in the sign-in's module.
    fn follow_other_tabs(&self) {
        let auth = *self;
        let prefix = Session::key_prefix(&self.client_id());
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            // `key` is null when another tab cleared all of storage.
            let ours = event.key().is_none_or(|k| k.starts_with(&prefix));
            if ours {
                auth.reload_now();
            }
        });
        on_cleanup(move || handle.remove());
    }
}

/// A fresh SRP attempt (its private value from the browser's CSPRNG).
fn new_srp_client() -> Result<SrpClient, AppError> {
    let secret: [u8; SECRET_LEN] = random::bytes()?;
    SrpClient::new(&secret).map_err(|e| AppError::from(UserPoolError::from(e)))
}
