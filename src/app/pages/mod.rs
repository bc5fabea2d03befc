//! One view per step of the journey, each with its own URL.

pub mod account;
pub mod api;
pub mod callback;
pub mod challenge;
pub mod devices;
pub mod files;
pub mod not_found;
pub mod objects;
pub mod passkeys;
pub mod passwordless;
pub mod reauth;
pub mod register;
pub mod reset;
pub mod sign_in;
pub mod sign_up_passwordless;
pub mod two_step;
pub mod verify;
pub mod ways_in;

pub use self::account::Account;
pub use self::api::Api;
pub use self::callback::Callback;
pub use self::challenge::FurtherStep;
pub use self::devices::RememberDevice;
pub use self::files::Files;
pub use self::not_found::NotFound;
pub use self::objects::Objects;
pub use self::register::Register;
pub use self::reset::{ForgotPassword, ResetPassword};
pub use self::sign_in::SignIn;
pub use self::verify::Verify;
pub use self::ways_in::OtherWaysIn;
