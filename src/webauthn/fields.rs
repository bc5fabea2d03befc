//! Reading one JSON object's members, each failure naming the member by its
//! path (`allowCredentials[1].id`), for the options and credentials of this
//! module. `null` reads as absent, as WebIDL dictionaries treat it for
//! optional members.

use serde_json::{Map, Value};

use super::{JsonProblem, base64url};

/// A JSON object and where it sits in the document.
pub(super) struct Fields<'a> {
    object: &'a Map<String, Value>,
    path: String,
}

impl<'a> Fields<'a> {
    /// `value` as an object at `path` (empty for the document itself).
    pub(super) fn new(value: &'a Value, path: &str) -> Result<Self, JsonProblem> {
        let object = value
            .as_object()
            .ok_or_else(|| wrong_type(path_or_root(path), "an object"))?;
        Ok(Self {
            object,
            path: path.to_owned(),
        })
    }

    /// The path of member `key`.
    fn at(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Member `key`, absent or `null` as `None`.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|v| !v.is_null())
    }

    /// A required member.
    fn required(&self, key: &str) -> Result<&'a Value, JsonProblem> {
        self.get(key)
            .ok_or_else(|| JsonProblem::Missing(self.at(key)))
    }

    /// An optional string.
    pub(super) fn opt_str(&self, key: &str) -> Result<Option<&'a str>, JsonProblem> {
        self.get(key)
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| wrong_type(self.at(key), "a string"))
            })
            .transpose()
    }

    /// A required string.
    pub(super) fn str(&self, key: &str) -> Result<&'a str, JsonProblem> {
        let value = self.required(key)?;
        value
            .as_str()
            .ok_or_else(|| wrong_type(self.at(key), "a string"))
    }

    /// A required base64url string, as its bytes.
    pub(super) fn bytes(&self, key: &str) -> Result<Vec<u8>, JsonProblem> {
        base64url::decode(self.str(key)?).ok_or_else(|| JsonProblem::NotBase64Url(self.at(key)))
    }

    /// An optional base64url string, as its bytes.
    pub(super) fn opt_bytes(&self, key: &str) -> Result<Option<Vec<u8>>, JsonProblem> {
        match self.opt_str(key)? {
            None => Ok(None),
            Some(text) => base64url::decode(text)
                .map(Some)
                .ok_or_else(|| JsonProblem::NotBase64Url(self.at(key))),
        }
    }

    /// An optional `unsigned long` (WebIDL: 0 to 2³²−1).
    pub(super) fn opt_u32(&self, key: &str) -> Result<Option<u32>, JsonProblem> {
        self.get(key)
            .map(|v| {
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| wrong_type(self.at(key), "a whole number of milliseconds"))
            })
            .transpose()
    }

    /// A required integer (a COSE algorithm identifier, e.g. −7).
    pub(super) fn i64(&self, key: &str) -> Result<i64, JsonProblem> {
        let value = self.required(key)?;
        value
            .as_i64()
            .ok_or_else(|| wrong_type(self.at(key), "an integer"))
    }

    /// An optional boolean.
    pub(super) fn opt_bool(&self, key: &str) -> Result<Option<bool>, JsonProblem> {
        self.get(key)
            .map(|v| {
                v.as_bool()
                    .ok_or_else(|| wrong_type(self.at(key), "true or false"))
            })
            .transpose()
    }

    /// A required object.
    pub(super) fn object(&self, key: &str) -> Result<Fields<'a>, JsonProblem> {
        Fields::new(self.required(key)?, &self.at(key))
    }

    /// An optional object.
    pub(super) fn opt_object(&self, key: &str) -> Result<Option<Fields<'a>>, JsonProblem> {
        self.get(key)
            .map(|v| Fields::new(v, &self.at(key)))
            .transpose()
    }

    /// An optional object member kept as it is (extension inputs).
    pub(super) fn opt_raw_object(&self, key: &str) -> Result<Option<Value>, JsonProblem> {
        Ok(self
            .opt_object(key)?
            .map(|f| Value::Object(f.object.clone())))
    }

    /// A required array's items, each read by `item` with its path.
    pub(super) fn list<T>(
        &self,
        key: &str,
        item: impl Fn(&'a Value, &str) -> Result<T, JsonProblem>,
    ) -> Result<Vec<T>, JsonProblem> {
        let items = self
            .required(key)?
            .as_array()
            .ok_or_else(|| wrong_type(self.at(key), "a list"))?;
        items
            .iter()
            .enumerate()
            .map(|(i, v)| item(v, &format!("{}[{i}]", self.at(key))))
            .collect()
    }

    /// An optional array (absent: empty), as [`Self::list`].
    pub(super) fn opt_list<T>(
        &self,
        key: &str,
        item: impl Fn(&'a Value, &str) -> Result<T, JsonProblem>,
    ) -> Result<Vec<T>, JsonProblem> {
        if self.get(key).is_none() {
            return Ok(Vec::new());
        }
        self.list(key, item)
    }

    /// An optional list of strings (absent: empty).
    pub(super) fn strings(&self, key: &str) -> Result<Vec<String>, JsonProblem> {
        self.opt_list(key, |v, path| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| wrong_type(path.to_owned(), "a string"))
        })
    }
}

fn wrong_type(field: String, expected: &'static str) -> JsonProblem {
    JsonProblem::WrongType { field, expected }
}

fn path_or_root(path: &str) -> String {
    if path.is_empty() {
        "the document".to_owned()
    } else {
        path.to_owned()
    }
}
