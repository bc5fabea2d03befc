//! Identifiers that are text on the wire (an S3 key, an identity id, a user's
//! internal name, an upload id): each its own type, so that one cannot be
//! passed where another is meant. The crate-private `text_id!` writes the type.

/// `text_id! { /// docs… pub struct Name; }`: a newtype over `String` with
/// `new` (wraps the text as a service or storage gave it), `as_str`, and a
/// `Display` that writes the bare text.
macro_rules! text_id {
    ($(#[$meta:meta])* pub struct $name:ident;) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Wraps the text as a service (or storage, or the app naming a new one) gave it.
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }

            /// The text, as it goes on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use text_id;
