//! Remembered devices: the device a sign-in reports is confirmed with a
//! verifier of its own random password (made here, kept in `localStorage`
//! under amazon-cognito-identity-js's keys), remembered if the user says so,
//! and used to answer the device's SRP step of later sign-ins; the account
//! view lists the user's devices and forgets them. The sign-in's device steps
//! are in the further steps' module (`signin_more`), loaded once the sign-in's
//! module is there.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use super::{Auth, new_srp_client};
use crate::app::split::split;
use crate::error::{AppError, BrowserError};
use crate::secret::Password;
use crate::session::Session;
use crate::srp::device::{
    DEVICE_PASSWORD_BYTES, DEVICE_SALT_BYTES, DeviceVerifier, device_password,
};
use crate::user_pool::{
    AuthStep, Challenge, Device, DeviceSecrets, NewDevice, UserId, UserPoolError,
};
use crate::web::{clock, random, storage};

/// `DeviceName`: what the browser says it is (as amazon-cognito-identity-js
/// sends), cut to a length any pool accepts.
fn device_name() -> String {
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_else(|| "Web browser".to_owned());
    agent.chars().take(256).collect()
}

/// A device step of a sign-in.
pub(crate) enum DeviceStep {
    /// The sign-in reported a new device: confirm it.
    Confirm(Session, NewDevice),
    /// The pool asks the remembered device to prove itself.
    Answer(Challenge),
}

/// How a [`DeviceStep`] went.
pub(crate) enum DeviceOutcome {
    /// Confirmed; true when the user is to be asked whether to remember it.
    Confirmed(bool),
    /// The sign-in's next step after the device's proof.
    Next(AuthStep),
}

/// The steps boxed once: the sign-in's state machine does not carry them.
type Running = Pin<Box<dyn Future<Output = Result<DeviceOutcome, AppError>>>>;

split! {
    /// The device steps, in the module of the further steps (`signin_more`):
    /// only a pool that tracks devices asks for them, after the password's own
    /// steps; that module is fetched once the sign-in's module is there.
    signin_more, fn device_step_in_module(auth: Auth, step: DeviceStep) -> Running {
        run(auth, step)
    }
}

fn run(auth: Auth, step: DeviceStep) -> Running {
    Box::pin(async move {
        match step {
            DeviceStep::Confirm(session, device) => auth
                .confirm_new_device(&session, device)
                .await
                .map(DeviceOutcome::Confirmed),
            DeviceStep::Answer(challenge) => auth
                .answer_device_step(&challenge)
                .await
                .map(DeviceOutcome::Next),
        }
    })
}

impl Auth {
    /// Runs a device step of a sign-in.
    ///
    /// # Errors
    /// The step's.
    pub(super) async fn device_step(self, step: DeviceStep) -> Result<DeviceOutcome, AppError> {
        match device_step_in_module(self, step).await {
            Ok(running) => running.await,
            Err(_) => Err(BrowserError::PageNotLoaded.into()),
        }
    }

    /// This browser's device for `user`, if one was confirmed here.
    pub(super) fn device_secrets(&self, user: &UserId) -> Option<DeviceSecrets> {
        let [key, group, password] = Session::device_keys(&self.client_id(), user);
        Some(DeviceSecrets {
            key: storage::get(&key).filter(|k| !k.is_empty())?,
            group_key: storage::get(&group).filter(|g| !g.is_empty())?,
            password: Password::new(storage::get(&password).filter(|p| !p.is_empty())?),
        })
    }

    /// The device key stored for `user` (sent with a sign-in).
    pub(super) fn device_key(&self, user: &UserId) -> Option<String> {
        self.device_secrets(user).map(|d| d.key)
    }

    /// The signed-in user's device in this browser.
    pub fn this_device_key(&self) -> Option<String> {
        let user = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.user.clone()))?;
        self.device_key(&user)
    }

    fn forget_device_here(&self, user: &UserId) {
        for key in Session::device_keys(&self.client_id(), user) {
            storage::remove(&key);
        }
    }

    /// Answers the remembered device's SRP step. A device the pool no longer
    /// knows (forgotten elsewhere) is forgotten here too; signing in again
    /// then goes the usual way.
    async fn answer_device_step(&self, challenge: &Challenge) -> Result<AuthStep, AppError> {
        let device = self
            .device_secrets(&challenge.user)
            .ok_or_else(|| UserPoolError::UnsupportedChallenge("DEVICE_SRP_AUTH".into()))?;
        let srp = new_srp_client()?;
        let step = self
            .user_pool()
            .respond_device_srp(challenge, &device, &srp, clock::now_seconds)
            .await;
        match step {
            Err(UserPoolError::ResourceNotFound(_) | UserPoolError::IncorrectCredentials) => {
                self.forget_device_here(&challenge.user);
                Err(AppError::DeviceForgotten)
            }
            other => Ok(other?),
        }
    }

    /// Confirms the device a sign-in reported, and keeps its secrets here. True when
    /// the pool leaves remembering it to the user (the sign-in view asks).
    async fn confirm_new_device(
        &self,
        session: &Session,
        device: NewDevice,
    ) -> Result<bool, AppError> {
        let password = device_password(&random::bytes::<DEVICE_PASSWORD_BYTES>()?);
        let verifier = DeviceVerifier::new(
            &device.group_key,
            &device.key,
            &password,
            &random::bytes::<DEVICE_SALT_BYTES>()?,
        );
        let ask = self
            .user_pool()
            .confirm_device(&session.access_token, &device, &verifier, &device_name())
            .await?;
        let [key, group, secret] = Session::device_keys(&self.client_id(), &session.user);
        storage::set(&key, &device.key)?;
        storage::set(&group, &device.group_key)?;
        storage::set(&secret, password.expose())?;
        Ok(ask)
    }

    /// Answers "Remember this device?" for this browser's device.
    ///
    /// # Errors
    /// [`AppError::NotSignedIn`]; the user pool's answer.
    pub async fn remember_this_device(self, remembered: bool) -> Result<(), AppError> {
        let key = self.this_device_key().ok_or(AppError::NotSignedIn)?;
        self.set_device_remembered(key, remembered).await
    }

    /// Remembers a device of the user's, or stops remembering it (`UpdateDeviceStatus`).
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn set_device_remembered(
        self,
        key: String,
        remembered: bool,
    ) -> Result<(), AppError> {
        self.with_access_token(|pool, token| {
            let key = key.clone();
            Box::pin(async move { pool.update_device_status(&token, &key, remembered).await })
        })
        .await
    }

    /// The user's devices (`ListDevices`).
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn devices(self) -> Result<Vec<Device>, AppError> {
        self.with_access_token(|pool, token| {
            Box::pin(async move { pool.list_devices(&token).await })
        })
        .await
    }

    /// Forgets a device (`ForgetDevice`); this browser's own also here, so its next
    /// sign-in is a new device's.
    ///
    /// # Errors
    /// The user pool's answer.
    pub async fn forget_device(self, key: String) -> Result<(), AppError> {
        let this = self.this_device_key();
        let forgotten = key.clone();
        self.with_access_token(|pool, token| {
            let key = forgotten.clone();
            Box::pin(async move { pool.forget_device(&token, &key).await })
        })
        .await?;
        if this.as_deref() == Some(key.as_str())
            && let Some(user) = self
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.user.clone()))
        {
            self.forget_device_here(&user);
        }
        Ok(())
    }
}
