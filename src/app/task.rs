//! A user action that runs asynchronously: dispatched with its input, busy
//! while it runs, and its last result kept for the view. What Leptos's
//! `Action::new_local` gives the pages, with the future boxed once, so each
//! action does not bring its own copy of the async and `SendWrapper` machinery
//! into the wasm.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

type Run<I, O> = Rc<dyn Fn(&I) -> Pin<Box<dyn Future<Output = O>>>>;

/// An action of a view (`Copy`: signals and a stored closure inside).
pub struct Task<I: 'static, O: Send + Sync + 'static> {
    run: StoredValue<Run<I, O>, LocalStorage>,
    running: RwSignal<u32>,
    value: RwSignal<Option<O>>,
}

impl<I: 'static, O: Send + Sync + 'static> Clone for Task<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static, O: Send + Sync + 'static> Copy for Task<I, O> {}

impl<I: 'static, O: Clone + Send + Sync + 'static> Task<I, O> {
    /// An action that runs `f` with each dispatched input.
    pub fn new<F, Fut>(f: F) -> Self
    where
        F: Fn(&I) -> Fut + 'static,
        Fut: Future<Output = O> + 'static,
    {
        let run: Run<I, O> = Rc::new(move |input| Box::pin(f(input)));
        Self {
            run: StoredValue::new_local(run),
            running: RwSignal::new(0),
            value: RwSignal::new(None),
        }
    }

    /// Runs the action with `input`; its result replaces the last one when it ends.
    pub fn dispatch(&self, input: I) {
        let Some(future) = self.run.try_with_value(|run| run(&input)) else {
            return;
        };
        let (running, value) = (self.running, self.value);
        running.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let out = future.await;
            // The view may be gone by now: then nobody needs the result.
            value.try_set(Some(out));
            running.try_update(|n| *n = n.saturating_sub(1));
        });
    }

    /// Is a run in progress (tracked)?
    pub fn pending(&self) -> Signal<bool> {
        let running = self.running;
        Signal::derive(move || running.get() > 0)
    }

    /// The result of the last run to end (tracked); `None` before any.
    pub fn value(&self) -> ReadSignal<Option<O>> {
        self.value.read_only()
    }
}
