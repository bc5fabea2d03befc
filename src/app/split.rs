//! Code loaded on demand. In a release build, `split!` puts a function's body,
//! and what only it reaches, into a separate wasm module (`wasm_split`, as
//! Leptos's `#[lazy]`; `scripts/split.sh` cuts the build), fetched on the
//! first call; the function becomes `async` and fails with
//! [`SplitLoaderError`] when its module cannot be fetched. Debug builds (tests,
//! `trunk serve`) are not split: the body runs directly.
//!
//! This keeps the first module to what the first paint needs (see README
//! "Bundle"): a function of the first module that calls protocol code directly
//! would pull that code, and all it uses, into the first load.

pub use wasm_split_helpers::SplitLoaderError;

/// `split! { [docs] chunk, [preload NAME,] fn name(args) -> T { body } }`:
/// `async fn name(args) -> Result<T, SplitLoaderError>`, its body in the
/// module `chunk`. `preload NAME` also defines `async fn NAME() ->
/// Result<(), SplitLoaderError>`, which fetches the module without calling anything.
macro_rules! split {
    (
        $(#[$meta:meta])*
        $chunk:ident, $(preload $preload:ident,)?
        fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $(#[$meta])*
        #[cfg(not(debug_assertions))]
        #[wasm_split_helpers::wasm_split($chunk, fallible $(, preload($preload))?)]
        pub(crate) fn $name($($arg: $ty),*) -> Result<$ret, $crate::app::split::SplitLoaderError> {
            Ok($body)
        }

        $(#[$meta])*
        #[cfg(debug_assertions)]
        pub(crate) async fn $name($($arg: $ty),*) -> Result<$ret, $crate::app::split::SplitLoaderError> {
            Ok($body)
        }

        $(
            /// Fetches the module of this split function without calling it.
            #[cfg(debug_assertions)]
            pub(crate) async fn $preload() -> Result<(), $crate::app::split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}

pub(crate) use split;
