//! After a panic the app cannot go on: it says so, visibly, and offers a reload
//! (instead of a page that silently stops responding).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Installs the panic hook: the panic goes to the console (console_error_panic_hook)
/// and a banner with a Reload button appears at the top of the page.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show();
    }));
}

/// Shows the banner (plain DOM: the reactive runtime may be the thing that broke).
pub fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    banner.set_text_content(Some("Something went wrong and this page stopped working. "));
    // A listener, not an inline `onclick`: a strict Content-Security-Policy forbids those.
    if let Ok(button) = document.create_element("button") {
        let _ = button.set_attribute("type", "button");
        button.set_text_content(Some("Reload"));
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        // The page is stopping for good: the listener lives as long as it does.
        reload.forget();
        let _ = banner.append_child(&button);
    }
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
