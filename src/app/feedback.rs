//! What a finished action tells the user: its error as a sentence.

use leptos::prelude::*;

use crate::app::task::Task;
use crate::error::AppError;

/// The sentence of the last failure of `action`, for an
/// [`ErrorLine`](crate::app::components::ErrorLine).
pub fn last_error<I, T>(action: Task<I, Result<T, AppError>>) -> Signal<Option<String>>
where
    I: 'static,
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    })
}
