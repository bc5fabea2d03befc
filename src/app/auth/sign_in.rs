//! Signing in: SRP (with `A` computed ahead, while the user types) and the
//! further steps Cognito may ask for (a new password, an MFA code). Signing
//! in without a password (`USER_AUTH`) is in [`super::passwordless`]; its
//! steps come back here as these do.
//!
//! The password's own steps are the `signin` module of a release build, which
//! comes in the first module's file right behind it (`scripts/bundle.py`),
//! after the `srp` module, which computes `A`: the sign-in form (first module)
//! calls [`prepare`] as soon as it is shown, which computes `A` as soon as its
//! module is in and then waits for the sign-in's, while the user types, and
//! [`submit`] when the form is sent. The further steps' views (and what only they call)
//! are in `signin_more`, fetched once this module is there.

use leptos::prelude::*;

use super::device::{DeviceOutcome, DeviceStep};
use super::refresh::Boxed;
use super::{Auth, new_srp_client};
use crate::app::split::split;
use crate::error::{AppError, BrowserError};
use crate::forms::{self, FormError};
use crate::secret::Password;
use crate::session::Session;
use crate::srp::{GPowTableBuilder, SECRET_LEN, SrpClient, SrpStart};
use crate::user_pool::{AuthStep, Challenge, ChallengeKind, ChallengeName, UserPoolError};
use crate::web::{clock, random};

/// Rows of SRP's one-time table computed in one task (~1 ms a row on a
/// laptop, ~4 ms on a phone four times slower: each task stays far under 50 ms).
const TABLE_ROWS_A_TASK: usize = 4;

/// Where a sign-in stands, for the sign-in view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInStep {
    /// Signed in.
    Done,
    /// Signed in from a new device the pool leaves to the user to remember:
    /// ask, then [`Auth::remember_this_device`].
    AskToRememberDevice,
    /// Cognito wants another answer (never [`ChallengeKind::Unsupported`]).
    Needs(ChallengeKind),
}

/// The sign-in in progress, provided as context by the sign-in view for the
/// further step's view (shown from the further steps' module).
#[derive(Clone, Copy)]
pub struct SignInSteps {
    /// The view's notice (a sentence above the form).
    pub notice: RwSignal<Option<String>>,
    /// The step Cognito asks for.
    pub step: RwSignal<Option<ChallengeKind>>,
    /// Called with the next step.
    pub on_step: Callback<SignInStep>,
    /// Called when the step has expired or the user starts again.
    pub on_restart: Callback<()>,
    /// The account name typed in the form (a sign-in without a password
    /// starts again with it: a new code, another way).
    pub username: RwSignal<String>,
    /// How the sign-in under way started: without a password, a code step is
    /// its first factor (which can be sent again), unless the password was chosen.
    pub started: RwSignal<SignInStart>,
}

/// How a sign-in of the sign-in view started, for the steps after it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SignInStart {
    /// With the form's password (SRP), or nothing under way.
    #[default]
    Form,
    /// Without a password (`USER_AUTH`): a code step is the first factor.
    Passwordless,
    /// Without a password, then the password chosen: a code step is a second factor.
    PasswordChosen,
}

/// What the sign-in view does once the form's sign-in ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    /// Signed in, or a further step.
    Step(SignInStep),
    /// On to this view (`/forgot-password`, `/verify`) with the account name,
    /// whose notice says why.
    GoTo(&'static str, String),
    /// Not signed in: the sentence to show.
    Failed(String),
}

/// What a further step's view does with its outcome: passes the next step
/// on; an expired step sends the user back to the start
/// (with the reason kept for the sign-in form).
pub fn follow(
    auth: Auth,
    result: Result<SignInStep, AppError>,
    on_step: Callback<SignInStep>,
    on_restart: Callback<()>,
) -> Result<(), AppError> {
    match result {
        Ok(step) => {
            on_step.run(step);
            Ok(())
        }
        Err(e @ AppError::UserPool(UserPoolError::SignInExpired)) => {
            auth.set_notice(e.to_string());
            on_restart.run(());
            Err(e)
        }
        Err(e) => Err(e),
    }
}

split! {
    /// SRP's `A` computed ahead ([`Auth::compute_srp`]), in a module of its own
    /// that comes first in the sign-in's bytes (`scripts/bundle.py`): `A` is there
    /// while the rest of them arrives. It reads no configuration and sends nothing.
    srp, fn compute_srp_in_module(auth: Auth) -> Boxed<()> {
        Box::pin(auth.compute_srp())
    }
}

split! {
    /// The sign-in's module started (`A` computed, unless its module could not
    /// be fetched): Cognito's context data collector, when threat protection is
    /// on; SRP's table for `g^x`, in later tasks.
    signin, fn prepare_in_module(auth: Auth) -> () {
        clock::mark("sign-in-module-started");
        auth.load_context_collector();
        if auth.flow.try_with_value(|f| f.srp.is_some()) == Some(true) {
            // Signing in needs no more download and no more work before the click.
            clock::mark("sign-in-ready");
        }
        leptos::task::spawn_local(build_srp_table());
    }
}

split! {
    /// [`Auth::submit_sign_in`], in the sign-in's module.
    signin, fn submit_in_module(auth: Auth, username: String, password: Password) -> Boxed<SignInOutcome> {
        Box::pin(auth.submit_sign_in(username, password))
    }
}

/// While the user types: computes SRP's `A` as soon as its module is in, then
/// waits for the sign-in's module (the configuration checked), each in a later
/// task than the form's first paint (which stays short).
pub async fn prepare(auth: Auth) {
    clock::sleep(0).await;
    if let Ok(computing) = compute_srp_in_module(auth).await {
        computing.await;
    }
    // Not fetched (offline): `submit` tries again and says so.
    if auth.checked().await.is_ok() {
        let _ = prepare_in_module(auth).await;
    }
}

/// SRP's one-time table for `g^x`, a few rows a task: ~10 ms off the sign-in
/// after the click, when it is ready by then.
async fn build_srp_table() {
    let mut table = GPowTableBuilder::default();
    loop {
        clock::sleep(0).await;
        if table.step(TABLE_ROWS_A_TASK) {
            break;
        }
    }
}

/// Signs in with the form's account name and password.
pub async fn submit(auth: Auth, username: String, password: Password) -> SignInOutcome {
    if let Err(not_checked) = auth.checked().await {
        return SignInOutcome::Failed(not_checked.to_string());
    }
    match submit_in_module(auth, username, password).await {
        Ok(signing_in) => signing_in.await,
        Err(_) => SignInOutcome::Failed(BrowserError::PageNotLoaded.to_string()),
    }
}

impl Auth {
    /// Computes the SRP public value `A` ahead of the next sign-in (in short
    /// tasks, as [`prepare`] does), then SRP's table, in tasks of their own.
    pub fn precompute_srp(&self) {
        let auth = *self;
        leptos::task::spawn_local(async move {
            auth.compute_srp().await;
            build_srp_table().await;
        });
    }

    /// Computes the SRP public value `A` ahead of the sign-in in short tasks
    /// ([`SrpStart`]: seven of ~11 ms on a phone four times slower than a
    /// laptop), so no task of the page is long (typing stays responsive).
    pub(super) async fn compute_srp(self) {
        let flow = self.flow;
        // A sign-in sent meanwhile made its own; the view may be gone.
        let wanted = move || flow.try_with_value(|f| f.srp.is_none()) == Some(true);
        if !wanted() {
            return;
        }
        let Ok(secret) = random::bytes::<SECRET_LEN>() else {
            return;
        };
        let Ok(mut start) = SrpStart::new(&secret) else {
            return;
        };
        let client = loop {
            // Not in the task that loaded the module, nor in one long task.
            clock::sleep(0).await;
            if let Some(done) = start.step() {
                break done;
            }
        };
        if let Ok(client) = client
            && wanted()
        {
            flow.try_update_value(|f| f.srp = Some(client));
            clock::mark("sign-in-a-ready");
        }
    }

    /// The form's sign-in, and where the view goes next.
    async fn submit_sign_in(self, username: String, password: Password) -> SignInOutcome {
        match self.sign_in(username.clone(), password).await {
            Ok(step) => SignInOutcome::Step(step),
            Err(e @ AppError::UserPool(UserPoolError::PasswordResetRequired)) => {
                self.set_notice(e.to_string());
                SignInOutcome::GoTo("/forgot-password", username)
            }
            Err(e) if e.is_unconfirmed() => {
                self.set_notice(e.to_string());
                SignInOutcome::GoTo("/verify", username)
            }
            Err(e) => SignInOutcome::Failed(e.to_string()),
        }
    }

    pub(super) fn take_srp(&self) -> Result<SrpClient, AppError> {
        match self.flow.try_update_value(|f| f.srp.take()).flatten() {
            Some(client) => Ok(client),
            None => new_srp_client(),
        }
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
        self.flow.update_value(|f| f.challenge = None);
        let srp = self.take_srp()?;
        let step = self
            .user_pool()
            .sign_in_srp_from(
                &username,
                &password,
                &srp,
                |user| self.device_key(user),
                clock::now_seconds,
            )
            .await;
        // A fresh A for a retry, whatever happened.
        self.precompute_srp();
        self.advance(step?).await
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
        let attributes = forms::check_new_password(
            &self.password_policy(),
            new.expose(),
            &confirm,
            &attributes,
        )?;
        let challenge = self.pending_challenge()?;
        let step = self
            .user_pool()
            .respond_new_password(&challenge, &new, &attributes)
            .await;
        self.advance(self.drop_challenge_if_expired(step)?).await
    }

    /// Answers a code step: an MFA step's 6-digit code, or, when the code is
    /// the `first_factor` of a sign-in without a password, the 8-digit code
    /// sent by email or text message (`EMAIL_OTP`, `SMS_OTP`).
    ///
    /// # Errors
    /// [`AppError::Form`] for a code of the wrong length; a wrong code; an
    /// expired step.
    pub async fn complete_mfa(
        self,
        code: String,
        first_factor: bool,
    ) -> Result<SignInStep, AppError> {
        let challenge = self.pending_challenge()?;
        let code = check_step_code(&challenge, first_factor, &code)?;
        let step = self.user_pool().respond_mfa(&challenge, &code).await;
        self.advance(self.drop_challenge_if_expired(step)?).await
    }

    /// Forgets a sign-in that was waiting for another step.
    pub fn cancel_sign_in(&self) {
        self.flow.update_value(|f| f.challenge = None);
    }

    pub(super) fn pending_challenge(&self) -> Result<Challenge, AppError> {
        self.flow
            .with_value(|f| f.challenge.clone())
            .ok_or_else(|| UserPoolError::SignInExpired.into())
    }

    pub(super) fn drop_challenge_if_expired(
        &self,
        step: Result<AuthStep, UserPoolError>,
    ) -> Result<AuthStep, UserPoolError> {
        if matches!(step, Err(UserPoolError::SignInExpired)) {
            self.flow.update_value(|f| f.challenge = None);
        }
        step
    }

    /// Stores the session of a finished sign-in (confirming a new device), answers
    /// a remembered device's step, or keeps the next challenge for the user.
    pub(super) async fn advance(&self, mut step: AuthStep) -> Result<SignInStep, AppError> {
        // A remembered device proves itself in place of an MFA code.
        while let AuthStep::Challenge(c) = &step
            && c.name == ChallengeName::DeviceSrpAuth
        {
            step = match self.device_step(DeviceStep::Answer(c.clone())).await? {
                DeviceOutcome::Next(next) => next,
                DeviceOutcome::Confirmed(_) => break,
            };
        }
        match step {
            AuthStep::SignedIn { user, tokens } => {
                self.flow.update_value(|f| f.challenge = None);
                let new_device = tokens.new_device.clone();
                let session = Session::from_sign_in(user, tokens, clock::now_seconds())?;
                self.start_session(session.clone())?;
                // Signed in either way; a device that cannot be confirmed stays untracked.
                let Some(device) = new_device else {
                    return Ok(SignInStep::Done);
                };
                match self.device_step(DeviceStep::Confirm(session, device)).await {
                    Ok(DeviceOutcome::Confirmed(true)) => Ok(SignInStep::AskToRememberDevice),
                    _ => Ok(SignInStep::Done),
                }
            }
            AuthStep::Challenge(c) => match c.kind() {
                ChallengeKind::Unsupported(name) => {
                    self.flow.update_value(|f| f.challenge = None);
                    Err(UserPoolError::UnsupportedChallenge(name).into())
                }
                kind => {
                    self.flow.update_value(|f| f.challenge = Some(c));
                    Ok(SignInStep::Needs(kind))
                }
            },
        }
    }
}

/// The code typed for `challenge`: eight digits when it is the first factor of a
/// sign-in without a password (`EMAIL_OTP`, `SMS_OTP`), else a six-digit MFA code
/// (`EMAIL_OTP` after a password is email MFA: its code is six digits).
pub(super) fn check_step_code(
    challenge: &Challenge,
    first_factor: bool,
    code: &str,
) -> Result<String, FormError> {
    if first_factor
        && matches!(
            challenge.name,
            ChallengeName::EmailOtp | ChallengeName::SmsOtp
        )
    {
        forms::check_sign_in_code(code)
    } else {
        forms::check_code(code)
    }
}
