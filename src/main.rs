//! Entry point: mounts the app (in the browser).

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(cognito_app::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cognito-app runs in the browser: use scripts/run.sh (trunk serve).");
}
