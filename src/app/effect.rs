//! Effects with their closure boxed. `Effect::new` is generic over its
//! closure: each effect written with it brings its own copy of the effect
//! machinery (0.5–1.3 KB each, measured with `scripts/size.sh --where`),
//! which the first module pays for every effect of the first paint. Boxed,
//! they share one copy.

use leptos::prelude::*;

/// Runs `f` now and again whenever a signal it read changes, while its owner
/// lives (`Effect::new` with no previous value).
pub fn effect(f: impl Fn() + 'static) {
    let f: Box<dyn Fn()> = Box::new(f);
    Effect::new(f);
}
