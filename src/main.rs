//! Entry point: starts the app (in the browser).

#[cfg(target_arch = "wasm32")]
fn main() {
    cognito_app::app::panic_banner::install();
    cognito_app::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cognito-app runs in the browser: use scripts/run.sh (trunk serve).");
}

/// The app's allocator: talc, which is smaller than the standard library's
/// dlmalloc (the first module carries the allocator; README "Speed and size").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
