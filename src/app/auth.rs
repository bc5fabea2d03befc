//! The signed-in state, shared through context, and every flow that changes it.
//!
//! Components stay thin: they collect input and call these methods. The
//! session is restored from `localStorage` without any request; identity
//! credentials live in memory only and are renewed before they expire.

use leptos::prelude::*;

use crate::config::Config;
use crate::error::AppError;
use crate::forms::{self, Registration, SignInWith};
use crate::identity::{Credentials, IdentityError, IdentityPoolClient};
use crate::s3::{self, ListObjects, ListPage};
use crate::secret::{AccessToken, Password, TotpSecret};
use crate::session::Session;
use crate::srp::{SECRET_LEN, SrpClient};
use crate::user_pool::{
    Attribute, AuthStep, Challenge, ChallengeKind, CodeDelivery, User, UserPoolClient,
    UserPoolError,
};
use crate::web::fetch::Fetch;
use crate::web::{clock, lock, random, storage};

/// Renew tokens this long before they expire (seconds).
const TOKEN_MARGIN: i64 = 120;
/// Renew AWS credentials this long before they expire (seconds).
const CREDENTIALS_MARGIN: i64 = 300;
/// After waiting for another tab's refresh, look for its tokens in storage
/// this many times, 50 ms apart, before refreshing here.
const PROPAGATION_TRIES: u32 = 30;
/// How often an open tab checks whether its tokens are due for renewal (ms).
const KEEP_FRESH_EVERY_MS: i32 = 30_000;
/// Keys per page of a listing.
pub const PAGE_SIZE: u32 = 100;

/// Auth state: `Copy`, made of signals and stored values, provided as context.
#[derive(Clone, Copy)]
pub struct Auth {
    config: StoredValue<Config>,
    session: RwSignal<Option<Session>>,
    /// Changes only on sign-in and sign-out, not when tokens are renewed
    /// (views that depend on it are not rebuilt by a refresh).
    signed_in: Memo<bool>,
    credentials: StoredValue<Option<Credentials>>,
    srp: StoredValue<Option<SrpClient>>,
    /// The sign-in step Cognito is waiting for (new password, MFA code).
    challenge: StoredValue<Option<Challenge>>,
    notice: RwSignal<Option<String>>,
}

/// Where a sign-in stands, for the sign-in view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInStep {
    /// Signed in.
    Done,
    /// Cognito wants another answer (never [`ChallengeKind::Unsupported`]).
    Needs(ChallengeKind),
}

/// The [`Auth`] of the running app.
///
/// # Panics
/// Outside the configured app (no context).
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

impl Auth {
    /// Restores the session from `localStorage` (no network request).
    pub fn new(config: Config) -> Self {
        let (session, notice) = match Session::load(&config.client_id, storage::get) {
            Ok(session) => (session, None),
            Err(e) => (None, Some(AppError::from(e).to_string())),
        };
        let session = RwSignal::new(session);
        Self {
            config: StoredValue::new(config),
            session,
            signed_in: Memo::new(move |_| session.with(Option::is_some)),
            credentials: StoredValue::new(None),
            srp: StoredValue::new(None),
            challenge: StoredValue::new(None),
            notice: RwSignal::new(notice),
        }
    }

    /// The configuration.
    pub fn config(&self) -> Config {
        self.config.get_value()
    }

    /// Whether accounts are named by username or by email address.
    pub fn sign_in_with(&self) -> SignInWith {
        self.config.with_value(|c| c.sign_in_with)
    }

    /// The current session (tracked).
    pub fn session(&self) -> Option<Session> {
        self.session.get()
    }

    /// Is anyone signed in (tracked)?
    pub fn signed_in(&self) -> bool {
        self.signed_in.get()
    }

    /// A one-off message for the next view (taken once).
    pub fn take_notice(&self) -> Option<String> {
        let notice = self.notice.get_untracked();
        if notice.is_some() {
            self.notice.set(None);
        }
        notice
    }

    /// Leaves a message for the next view.
    pub fn set_notice(&self, text: impl Into<String>) {
        self.notice.set(Some(text.into()));
    }

    fn user_pool(&self) -> UserPoolClient<Fetch> {
        UserPoolClient::new(Fetch, self.config.with_value(Config::user_pool))
    }

    fn identity_pool(&self) -> IdentityPoolClient<Fetch> {
        IdentityPoolClient::new(Fetch, self.config.with_value(Config::identity_pool))
    }

    /// Computes the SRP public value `A` ahead of the sign-in (the slow part),
    /// on a later task so the view renders first.
    pub fn precompute_srp(&self) {
        if self.srp.with_value(Option::is_some) {
            return;
        }
        let srp = self.srp;
        leptos::task::spawn_local(async move {
            if let Ok(client) = new_srp_client() {
                srp.set_value(Some(client));
            }
        });
    }

    fn take_srp(&self) -> Result<SrpClient, AppError> {
        match self.srp.try_update_value(Option::take).flatten() {
            Some(client) => Ok(client),
            None => new_srp_client(),
        }
    }

    /// Registers a user; on success Cognito has sent a code to the email address.
    ///
    /// # Errors
    /// [`AppError::Form`] before sending, or the user pool's answer.
    pub async fn register(self, form: Registration) -> Result<String, AppError> {
        let valid = form.validate(self.sign_in_with())?;
        let result = self
            .user_pool()
            .sign_up(&valid.username, &valid.password, &valid.attributes)
            .await?;
        if result.user_confirmed {
            self.set_notice("Your account is ready. Sign in.");
        }
        Ok(valid.username)
    }

    /// Confirms the registration with the emailed code.
    ///
    /// # Errors
    /// [`AppError::Form`] for a code that is not 6 digits, or the user pool's answer.
    pub async fn confirm(self, username: String, code: String) -> Result<(), AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        let code = forms::check_code(&code)?;
        self.user_pool().confirm_sign_up(&username, &code).await?;
        self.set_notice("Your email address is verified. Sign in.");
        Ok(())
    }

    /// Sends the code again.
    ///
    /// # Errors
    /// The user pool's answer (e.g. too many codes requested).
    pub async fn resend(self, username: String) -> Result<CodeDelivery, AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        Ok(self.user_pool().resend_confirmation_code(&username).await?)
    }

    /// Asks Cognito to email a code for a new password.
    ///
    /// # Errors
    /// [`AppError::Form`], or the user pool's answer.
    pub async fn forgot_password(self, username: String) -> Result<CodeDelivery, AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        Ok(self.user_pool().forgot_password(&username).await?)
    }

    /// Sets a new password with the emailed code.
    ///
    /// # Errors
    /// [`AppError::Form`] before sending, or the user pool's answer.
    pub async fn reset_password(
        self,
        username: String,
        code: String,
        new: Password,
        confirm: String,
    ) -> Result<(), AppError> {
        let username = self.sign_in_with().account_name(&username)?;
        let code = forms::check_code(&code)?;
        forms::check_new_password(new.expose(), &confirm, &[])?;
        Ok(self
            .user_pool()
            .confirm_forgot_password(&username, &code, &new)
            .await?)
    }

    /// Signs in with SRP and stores the session.
    ///
    /// # Errors
    /// [`AppError::Form`] before sending; the user pool's answer (the same
    /// sentence for an unknown user and a wrong password).
    pub async fn sign_in(
        self,
        username: String,
        password: Password,
    ) -> Result<SignInStep, AppError> {
        let username = forms::check_sign_in(self.sign_in_with(), &username, password.expose())?;
        self.challenge.set_value(None);
        let srp = self.take_srp()?;
        let step = self
            .user_pool()
            .sign_in_srp(&username, &password, &srp, clock::now_seconds)
            .await;
        // A fresh A for a retry, whatever happened.
        self.precompute_srp();
        self.advance(step?)
    }

    /// Answers `NEW_PASSWORD_REQUIRED` (the account was created by an
    /// administrator with a temporary password).
    ///
    /// # Errors
    /// [`AppError::Form`] before sending; [`UserPoolError::SignInExpired`] when
    /// the step waited too long; the user pool's answer.
    pub async fn complete_new_password(
        self,
        new: Password,
        confirm: String,
        attributes: Vec<(String, String)>,
    ) -> Result<SignInStep, AppError> {
        let attributes = forms::check_new_password(new.expose(), &confirm, &attributes)?;
        let challenge = self.pending_challenge()?;
        let step = self
            .user_pool()
            .respond_new_password(&challenge, &new, &attributes)
            .await;
        self.advance(self.drop_challenge_if_expired(step)?)
    }

    /// Answers an MFA step with the 6-digit code.
    ///
    /// # Errors
    /// [`AppError::Form`] for a code that is not 6 digits; a wrong code; an
    /// expired step.
    pub async fn complete_mfa(self, code: String) -> Result<SignInStep, AppError> {
        let code = forms::check_code(&code)?;
        let challenge = self.pending_challenge()?;
        let step = self.user_pool().respond_mfa(&challenge, &code).await;
        self.advance(self.drop_challenge_if_expired(step)?)
    }

    /// Forgets a sign-in that was waiting for another step.
    pub fn cancel_sign_in(&self) {
        self.challenge.set_value(None);
    }

    fn pending_challenge(&self) -> Result<Challenge, AppError> {
        self.challenge
            .get_value()
            .ok_or_else(|| UserPoolError::SignInExpired.into())
    }

    fn drop_challenge_if_expired(
        &self,
        step: Result<AuthStep, UserPoolError>,
    ) -> Result<AuthStep, UserPoolError> {
        if matches!(step, Err(UserPoolError::SignInExpired)) {
            self.challenge.set_value(None);
        }
        step
    }

    /// Stores the session of a finished sign-in, or keeps the next challenge.
    fn advance(&self, step: AuthStep) -> Result<SignInStep, AppError> {
        match step {
            AuthStep::SignedIn { username, tokens } => {
                self.challenge.set_value(None);
                let session = Session::from_sign_in(username, tokens, clock::now_seconds())?;
                self.store(&session)?;
                self.credentials.set_value(None);
                self.session.set(Some(session));
                Ok(SignInStep::Done)
            }
            AuthStep::Challenge(c) => match c.kind() {
                ChallengeKind::Unsupported(name) => {
                    self.challenge.set_value(None);
                    Err(UserPoolError::UnsupportedChallenge(name).into())
                }
                kind => {
                    self.challenge.set_value(Some(c));
                    Ok(SignInStep::Needs(kind))
                }
            },
        }
    }

    fn store(&self, session: &Session) -> Result<(), AppError> {
        let client_id = self.config.with_value(|c| c.client_id.clone());
        for (key, value) in session.storage_entries(&client_id) {
            storage::set(&key, &value).map_err(AppError::Browser)?;
        }
        Ok(())
    }

    /// Keeps the tokens of an open tab fresh without waiting for a call: every
    /// 30 seconds, and when the browser comes back online, tokens that expire
    /// within the margin are renewed (under the cross-tab lock, so open tabs
    /// share one refresh). A failed attempt is simply tried again next time.
    pub fn keep_fresh(&self) {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let auth = *self;
        let alive = Arc::new(AtomicBool::new(true));
        let running = Arc::clone(&alive);
        leptos::task::spawn_local(async move {
            loop {
                clock::sleep(KEEP_FRESH_EVERY_MS).await;
                if !running.load(Ordering::Relaxed) {
                    break;
                }
                auth.renew_if_due().await;
            }
        });
        let online = window_event_listener(leptos::ev::online, move |_| {
            leptos::task::spawn_local(auth.renew_if_due());
        });
        on_cleanup(move || {
            alive.store(false, Ordering::Relaxed);
            online.remove();
        });
    }

    /// [`Self::fresh_session`] (which renews only tokens that are due), while
    /// the app is still mounted and someone is signed in.
    async fn renew_if_due(self) {
        if self.session.try_get_untracked().flatten().is_some() {
            let _ = self.fresh_session().await;
        }
    }

    /// Follows sign-ins and sign-outs of other tabs (their `localStorage`
    /// writes arrive here as `storage` events): the session is re-read.
    pub fn follow_other_tabs(&self) {
        let auth = *self;
        let prefix = Session::key_prefix(&self.config.with_value(|c| c.client_id.clone()));
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            // `key` is null when another tab cleared all of storage.
            let ours = event.key().is_none_or(|k| k.starts_with(&prefix));
            if ours {
                let client_id = auth.config.with_value(|c| c.client_id.clone());
                let session = Session::load(&client_id, storage::get).ok().flatten();
                if session.is_none() {
                    auth.credentials.set_value(None);
                }
                auth.session.set(session);
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// The signed-in user and their attributes (`GetUser`).
    ///
    /// # Errors
    /// [`AppError::NotSignedIn`], or the user pool's answer (an expired or
    /// revoked session signs the user out).
    pub async fn user(self) -> Result<User, AppError> {
        self.with_access_token(|pool, token| async move { pool.get_user(&token).await })
            .await
    }

    /// Saves the optional `name` and `address` attributes.
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn update_profile(self, name: String, address: String) -> Result<(), AppError> {
        let attributes = [
            Attribute::new("name", name.trim()),
            Attribute::new("address", address.trim()),
        ];
        self.with_access_token(|pool, token| {
            let attributes = attributes.clone();
            async move { pool.update_user_attributes(&token, &attributes).await }
        })
        .await
    }

    /// Changes the password (checked against the policy and the confirmation first).
    ///
    /// # Errors
    /// [`AppError::Form`], or the user pool's answer (a wrong current password
    /// reads as "Incorrect username or password.").
    pub async fn change_password(
        self,
        current: Password,
        new: Password,
        confirm: String,
    ) -> Result<(), AppError> {
        if current.expose().is_empty() {
            return Err(forms::FormError::Missing("current password").into());
        }
        forms::check_new_password(new.expose(), &confirm, &[])?;
        self.with_access_token(|pool, token| {
            let (current, new) = (current.clone(), new.clone());
            async move { pool.change_password(&token, &current, &new).await }
        })
        .await
    }

    /// Starts setting up an authenticator app: the shared key to show.
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn start_totp_setup(self) -> Result<TotpSecret, AppError> {
        self.with_access_token(
            |pool, token| async move { pool.associate_software_token(&token).await },
        )
        .await
    }

    /// Checks the app's first code, then makes the app the preferred second step.
    ///
    /// # Errors
    /// [`AppError::Form`] for a code that is not 6 digits; a wrong code.
    pub async fn finish_totp_setup(self, code: String) -> Result<(), AppError> {
        let code = forms::check_code(&code)?;
        self.with_access_token(|pool, token| {
            let code = code.clone();
            async move {
                pool.verify_software_token(&token, &code, "Authenticator app")
                    .await?;
                pool.set_totp_preference(&token, true).await
            }
        })
        .await
    }

    /// Turns the authenticator-app step off.
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn disable_totp(self) -> Result<(), AppError> {
        self.with_access_token(|pool, token| async move {
            pool.set_totp_preference(&token, false).await
        })
        .await
    }

    /// Runs a user pool call with the access token. A token Cognito refuses
    /// as expired or revoked is refreshed once and the call repeated; a
    /// refused refresh ends the session.
    async fn with_access_token<T, F, Fut>(self, call: F) -> Result<T, AppError>
    where
        F: Fn(UserPoolClient<Fetch>, AccessToken) -> Fut,
        Fut: Future<Output = Result<T, UserPoolError>>,
    {
        let session = self.fresh_session().await?;
        let first = call(self.user_pool(), session.access_token.clone()).await;
        let result = match first {
            Err(UserPoolError::SessionExpired) if session.refresh_token.is_some() => {
                let renewed = self.refresh(session, true).await?;
                call(self.user_pool(), renewed.access_token).await
            }
            other => other,
        };
        self.end_session_if_refused(result)
    }

    /// Signs out on every device (`GlobalSignOut`), revokes this refresh token,
    /// and always signs out here, whatever the network says.
    ///
    /// # Errors
    /// The user pool's answer; the local sign-out has happened anyway.
    pub async fn sign_out_everywhere(self) -> Result<(), AppError> {
        let refresh_token = self.session.get_untracked().and_then(|s| s.refresh_token);
        let result = async {
            self.with_access_token(|pool, token| async move { pool.global_sign_out(&token).await })
                .await?;
            if let Some(refresh) = &refresh_token {
                // Already invalid after GlobalSignOut on AWS; revoking is belt and braces.
                let _ = self.user_pool().revoke_token(refresh).await;
            }
            Ok::<_, AppError>(())
        }
        .await;
        self.sign_out();
        result
    }

    /// Passes `result` on; a refused token also ends the session here.
    fn end_session_if_refused<T>(&self, result: Result<T, UserPoolError>) -> Result<T, AppError> {
        result.map_err(|e| {
            let e = AppError::from(e);
            if e.ends_session() {
                self.sign_out();
                self.set_notice(e.to_string());
            }
            e
        })
    }

    /// Forgets the session here (always works, also offline).
    pub fn sign_out(&self) {
        let (client_id, pool_id) = self
            .config
            .with_value(|c| (c.client_id.clone(), c.identity_pool_id.clone()));
        if let Some(session) = self.session.get_untracked() {
            for key in Session::user_keys(&client_id, &session.username) {
                storage::remove(&key);
            }
        }
        storage::remove(&Session::last_user_key(&client_id));
        storage::remove(&Session::identity_id_key(&pool_id));
        self.credentials.set_value(None);
        self.session.set(None);
    }

    /// The session, refreshed first when its tokens are about to expire.
    async fn fresh_session(self) -> Result<Session, AppError> {
        let session = self.session.get_untracked().ok_or(AppError::NotSignedIn)?;
        if session.refresh_token.is_none()
            || !session.needs_refresh(clock::now_seconds(), TOKEN_MARGIN)
        {
            return Ok(session);
        }
        self.refresh(session, false).await
    }

    /// Refreshes the tokens (`REFRESH_TOKEN_AUTH`), one refresh at a time
    /// across every tab: under the lock the stored session is read again, and
    /// if another tab (or task) renewed it meanwhile, that is used instead.
    /// `refused`: Cognito refused the tokens of `stale`, so they cannot be
    /// used even if they look valid.
    ///
    /// A network error or 5xx keeps the session (the old tokens are used while
    /// they are valid, and the refresh is tried again next time); only a
    /// refused refresh token ends it.
    async fn refresh(self, stale: Session, refused: bool) -> Result<Session, AppError> {
        let client_id = self.config.with_value(|c| c.client_id.clone());
        let lock_name = format!("{}.refresh", Session::key_prefix(&client_id));
        lock::exclusive(&lock_name, move |waited| async move {
            let load = || Session::load(&client_id, storage::get);
            let mut stored = load()?;
            // Another tab refreshed while this one waited: its tokens can reach
            // this tab's storage a moment after its lock is released.
            let mut tries = 0;
            while waited && tries < PROPAGATION_TRIES && stored.as_ref() == Some(&stale) {
                clock::sleep(50).await;
                stored = load()?;
                tries += 1;
            }
            let Some(current) = stored else {
                // Signed out in another tab meanwhile.
                self.credentials.set_value(None);
                self.session.set(None);
                return Err(AppError::NotSignedIn);
            };
            let now = clock::now_seconds();
            let renewed_elsewhere =
                current.username != stale.username || current.access_token != stale.access_token;
            if renewed_elsewhere && !current.needs_refresh(now, TOKEN_MARGIN) {
                self.session.set(Some(current.clone()));
                return Ok(current);
            }
            let Some(refresh_token) = current.refresh_token.clone() else {
                return Ok(current);
            };
            match self
                .user_pool()
                .refresh(&current.username, &refresh_token)
                .await
            {
                Ok(tokens) => {
                    let renewed = current.refreshed(tokens, clock::now_seconds())?;
                    self.store(&renewed)?;
                    self.session.set(Some(renewed.clone()));
                    Ok(renewed)
                }
                Err(e) if e.is_transient() && !refused && current.is_valid(now) => Ok(current),
                Err(e) => {
                    // A refresh token rotated by another tab meanwhile is not an ended session.
                    if let Some(newer) =
                        load()?.filter(|s| s.refresh_token != current.refresh_token)
                    {
                        self.session.set(Some(newer.clone()));
                        return Ok(newer);
                    }
                    let e = AppError::from(e);
                    if e.ends_session() {
                        self.sign_out();
                        self.set_notice(e.to_string());
                    }
                    Err(e)
                }
            }
        })
        .await
    }

    /// AWS credentials from the identity pool, reused until close to expiry.
    /// The identity id is cached in `localStorage`, so after a reload one
    /// request (`GetCredentialsForIdentity`) is enough.
    async fn aws_credentials(self) -> Result<Credentials, AppError> {
        let now = clock::now_seconds();
        if let Some(creds) = self
            .credentials
            .get_value()
            .filter(|c| !c.expires_within(now, CREDENTIALS_MARGIN))
        {
            return Ok(creds);
        }
        let session = self.fresh_session().await?;
        let key = Session::identity_id_key(&self.config.with_value(|c| c.identity_pool_id.clone()));
        let cached = storage::get(&key);
        let pool = self.identity_pool();
        let (identity_id, creds) =
            match pool.credentials(cached.as_deref(), &session.id_token).await {
                // The ID token was refused (expired early, revoked): refresh once, try again.
                Err(IdentityError::NotAuthorized(_)) if session.refresh_token.is_some() => {
                    let renewed = self.refresh(session, true).await?;
                    pool.credentials(cached.as_deref(), &renewed.id_token)
                        .await?
                }
                other => other?,
            };
        if cached.as_deref() != Some(identity_id.as_str()) {
            storage::set(&key, &identity_id).map_err(AppError::Browser)?;
        }
        self.credentials.set_value(Some(creds.clone()));
        Ok(creds)
    }

    /// Lists one page of `bucket` (keys under `prefix`, if not empty).
    ///
    /// # Errors
    /// [`AppError::NotSignedIn`], identity or S3 errors.
    pub async fn list(
        self,
        bucket: String,
        prefix: String,
        continuation_token: Option<String>,
    ) -> Result<ListPage, AppError> {
        let bucket = bucket.trim().to_owned();
        if bucket.is_empty() {
            return Err(forms::FormError::Missing("bucket name").into());
        }
        let creds = self.aws_credentials().await?;
        let request = ListObjects {
            bucket,
            prefix: Some(prefix).filter(|p| !p.is_empty()),
            continuation_token,
            max_keys: Some(PAGE_SIZE),
            ..Default::default()
        };
        let endpoint = self.config.with_value(Config::s3);
        let page = s3::list_objects(
            &Fetch,
            &endpoint,
            &creds,
            &request,
            s3::system_time(clock::now_millis()),
        )
        .await;
        if matches!(page, Err(s3::S3Error::ExpiredCredentials)) {
            self.credentials.set_value(None);
        }
        Ok(page?)
    }
}

fn new_srp_client() -> Result<SrpClient, AppError> {
    let secret: [u8; SECRET_LEN] =
        random::bytes().map_err(|e| AppError::Browser(format!("{e:?}")))?;
    SrpClient::new(&secret).map_err(|e| AppError::from(UserPoolError::from(e)))
}
