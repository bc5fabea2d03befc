//! [`ObjectKey`]: the name of one object in a bucket.

use crate::text_id::text_id;

text_id! {
    /// An S3 object key: an object's whole name in its bucket, exactly as stored
    /// (`private/<identity id>/docs/a b.txt`, folders included). Each request about
    /// one object names it, and a listing answers with it; the type keeps it apart
    /// from bucket names, prefixes, upload ids and the file names shown to people.
    pub struct ObjectKey;
}
