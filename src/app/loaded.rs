//! A value an async task loads: `None` until it arrives, and loaded again on
//! request. What `LocalResource` + `Suspense` give, for the pages' loads (the
//! account's profile, its devices and passkeys, the files), without the
//! async-derived and suspense machinery in the wasm. (The configuration, read
//! once by the first module, is a plain signal its task fills.)

use std::future::Future;

use leptos::prelude::*;

use crate::app::effect::effect;

/// A loaded value (`Copy`: signals inside).
pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    generation: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    /// Starts loading with `load` now, and again on each [`Self::reload`].
    pub fn new<Fut>(load: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        let this = Self {
            value: RwSignal::new(None),
            generation: RwSignal::new(0),
        };
        effect(move || {
            let generation = this.generation.get();
            let future = load();
            leptos::task::spawn_local(async move {
                let value = future.await;
                // Only the newest load counts, and only while still mounted.
                if this.generation.try_get_untracked() == Some(generation) {
                    this.value.try_set(Some(value));
                }
            });
        });
        this
    }

    /// The value (tracked); `None` while loading.
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }

    /// Loads again; the old value stays until the new one arrives.
    pub fn reload(&self) {
        self.generation.update(|g| *g = g.wrapping_add(1));
    }
}
