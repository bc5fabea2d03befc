//! The client SRP work, exported to JavaScript for the side-by-side benchmark
//! with amazon-cognito-identity-js (`scripts/bench-srp.sh`). Built as a wasm
//! library with the app's release profile.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

#[cfg(target_arch = "wasm32")]
mod exports {
    use cognito_app::secret::Password;
    use cognito_app::srp::{GPowTableBuilder, PasswordVerifier, SrpClient};
    use wasm_bindgen::prelude::*;

    /// Builds SRP's one-time table for `g^x` (the app does it after `A`, in
    /// tasks of four rows, while the user types).
    #[wasm_bindgen]
    pub fn build_table() {
        let mut table = GPowTableBuilder::default();
        while !table.step(4) {}
    }

    /// One sign-in attempt: `new` computes A (done ahead of time in the app).
    #[wasm_bindgen]
    pub struct Attempt(SrpClient);

    #[wasm_bindgen]
    impl Attempt {
        /// Computes `A = g^a` from the secret's bytes.
        #[wasm_bindgen(constructor)]
        pub fn new(secret: &[u8]) -> Result<Attempt, JsError> {
            SrpClient::new(secret)
                .map(Attempt)
                .map_err(|e| JsError::new(&e.to_string()))
        }

        /// `SRP_A` as sent.
        pub fn srp_a(&self) -> String {
            self.0.srp_a()
        }

        /// The work after the server's answer: u, x, S, the key and the signature.
        #[allow(clippy::too_many_arguments)]
        pub fn claim(
            &self,
            pool_name: &str,
            srp_b: &str,
            salt: &str,
            secret_block: &str,
            user_id: &str,
            password: &str,
            timestamp: &str,
        ) -> Result<String, JsError> {
            let challenge = PasswordVerifier {
                srp_b: srp_b.into(),
                salt: salt.into(),
                secret_block: secret_block.into(),
                user_id_for_srp: user_id.into(),
            };
            self.0
                .password_claim(pool_name, &challenge, &Password::new(password), timestamp)
                .map(|c| c.signature)
                .map_err(|e| JsError::new(&e.to_string()))
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("build for wasm32: scripts/bench-srp.sh");
}

/// The app's allocator (src/main.rs), so that the figures are the app's.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
