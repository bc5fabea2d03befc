//! The refresh decisions, as one pure function: given the session a caller
//! had, what storage holds now (another tab may have renewed the tokens,
//! rotated the refresh token or signed out) and how far the refresh got,
//! what to do next. The browser glue (`app::auth::refresh`) runs it under the
//! cross-tab lock and does the I/O each decision asks for.

use super::Session;

/// How a refresh that Cognito did not answer with tokens failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshFailure {
    /// Network, throttling, Cognito's own trouble: try again later.
    Transient,
    /// Cognito refused the refresh token (expired, revoked, signed out everywhere).
    Refused,
    /// Anything else (a misconfiguration, say): reported, the session kept.
    Other,
}

/// How far the refresh has got.
#[derive(Debug, Clone, Copy)]
pub enum RefreshStep<'a> {
    /// Nothing asked of Cognito yet.
    Start,
    /// Cognito did not renew the session `tried`.
    Failed {
        /// The session whose refresh token was sent.
        tried: &'a Session,
        /// Why.
        failure: RefreshFailure,
    },
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshDecision {
    /// Nobody is signed in any more (another tab signed out): forget the session.
    SignedOutElsewhere,
    /// Use the stored session as it is: another tab renewed it or rotated its
    /// refresh token, or it has no refresh token to renew it with.
    UseStored,
    /// Send the stored session's refresh token to Cognito.
    Refresh,
    /// Keep the tokens that were tried: still valid, and the refresh failed
    /// for a passing reason (it is tried again next time).
    KeepTried,
    /// The failure stands: report it (and sign out if it ended the session).
    Fail,
}

/// The refresh's next move.
///
/// - `stale`: the session the caller had when it decided to refresh;
/// - `stored`: what storage holds now (read again after a failed attempt);
/// - `refused`: Cognito refused `stale`'s tokens in a call, so they cannot
///   be used even if they look valid;
/// - `now`: local Unix time; `margin`: renew tokens that expire this soon.
pub fn decide(
    stale: &Session,
    stored: Option<&Session>,
    step: RefreshStep<'_>,
    refused: bool,
    now: i64,
    margin: i64,
) -> RefreshDecision {
    use RefreshDecision as D;
    match step {
        RefreshStep::Start => {
            let Some(stored) = stored else {
                return D::SignedOutElsewhere;
            };
            let renewed_elsewhere =
                stored.user != stale.user || stored.access_token != stale.access_token;
            let fresh_from_elsewhere = renewed_elsewhere && !stored.needs_refresh(now, margin);
            if fresh_from_elsewhere || stored.refresh_token.is_none() {
                D::UseStored
            } else {
                D::Refresh
            }
        }
        RefreshStep::Failed { tried, failure } => {
            if failure == RefreshFailure::Transient && !refused && tried.is_valid(now) {
                return D::KeepTried;
            }
            match stored {
                None => D::SignedOutElsewhere,
                // Another tab rotated the refresh token meanwhile: not an ended session.
                Some(s) if s.refresh_token != tried.refresh_token => D::UseStored,
                Some(_) => D::Fail,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::jwt::make_jwt;
    use crate::secret::{AccessToken, IdToken, RefreshToken};
    use crate::user_pool::UserId;

    const MARGIN: i64 = 120;

    /// A session for `user` whose tokens were issued at `iat` and expire at `exp`
    /// (no clock drift); `tag` makes its tokens distinct.
    fn session(user: &str, iat: i64, exp: i64, refresh: Option<&str>, tag: &str) -> Session {
        let jwt = |kind| make_jwt(&json!({"iat": iat, "exp": exp, "kind": kind, "tag": tag}));
        Session::new(
            UserId::new(user),
            IdToken::new(jwt("id")),
            AccessToken::new(jwt("access")),
            refresh.map(RefreshToken::new),
            iat,
        )
        .unwrap()
    }

    fn start(stale: &Session, stored: Option<&Session>, now: i64) -> RefreshDecision {
        decide(stale, stored, RefreshStep::Start, false, now, MARGIN)
    }

    fn failed(
        tried: &Session,
        stored: Option<&Session>,
        failure: RefreshFailure,
        refused: bool,
        now: i64,
    ) -> RefreshDecision {
        let step = RefreshStep::Failed { tried, failure };
        decide(tried, stored, step, refused, now, MARGIN)
    }

    #[test]
    fn signed_out_in_another_tab_before_the_refresh() {
        let stale = session("u", 0, 3600, Some("r"), "a");
        assert_eq!(
            start(&stale, None, 3550),
            RefreshDecision::SignedOutElsewhere
        );
    }

    #[test]
    fn renewed_in_another_tab_is_used() {
        let stale = session("u", 0, 3600, Some("r"), "a");
        let renewed = session("u", 3500, 7100, Some("r"), "b");
        assert_eq!(
            start(&stale, Some(&renewed), 3550),
            RefreshDecision::UseStored
        );
    }

    #[test]
    fn renewed_elsewhere_but_due_again_is_refreshed() {
        let stale = session("u", 0, 3600, Some("r"), "a");
        let renewed_long_ago = session("u", 100, 3650, Some("r"), "b");
        assert_eq!(
            start(&stale, Some(&renewed_long_ago), 3550),
            RefreshDecision::Refresh
        );
    }

    #[test]
    fn another_user_signed_in_meanwhile_is_used() {
        let stale = session("u", 0, 3600, Some("r"), "a");
        let other = session("v", 3500, 7100, Some("r2"), "a");
        assert_eq!(
            start(&stale, Some(&other), 3550),
            RefreshDecision::UseStored
        );
    }

    #[test]
    fn no_refresh_token_means_use_what_there_is() {
        let stale = session("u", 0, 3600, None, "a");
        assert_eq!(
            start(&stale, Some(&stale), 3550),
            RefreshDecision::UseStored
        );
    }

    #[test]
    fn unchanged_and_due_is_refreshed() {
        let stale = session("u", 0, 3600, Some("r"), "a");
        assert_eq!(start(&stale, Some(&stale), 3550), RefreshDecision::Refresh);
    }

    #[test]
    fn a_transient_failure_keeps_valid_tokens() {
        let tried = session("u", 0, 3600, Some("r"), "a");
        assert_eq!(
            failed(&tried, Some(&tried), RefreshFailure::Transient, false, 3550),
            RefreshDecision::KeepTried
        );
    }

    #[test]
    fn a_transient_failure_with_expired_tokens_fails() {
        let tried = session("u", 0, 3600, Some("r"), "a");
        assert_eq!(
            failed(&tried, Some(&tried), RefreshFailure::Transient, false, 3601),
            RefreshDecision::Fail
        );
    }

    #[test]
    fn a_transient_failure_after_refused_tokens_fails() {
        let tried = session("u", 0, 3600, Some("r"), "a");
        assert_eq!(
            failed(&tried, Some(&tried), RefreshFailure::Transient, true, 100),
            RefreshDecision::Fail
        );
    }

    #[test]
    fn a_refused_refresh_token_fails() {
        let tried = session("u", 0, 3600, Some("r"), "a");
        assert_eq!(
            failed(&tried, Some(&tried), RefreshFailure::Refused, false, 100),
            RefreshDecision::Fail
        );
    }

    #[test]
    fn a_refresh_token_rotated_by_another_tab_is_not_an_ended_session() {
        let tried = session("u", 0, 3600, Some("r"), "a");
        let rotated = session("u", 3500, 7100, Some("r-next"), "b");
        assert_eq!(
            failed(&tried, Some(&rotated), RefreshFailure::Refused, false, 3550),
            RefreshDecision::UseStored
        );
    }

    #[test]
    fn signed_out_in_another_tab_during_the_refresh() {
        let tried = session("u", 0, 3600, Some("r"), "a");
        assert_eq!(
            failed(&tried, None, RefreshFailure::Other, false, 3550),
            RefreshDecision::SignedOutElsewhere
        );
    }
}
