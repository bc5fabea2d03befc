//! The app's JSON reader, for `config.json` (read by the first module) and
//! the answers of the AWS services. `serde_json` would cost ~20 KB of wasm in
//! every module that reads an answer (its parser, the `BTreeMap` of its
//! objects, its float parsing), the sign-in's among them; this is ~5 KB.
//! RFC 8259 in full: objects (a repeated name: the last one counts, as
//! `serde_json` reads it), arrays, strings with every escape, numbers (kept
//! as written; read as whole numbers or whole seconds), `true`, `false`,
//! `null`; nesting is bounded. `tests` below holds it to `serde_json` on
//! generated documents.

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (valid JSON number syntax).
    Number(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON object's members, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Map(Vec<(String, Value)>);

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    /// The members, in document order, taken out.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Map {
    /// The member `key` (the last one, when the name is repeated).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The members' names.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The members, in document order (a repeated name: each time).
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl Value {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?.get(key)
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Self::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Self::Array(items) => Some(items),
            _ => None,
        }
    }

    /// Is this `null`?
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// The value, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A whole number from 0 to `u64::MAX`, written without fraction or exponent.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Self::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// A whole number in `i64`, written without fraction or exponent.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// A time in seconds (e.g. since the epoch) as the services write it, whole
    /// or not (`1793600000`, `1.7936E9`, `1793600000.5`): the number rounded
    /// down, exactly (decimal digits, no floating point); `None` for a number
    /// outside `i64`, or not a number.
    pub fn as_seconds(&self) -> Option<i64> {
        match self {
            Self::Number(text) => floor_seconds(text),
            _ => None,
        }
    }
}

/// The floor of a JSON number (valid syntax, as the reader keeps it) as `i64`.
fn floor_seconds(text: &str) -> Option<i64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // The number is 0.digits × 10^point: the digits before `point` are its whole part.
    let digits = whole
        .bytes()
        .chain(fraction.bytes())
        .skip_while(|&d| d == b'0');
    let digits: Vec<u8> = digits.collect();
    if digits.is_empty() {
        return Some(0);
    }
    let exponent = match exponent.map(str::parse::<i64>) {
        None => 0,
        Some(Ok(e)) => e,
        // Beyond i64: far below 1 (every digit after the point), or far too large.
        Some(Err(_)) if exponent.is_some_and(|e| e.starts_with('-')) => i64::MIN / 2,
        Some(Err(_)) => return None,
    };
    let leading_zeros = whole.len() + fraction.len() - digits.len();
    let point = (whole.len() as i64 - leading_zeros as i64).checked_add(exponent)?;
    let mut magnitude: i64 = 0;
    let mut cut = false;
    for (i, &d) in digits.iter().enumerate() {
        if (i as i64) < point {
            magnitude = magnitude
                .checked_mul(10)?
                .checked_add(i64::from(d - b'0'))?;
        } else {
            cut |= d != b'0';
        }
    }
    for _ in digits.len() as i64..point {
        magnitude = magnitude.checked_mul(10)?;
    }
    Some(match (negative, cut) {
        (false, _) => magnitude,
        (true, false) => -magnitude,
        (true, true) => (-magnitude).checked_sub(1)?,
    })
}

/// How deep arrays and objects may nest (as `serde_json`'s default limit).
const MAX_DEPTH: usize = 128;

/// Reads a JSON document.
///
/// # Errors
/// What is wrong, and where (a byte offset).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.at < reader.bytes.len() {
        return Err(reader.fail("trailing characters"));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected value")),
            None => Err(self.fail("EOF while parsing a value")),
        }
    }

    fn nested(&self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            Err(self.fail("recursion limit exceeded"))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.nested(depth)?;
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_space();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_space();
            if self.eat(b']') {
                return Ok(Value::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.fail("expected `,` or `]`"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.nested(depth)?;
        self.at += 1; // {
        let mut members = Vec::new();
        self.skip_space();
        if self.eat(b'}') {
            return Ok(Value::Object(Map(members)));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.fail("key must be a string"));
            }
            let key = self.string()?;
            self.skip_space();
            if !self.eat(b':') {
                return Err(self.fail("expected `:`"));
            }
            members.push((key, self.value(depth)?));
            self.skip_space();
            if self.eat(b'}') {
                return Ok(Value::Object(Map(members)));
            }
            if !self.eat(b',') {
                return Err(self.fail("expected `,` or `}`"));
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("invalid number")),
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.fail("invalid number"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        // Starts and ends at ASCII bytes: a slice of the text.
        Ok(Value::Number(self.text[start..self.at].to_owned()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self
            .bytes
            .get(self.at..self.at + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.fail("invalid escape"))?;
        self.at += 4;
        Ok(hex)
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1; // "
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character.
            let start = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at += 1;
            }
            // The run starts and ends at ASCII bytes (or the end): a slice of the text.
            out.push_str(&self.text[start..self.at]);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = self
                        .peek()
                        .ok_or_else(|| self.fail("EOF while parsing a string"))?;
                    self.at += 1;
                    out.push(match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.fail("invalid escape")),
                    });
                }
                Some(_) => return Err(self.fail("control character in a string")),
                None => return Err(self.fail("EOF while parsing a string")),
            }
        }
    }

    /// The character of `\uXXXX` (a surrogate pair: two escapes).
    fn unicode_escape(&mut self) -> Result<char, String> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !(self.eat(b'\\') && self.eat(b'u')) {
                    return Err(self.fail("lone leading surrogate"));
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.fail("lone leading surrogate"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.fail("lone trailing surrogate")),
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| self.fail("invalid escape"))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The same document as `serde_json` reads it.
    fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
        match (ours, theirs) {
            (Value::Null, serde_json::Value::Null) => true,
            (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
            (Value::Number(a), serde_json::Value::Number(b)) => {
                a.parse::<f64>().ok() == b.as_f64()
                    && (ours.as_u64() == b.as_u64() || b.as_u64().is_none())
            }
            (Value::String(a), serde_json::Value::String(b)) => a == b,
            (Value::Array(a), serde_json::Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            (Value::Object(a), serde_json::Value::Object(b)) => {
                let names: std::collections::BTreeSet<_> = a.keys().collect();
                names.len() == b.len()
                    && b.iter().all(|(k, v)| a.get(k).is_some_and(|x| same(x, v)))
            }
            _ => false,
        }
    }

    #[test]
    fn reads_what_config_json_holds() {
        let v = parse(
            r#" {"region": "eu-west-1", "n": 12, "big": 18446744073709551615, "list": ["a", "\u00e9\ud83d\ude00\n"],
                "flag": true, "off": false, "none": null, "nested": {"x": [], "y": {}}, "region": "last"} "#,
        )
        .unwrap();
        assert_eq!(
            v.get("region"),
            Some(&Value::String("last".into())),
            "the last one counts"
        );
        assert_eq!(v.get("n").and_then(Value::as_u64), Some(12));
        assert_eq!(v.get("big").and_then(Value::as_u64), Some(u64::MAX));
        assert_eq!(
            v.get("list"),
            Some(&Value::Array(vec![
                Value::String("a".into()),
                Value::String("é😀\n".into())
            ]))
        );
        assert_eq!(v.get("flag"), Some(&Value::Bool(true)));
        assert_eq!(v.get("none"), Some(&Value::Null));
        assert_eq!(
            v.get("nested").and_then(|n| n.get("y")),
            Some(&Value::Object(Map::default()))
        );
    }

    #[test]
    fn numbers_that_are_not_whole_are_not_u64() {
        for text in ["1.0", "1e3", "-1", "-0", "18446744073709551616", "0.5"] {
            assert_eq!(parse(text).unwrap().as_u64(), None, "{text}");
        }
        assert_eq!(parse("0").unwrap().as_u64(), Some(0));
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for bad in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "01",
            "1.",
            ".5",
            "1e",
            "-",
            "+1",
            "tru",
            "nul",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "[] []",
            "NaN",
            "[1 2]",
            "{\"a\":1 \"b\":2}",
            "'a'",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).unwrap_err().contains("recursion limit"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let over = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse(&over).is_err());
        assert!(
            serde_json::from_str::<serde_json::Value>(&over).is_err(),
            "the same limit"
        );
    }

    fn any_json() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<u64>().prop_map(|n| n.into()),
            any::<i64>().prop_map(|n| n.into()),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| f.into()),
            any::<String>().prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
                prop::collection::vec((any::<String>(), inner), 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    #[test]
    fn seconds_are_the_number_rounded_down_exactly() {
        let seconds = |text: &str| parse(text).unwrap().as_seconds();
        for (text, want) in [
            ("1793600000", Some(1_793_600_000)),
            ("1.7936E9", Some(1_793_600_000)),
            ("1793600000.999", Some(1_793_600_000)),
            ("17936e5", Some(1_793_600_000)),
            ("179360000000e-2", Some(1_793_600_000)),
            ("0.5", Some(0)),
            ("-0.5", Some(-1)),
            ("-2", Some(-2)),
            ("-2.0", Some(-2)),
            ("1e-3", Some(0)),
            ("-1e-3", Some(-1)),
            ("0e999999999999999999999", Some(0)),
            ("5e-99999999999999999999", Some(0)),
            ("-5e-99999999999999999999", Some(-1)),
            ("-0", Some(0)),
            ("9223372036854775807", Some(i64::MAX)),
            ("9223372036854775807.5", Some(i64::MAX)),
            ("9223372036854775808", None),
            ("1e19", None),
            ("1e99999999999999999999", None),
            ("-9223372036854775807", Some(-i64::MAX)),
        ] {
            assert_eq!(seconds(text), want, "{text}");
        }
        assert_eq!(Value::String("1".into()).as_seconds(), None);
    }

    #[test]
    fn accessors_take_their_kind_only() {
        let v = parse(r#"{"s":"x","a":[1],"b":false,"n":null,"i":-3,"f":1.5}"#).unwrap();
        let get = |k| v.get(k).unwrap();
        assert_eq!(get("s").as_str(), Some("x"));
        assert_eq!(get("a").as_array().map(Vec::len), Some(1));
        assert_eq!(get("b").as_bool(), Some(false));
        assert!(get("n").is_null() && !get("b").is_null());
        assert_eq!(get("i").as_i64(), Some(-3));
        assert_eq!((get("f").as_i64(), get("f").as_u64()), (None, None));
        for k in ["a", "b", "n", "i"] {
            assert_eq!(get(k).as_str(), None, "{k}");
        }
        let names: Vec<_> = v
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(names, ["s", "a", "b", "n", "i", "f"], "document order");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Written out again, any document reads (with serde_json) as its text did.
        #[test]
        fn writes_back_what_it_read(doc in any_json()) {
            let text = serde_json::to_string(&doc).unwrap();
            let again: serde_json::Value = serde_json::from_str(&parse(&text).unwrap().to_string()).unwrap();
            prop_assert_eq!(again, serde_json::from_str::<serde_json::Value>(&text).unwrap());
        }

        /// Seconds with a fraction: the whole part, one less below zero (floor), in
        /// every way of writing the number.
        #[test]
        fn seconds_of_any_fraction(whole in -10_000_000_000i64..10_000_000_000, fraction in "[0-9]{1,6}", shift in 0u32..4) {
            let cut = fraction.bytes().any(|d| d != b'0');
            let want = if whole < 0 && cut { whole - 1 } else { whole };
            let sign = if whole < 0 { "-" } else { "" };
            let plain = format!("{sign}{}.{fraction}", whole.unsigned_abs());
            // The same number with its point moved `shift` places left, and an exponent.
            let digits = format!("{}{fraction}", whole.unsigned_abs());
            let point = digits.len() - fraction.len();
            let scaled = if point > shift as usize {
                let at = point - shift as usize;
                format!("{sign}{}.{}e{shift}", &digits[..at], &digits[at..])
            } else {
                plain.clone()
            };
            for text in [plain, scaled] {
                prop_assert_eq!(parse(&text).unwrap().as_seconds(), Some(want), "{}", text);
            }
        }

        /// Any document serde_json writes (compact or pretty) reads back as serde_json reads it.
        #[test]
        fn reads_every_document_as_serde_json_does(doc in any_json(), pretty in any::<bool>()) {
            let text = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }.unwrap();
            let ours = parse(&text).unwrap();
            prop_assert!(same(&ours, &doc), "{text}");
        }

        /// Any text: accepted exactly when serde_json accepts it, never a panic.
        #[test]
        fn accepts_exactly_what_serde_json_accepts(text in "[\\[\\]{}\",:0-9eE.+\\-\\\\u tfrnal \\PC]{0,24}") {
            let theirs = serde_json::from_str::<serde_json::Value>(&text);
            let ours = parse(&text);
            prop_assert_eq!(ours.is_ok(), theirs.is_ok(), "{:?}: {:?}", text, ours);
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert!(same(&ours, &theirs), "{}", text);
            }
        }
    }
}
