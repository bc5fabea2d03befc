//! Sign in to Amazon Cognito from the browser and use AWS with the credentials.
//!
//! Protocol modules are pure Rust (no web-sys; time, randomness and HTTP are
//! passed in) and are tested natively:
//! [`srp`], [`user_pool`], [`identity`], [`s3`], [`session`], [`jwt`], [`config`],
//! [`forms`], [`error`], [`totp`], [`webauthn`] (passkey JSON), with the shared pieces [`http`] (the
//! HTTP seam), [`encode`] (percent-encoding), [`b64`] (base64), [`aws_json`] (the JSON 1.1 call), [`json`] (bodies),
//! [`service`] (failures common to every service) and [`secret`].
//! The browser glue (`web`) and the Leptos UI (`app`) are built for wasm32 only.
#![warn(missing_docs, unreachable_pub)]

pub mod api;
pub mod aws_json;
pub mod b64;
pub mod config;
pub mod encode;
pub mod error;
pub mod forms;
pub mod http;
pub mod identity;
pub mod json;
pub mod jwt;
pub mod oauth;
pub mod s3;
pub mod secret;
pub mod service;
pub mod session;
pub mod srp;
pub mod text_id;
pub mod totp;
pub mod user_pool;
pub mod webauthn;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod web;
