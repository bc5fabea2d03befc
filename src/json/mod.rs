//! The JSON of request and response bodies, without a serde type per operation:
//! requests are written by [`JsonObject`], answers are read by [`read`] into one
//! [`Value`] with accessors such as [`str_field`]. (One code path for every
//! operation instead of a serializer and a deserializer each: smaller wasm.)

pub mod read;

pub use read::{Map, Value};

/// A JSON object being written, e.g. `JsonObject::new().str("ClientId", id).finish()`.
/// `Debug` shows only its length: bodies carry passwords, tokens and secrets.
#[derive(Clone, Default)]
pub struct JsonObject {
    text: String,
}

impl std::fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JsonObject(<{} bytes>)", self.text.len())
    }
}

impl JsonObject {
    /// `{}` so far.
    pub fn new() -> Self {
        Self::default()
    }

    fn key(mut self, key: &str) -> Self {
        self.text.push(if self.text.is_empty() { '{' } else { ',' });
        push_string(&mut self.text, key);
        self.text.push(':');
        self
    }

    /// Adds `"key": "value"`.
    pub fn str(self, key: &str, value: &str) -> Self {
        let mut this = self.key(key);
        push_string(&mut this.text, value);
        this
    }

    /// Adds `"key": "value"` when there is a value.
    pub fn opt_str(self, key: &str, value: Option<&str>) -> Self {
        match value {
            Some(v) => self.str(key, v),
            None => self,
        }
    }

    /// Adds `"key": <number>`.
    pub fn num(self, key: &str, value: u64) -> Self {
        let mut this = self.key(key);
        this.text.push_str(&value.to_string());
        this
    }

    /// Adds `"key": true|false`.
    pub fn bool(self, key: &str, value: bool) -> Self {
        let mut this = self.key(key);
        this.text.push_str(if value { "true" } else { "false" });
        this
    }

    /// Adds `"key": <json>`, `json` being a JSON value written out already.
    /// Only for text that is JSON by construction (a passkey credential this
    /// crate wrote, or read and checked): nothing here checks it.
    pub(crate) fn raw(self, key: &str, json: &str) -> Self {
        let mut this = self.key(key);
        this.text.push_str(json);
        this
    }

    /// Adds `"key": {…}`.
    pub fn object(self, key: &str, value: JsonObject) -> Self {
        let mut this = self.key(key);
        this.text.push_str(&value.finish());
        this
    }

    /// Adds `"key": [{…}, …]`.
    pub fn array(self, key: &str, items: Vec<JsonObject>) -> Self {
        let mut this = self.key(key);
        this.text.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                this.text.push(',');
            }
            this.text.push_str(&item.finish());
        }
        this.text.push(']');
        this
    }

    /// The object as text.
    pub fn finish(mut self) -> String {
        if self.text.is_empty() {
            self.text.push('{');
        }
        self.text.push('}');
        self.text
    }
}

/// Written out as JSON again (numbers as they were written; members in order).
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self);
        f.write_str(&out)
    }
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(text) => out.push_str(text),
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// Appends `s` as a JSON string literal (RFC 8259 escapes).
fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Parses a body; an empty body reads as `{}`.
///
/// # Errors
/// What is wrong and where, for a body that is not JSON.
pub fn parse(body: &str) -> Result<Value, String> {
    if body.trim().is_empty() {
        return Ok(Value::Object(Map::default()));
    }
    read::parse(body)
}

/// A string field of an object (absent, `null` or not a string: `None`).
pub fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// A string field that must be there.
///
/// # Errors
/// "no `<key>`" for a missing or non-string field.
pub fn required_str(value: &Value, key: &str) -> Result<String, String> {
    str_field(value, key)
        .map(str::to_owned)
        .ok_or_else(|| missing(key))
}

/// The message for a missing field.
pub fn missing(key: &str) -> String {
    let mut m = String::from("no ");
    m.push_str(key);
    m
}

/// The string values of an object field, e.g. `ChallengeParameters`.
pub fn string_map(value: &Value, key: &str) -> Vec<(String, String)> {
    value
        .get(key)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// A document written with `serde_json` (the tests' `json!`), as this crate reads it.
#[cfg(test)]
pub(crate) fn ours(value: &serde_json::Value) -> Value {
    read::parse(&value.to_string()).expect("serde_json writes JSON")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn writes_nested_objects_and_arrays() {
        let body = JsonObject::new()
            .str("ClientId", "c")
            .opt_str("SecretHash", None)
            .bool("Enabled", true)
            .object("Params", JsonObject::new().str("A", "1"))
            .array(
                "Attrs",
                vec![JsonObject::new().str("Name", "email"), JsonObject::new()],
            )
            .finish();
        assert_eq!(
            body,
            r#"{"ClientId":"c","Enabled":true,"Params":{"A":"1"},"Attrs":[{"Name":"email"},{}]}"#
        );
        assert_eq!(JsonObject::new().finish(), "{}");
        let secret = JsonObject::new().str("Password", "hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }

    proptest! {
        /// Whatever the text, serde_json reads back exactly what was written.
        #[test]
        fn strings_round_trip_through_serde_json(key in any::<String>(), value in any::<String>()) {
            let body = JsonObject::new().str(&key, &value).finish();
            let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
            prop_assert_eq!(parsed, serde_json::json!({ key: value }));
        }
    }

    #[test]
    fn reads_fields() {
        let v = parse(r#"{"A":"x","B":1,"P":{"K":"v","N":2}}"#).unwrap();
        assert_eq!(str_field(&v, "A"), Some("x"));
        assert_eq!(str_field(&v, "B"), None);
        assert_eq!(required_str(&v, "Z").unwrap_err(), "no Z");
        assert_eq!(string_map(&v, "P"), vec![("K".into(), "v".into())]);
        assert_eq!(parse("  ").unwrap(), Value::Object(Map::default()));
        assert!(parse("<html>").is_err());
    }
}
