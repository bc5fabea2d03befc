//! Entry point: mounts the app (in the browser).

#[cfg(target_arch = "wasm32")]
fn main() {
    cognito_app::app::panic_banner::install();
    leptos::mount::mount_to_body(|| leptos::view! { <cognito_app::app::App /> });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cognito-app runs in the browser: use scripts/run.sh (trunk serve).");
}
