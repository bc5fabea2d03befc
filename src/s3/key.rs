//! [`ObjectKey`]: the name of one object in a bucket.

use std::fmt;

/// An S3 object key: an object's whole name in its bucket, exactly as stored
/// (`private/<identity id>/docs/a b.txt`, folders included). Each request about
/// one object names it, and a listing answers with it; the type keeps it apart
/// from bucket names, prefixes, upload ids and the file names shown to people.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey(String);

impl ObjectKey {
    /// Wraps a key as S3 (or the app, naming a new object) gave it.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key as text, unencoded.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
