//! Keeping tokens fresh: before a call that needs them, by a check every 30
//! seconds in each open tab and when the browser comes back online, and once
//! more when Cognito refuses them. One refresh at a time across every tab
//! (the cross-tab lock); what to do at each point is decided by the pure
//! [`crate::session::policy::decide`], this file does the I/O it asks for.

use std::future::Future;
use std::pin::Pin;

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

/// A boxed future: the refresh machinery is compiled once, not copied into
/// every caller's state machine.
pub type Boxed<T> = Pin<Box<dyn Future<Output = T>>>;

impl Auth {
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
    ///
    /// Calls of this tab that want a refresh at the same moment (a page loading
    /// its profile and its devices) share one: a call that waited for the lock
    /// while another call of this tab refreshed takes that outcome, success or
    /// failure, rather than asking Cognito again.
    pub(super) fn refresh(self, stale: Session, refused: bool) -> Boxed<Result<Session, AppError>> {
        let lock_name = format!("{}.refresh", Session::key_prefix(&self.client_id()));
        let before = self.flow.with_value(|f| f.refreshed.0);
        Box::pin(async move {
            lock::exclusive(&lock_name, move |waited| async move {
                if let Some(outcome) = self.flow.with_value(|f| {
                    let (count, last) = &f.refreshed;
                    last.clone().filter(|_| *count != before)
                }) {
                    return outcome;
                }
                let outcome = self.refresh_waited(stale, refused, waited).await;
                let shared = outcome.clone();
                self.flow
                    .update_value(|f| f.refreshed = (f.refreshed.0 + 1, Some(shared)));
                outcome
            })
            .await
        })
    }

    /// [`Self::refresh`] under the lock, once this tab has no outcome to share.
    async fn refresh_waited(
        self,
        stale: Session,
        refused: bool,
        waited: bool,
    ) -> Result<Session, AppError> {
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
