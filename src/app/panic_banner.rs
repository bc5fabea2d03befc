//! After a panic the app cannot go on: it says so, visibly, and offers a reload
//! (instead of a page that silently stops responding).

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
    banner.set_inner_html(
        "Something went wrong and this page stopped working. \
         <button type=\"button\" onclick=\"location.reload()\">Reload</button>",
    );
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}
