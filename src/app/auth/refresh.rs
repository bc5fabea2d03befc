//! Keeping tokens fresh: before a call that needs them, by a check every 30
//! seconds in each open tab and when the browser comes back online, and once
//! more when Cognito refuses them. One refresh at a time across every tab
//! (the cross-tab lock); what to do at each point is decided by the pure
//! [`crate::session::policy::decide`], this file does the I/O it asks for.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use leptos::prelude::*;

use super::Auth;
use crate::error::AppError;
use crate::secret::AccessToken;
use crate::service::WrapsServiceFailure;
use crate::session::Session;
use crate::session::policy::{self, RefreshDecision, RefreshFailure, RefreshStep};
use crate::user_pool::{UserPoolClient, UserPoolError};
use crate::web::fetch::Fetch;
use crate::web::{clock, lock};

/// Renew tokens this long before they expire (seconds).
pub const TOKEN_MARGIN: i64 = 120;
/// After waiting for another tab's refresh, look for its tokens in storage
/// this many times, 50 ms apart, before refreshing here.
const PROPAGATION_TRIES: u32 = 30;
/// How often an open tab checks whether its tokens are due for renewal.
const KEEP_FRESH_EVERY: Duration = Duration::from_secs(30);

/// A boxed future: the refresh machinery is compiled once, not copied into
/// every caller's state machine.
pub type Boxed<T> = Pin<Box<dyn Future<Output = T>>>;

impl Auth {
    /// Keeps the tokens of an open tab fresh without waiting for a call: every
    /// 30 seconds, and when the browser comes back online, tokens that expire
    /// within the margin are renewed (under the cross-tab lock, so open tabs
    /// share one refresh). A failed attempt is simply tried again next time.
    pub fn keep_fresh(&self) {
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

    /// [`Self::fresh_session`] (which renews only tokens that are due), while
    /// the app is still mounted and someone is signed in.
    async fn renew_if_due(self) {
        if self.session.try_get_untracked().flatten().is_some() {
            let _ = self.fresh_session().await;
        }
    }

    /// The session, refreshed first when its tokens are about to expire.
    pub(super) fn fresh_session(self) -> Boxed<Result<Session, AppError>> {
        Box::pin(async move {
            let session = self.session.get_untracked().ok_or(AppError::NotSignedIn)?;
            if session.refresh_token.is_none()
                || !session.needs_refresh(clock::now_seconds(), TOKEN_MARGIN)
            {
                return Ok(session);
            }
            self.refresh(session, false).await
        })
    }

    /// Runs a user pool call with the access token. A token Cognito refuses
    /// as expired or revoked is refreshed once and the call repeated; a
    /// refused refresh ends the session.
    pub(super) async fn with_access_token<T>(
        self,
        call: impl Fn(UserPoolClient<Fetch>, AccessToken) -> Boxed<Result<T, UserPoolError>>,
    ) -> Result<T, AppError> {
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

    /// Refreshes the tokens (`GetTokensFromRefreshToken`), one refresh at a time
    /// across every tab: under the lock the stored session is read again, and
    /// if another tab renewed it meanwhile, that is used instead.
    /// `refused`: Cognito refused the tokens of `stale`, so they cannot be
    /// used even if they look valid.
    ///
    /// A network error or 5xx keeps the session (the old tokens are used while
    /// they are valid, and the refresh is tried again next time); only a
    /// refused refresh token ends it.
    pub(super) fn refresh(self, stale: Session, refused: bool) -> Boxed<Result<Session, AppError>> {
        let lock_name = format!("{}.refresh", Session::key_prefix(&self.client_id()));
        Box::pin(async move {
            lock::exclusive(&lock_name, move |waited| async move {
                let mut stored = self.load()?;
                // Another tab refreshed while this one waited: its tokens can reach
                // this tab's storage a moment after its lock is released.
                let mut tries = 0;
                while waited && tries < PROPAGATION_TRIES && stored.as_ref() == Some(&stale) {
                    clock::sleep(50).await;
                    stored = self.load()?;
                    tries += 1;
                }
                self.refresh_locked(stale, stored, refused).await
            })
            .await
        })
    }

    /// The refresh itself, under the lock: asks [`policy::decide`] what to do
    /// until it says stop.
    async fn refresh_locked(
        self,
        stale: Session,
        mut stored: Option<Session>,
        refused: bool,
    ) -> Result<Session, AppError> {
        let mut failed: Option<(Session, RefreshFailure, UserPoolError)> = None;
        loop {
            let step = match &failed {
                None => RefreshStep::Start,
                Some((tried, failure, _)) => RefreshStep::Failed {
                    tried,
                    failure: *failure,
                },
            };
            let now = clock::now_seconds();
            let decision =
                policy::decide(&stale, stored.as_ref(), step, refused, now, TOKEN_MARGIN);
            match (decision, stored.take(), failed.take()) {
                // What was tried stays in use, whatever storage holds now.
                (RefreshDecision::KeepTried, _, Some((tried, ..))) => return Ok(tried),
                (RefreshDecision::Fail, _, Some((.., error))) => {
                    return Err(self.fail(error.into()));
                }
                (RefreshDecision::SignedOutElsewhere, ..) | (_, None, _) => {
                    self.forget();
                    return Err(AppError::NotSignedIn);
                }
                (RefreshDecision::UseStored, Some(current), _) => {
                    self.session.set(Some(current.clone()));
                    return Ok(current);
                }
                (RefreshDecision::Refresh, Some(current), _) => {
                    let Some(refresh_token) = current.refresh_token.clone() else {
                        return Ok(current);
                    };
                    match self.user_pool().refresh(&refresh_token).await {
                        Ok(tokens) => {
                            let renewed = current.refreshed(tokens, clock::now_seconds())?;
                            return self.store(renewed);
                        }
                        Err(e) => {
                            let failure = classify(&e);
                            failed = Some((current, failure, e));
                            stored = self.load()?;
                        }
                    }
                }
                // KeepTried or Fail before any attempt: the policy never says so.
                (_, Some(current), None) => return Ok(current),
            }
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

/// How a failed refresh counts for the policy.
fn classify(e: &UserPoolError) -> RefreshFailure {
    if e.is_transient() {
        RefreshFailure::Transient
    } else if AppError::from(e.clone()).ends_session() {
        RefreshFailure::Refused
    } else {
        RefreshFailure::Other
    }
}
