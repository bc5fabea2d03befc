//! Entry point: mounts the app (in the browser).

#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_reload_banner();
    }));
    leptos::mount::mount_to_body(|| leptos::view! { <cognito_app::app::App /> });
}

/// After a panic the app cannot go on: say so, visibly, and offer a reload.
#[cfg(target_arch = "wasm32")]
fn show_reload_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    banner.set_inner_html(
        "Something went wrong and this page stopped working. \
         <button type=\"button\" onclick=\"location.reload()\">Reload</button>",
    );
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("cognito-app runs in the browser: use scripts/run.sh (trunk serve).");
}
