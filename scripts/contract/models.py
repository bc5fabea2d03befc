"""AWS API models from botocore, and a value checker that follows them.

`load(service)` returns botocore's `ServiceModel` for a service (the
`service-2` data that ships with botocore). `Checker` holds values against
shapes of such a model: JSON values (`json`) as the AWS JSON protocols carry
them, and text (`text`) as REST protocols put them in a query string, a URI
label or a header. Failures are strings `path: what is wrong`; a value is
printed only where it helps (enum, pattern) and never when the shape, an
enclosing shape or the member's name says it is secret (`<sensitive>`).

Patterns in the models are Java regular expressions, held with full-match
semantics (as the services apply them). `java_regex` translates the common
Java-only syntax (`\\p{L}` and the other general categories, `\\p{Alnum}` and
the other POSIX classes, `\\Q..\\E`, `\\z`, `\\h`); ASCII-only `\\w \\d \\s` as in
Java. A pattern that still cannot be compiled is not passed silently: it is
kept in `Checker.unchecked` (pattern -> shapes and number of values) for the
report. Known small differences left alone: Java's `.` also stops at `\\r`,
U+0085, U+2028 and U+2029; string lengths are counted in code points.
"""

import base64
import binascii
import functools
import re
import sys
import unicodedata
import warnings

from botocore.loaders import Loader
from botocore.model import ServiceModel

INTEGERS = ("integer", "long", "short", "byte")
FLOATS = ("float", "double")
SECRET_NAME = re.compile(r"password|secret|token|session|signature|srp|credential", re.I)
POSIX = {
    "Lower": "a-z", "Upper": "A-Z", "ASCII": "\\x00-\\x7f", "Alpha": "a-zA-Z",
    "Digit": "0-9", "Alnum": "a-zA-Z0-9", "XDigit": "0-9a-fA-F",
    "Punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "Blank": " \\t", "Space": " \\t\\n\\x0b\\f\\r", "Cntrl": "\\x00-\\x1f\\x7f",
}
POSIX["Graph"] = POSIX["Alnum"] + POSIX["Punct"]
POSIX["Print"] = POSIX["Graph"] + " "
VSPACE = "\\n\\x0b\\f\\r\\x85\\u2028\\u2029"
HSPACE = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"


@functools.lru_cache(maxsize=None)
def load(service):
    """botocore's model of `service` (`cognito-idp`, `cognito-identity`, `s3`)."""
    return ServiceModel(Loader().load_service_model(service, "service-2"), service)


@functools.lru_cache(maxsize=1)
def _categories():
    """Unicode general category (`Lu`, `Nd`, ...) -> list of (first, last) code points."""
    runs, start, prev = {}, 0, None
    for cp in range(sys.maxunicode + 2):
        cat = unicodedata.category(chr(cp)) if cp <= sys.maxunicode else None
        if cat != prev:
            if prev is not None:
                runs.setdefault(prev, []).append((start, cp - 1))
            start, prev = cp, cat
    return runs


@functools.lru_cache(maxsize=None)
def _property(name):
    """The body of a character class for Java's `\\p{name}`, or None if unknown."""
    if name.startswith("Is") and len(name) <= 4:
        name = name[2:]
    if name in POSIX:
        return POSIX[name]
    cats = _categories()
    ranges = sorted(r for cat, rs in cats.items() if cat == name or cat[0] == name for r in rs)
    if not ranges:
        return None
    return "".join("\\U%08x" % a if a == b else "\\U%08x-\\U%08x" % (a, b) for a, b in ranges)


class Untranslatable(Exception):
    pass


def _translate(p):
    out, i, in_class = [], 0, False
    while i < len(p):
        c = p[i]
        if c == "\\" and i + 1 < len(p):
            n = p[i + 1]
            if n in "pP":
                if p[i + 2:i + 3] == "{":
                    end = p.index("}", i)
                    name, i = p[i + 3:end], end + 1
                else:
                    name, i = p[i + 2:i + 3], i + 3
                body = _property(name)
                if body is None or (n == "P" and in_class):
                    raise Untranslatable(name)
                out.append(body if in_class else ("[^%s]" if n == "P" else "[%s]") % body)
                continue
            if n == "Q":
                end = p.find("\\E", i + 2)
                lit = p[i + 2:] if end < 0 else p[i + 2:end]
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in lit))
                i = len(p) if end < 0 else end + 2
                continue
            if n in "RXGKkNEe" or (n in "zZ" and in_class):
                raise Untranslatable("\\" + n)
            out.append({"z": "\\Z", "Z": "(?=\\n?\\Z)",
                        "h": HSPACE if in_class else "[%s]" % HSPACE,
                        "v": VSPACE if in_class else "[%s]" % VSPACE}.get(n, c + n))
            i += 2
            continue
        if c == "[":
            if in_class:
                raise Untranslatable("nested class")
            in_class = True
            out.append(c)
            i += 1
            if p[i:i + 1] == "^":
                out.append("^")
                i += 1
            if p[i:i + 1] == "]":
                out.append("\\]")
                i += 1
            continue
        if in_class and c == "]":
            in_class = False
        elif in_class and p[i:i + 2] == "&&":
            raise Untranslatable("class intersection")
        out.append(c)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=None)
def java_regex(pattern):
    """`pattern` (Java syntax) compiled for Python, or None if that cannot be done."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return re.compile(_translate(pattern), re.ASCII)
    except (Untranslatable, re.error, ValueError):
        return None


def show(value, secret):
    """`value` for a failure message: `<sensitive>` if secret, else short repr."""
    if secret:
        return "<sensitive>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def join(path, name):
    return "%s.%s" % (path, name) if path else str(name)


class Checker:
    """Holds values against shapes; collects unchecked patterns across calls."""

    def __init__(self):
        self.unchecked = {}  # pattern -> {"shapes": set, "values": int}

    def _secret(self, shape, secret, name=""):
        return bool(secret or shape.metadata.get("sensitive") or SECRET_NAME.search(name))

    def json(self, shape, value, path, errs, secret=False):
        """Checks a JSON value against `shape` (JSON protocol rules)."""
        secret = self._secret(shape, secret, path.rsplit(".", 1)[-1])
        meta, t, where = shape.metadata, shape.type_name, path or "(body)"
        if meta.get("document"):
            return
        if t == "structure":
            if not isinstance(value, dict):
                return errs.append("%s: expected an object, got %s" % (where, kind(value)))
            for name, v in value.items():
                if name not in shape.members:
                    errs.append("%s: unknown member" % join(path, name))
                elif v is not None:
                    self.json(shape.members[name], v, join(path, name), errs, secret)
            for name in shape.required_members:
                if value.get(name) is None:
                    errs.append("%s: required member missing" % join(path, name))
            if meta.get("union") and sum(v is not None for v in value.values()) != 1:
                errs.append("%s: a union needs exactly one member set" % where)
        elif t == "list":
            if not isinstance(value, list):
                return errs.append("%s: expected a list, got %s" % (where, kind(value)))
            self._bounds(meta, len(value), "items", where, errs)
            for n, item in enumerate(value):
                self.json(shape.member, item, "%s[%d]" % (path, n), errs, secret)
        elif t == "map":
            if not isinstance(value, dict):
                return errs.append("%s: expected an object (map), got %s" % (where, kind(value)))
            self._bounds(meta, len(value), "entries", where, errs)
            for k, v in value.items():
                self.string(shape.key, k, "%s (key)" % join(path, k), errs, secret)
                if v is not None:
                    self.json(shape.value, v, join(path, k), errs, secret)
        elif t == "string":
            if not isinstance(value, str):
                return errs.append("%s: expected a string, got %s" % (where, kind(value)))
            self.string(shape, value, where, errs, secret)
        elif t in INTEGERS:
            if not isinstance(value, int) or isinstance(value, bool):
                return errs.append("%s: expected an integer, got %s" % (where, kind(value)))
            self._bounds(meta, value, "value", where, errs)
        elif t in FLOATS or t == "timestamp":
            if isinstance(value, str) and shape.serialization.get("timestampFormat") == "iso8601":
                return
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return errs.append("%s: expected a number, got %s" % (where, kind(value)))
            if t in FLOATS:
                self._bounds(meta, value, "value", where, errs)
        elif t == "boolean":
            if not isinstance(value, bool):
                errs.append("%s: expected a boolean, got %s" % (where, kind(value)))
        elif t == "blob":
            try:
                data = base64.b64decode(value, validate=True)
            except (TypeError, ValueError, binascii.Error):
                return errs.append("%s: expected a base64 string (blob)" % where)
            self._bounds(meta, len(data), "bytes", where, errs)

    def text(self, shape, value, path, errs, secret=False):
        """Checks a string from a query, URI label or header against `shape`."""
        secret = self._secret(shape, secret, path)
        t = shape.type_name
        if t == "string":
            self.string(shape, value, path, errs, secret)
        elif t in INTEGERS:
            try:
                number = int(value, 10)
            except ValueError:
                return errs.append("%s: %s is not an integer" % (path, show(value, secret)))
            self._bounds(shape.metadata, number, "value", path, errs)
        elif t == "boolean" and value not in ("true", "false"):
            errs.append("%s: %s is not true or false" % (path, show(value, secret)))
        elif t == "list":
            for item in value.split(","):
                self.text(shape.member, item.strip(), path, errs, secret)

    def string(self, shape, value, path, errs, secret=False):
        meta = shape.metadata
        secret = self._secret(shape, secret)
        if "enum" in meta and value not in meta["enum"]:
            errs.append("%s: %s is not one of %s" % (path, show(value, secret), ", ".join(meta["enum"])))
        self._bounds(meta, len(value), "length", path, errs)
        if "pattern" in meta:
            regex = java_regex(meta["pattern"])
            if regex is None:
                entry = self.unchecked.setdefault(meta["pattern"], {"shapes": set(), "values": 0})
                entry["shapes"].add(shape.name)
                entry["values"] += 1
            elif not regex.fullmatch(value):
                errs.append("%s: %s does not match pattern %s" % (path, show(value, secret), meta["pattern"]))

    @staticmethod
    def _bounds(meta, n, what, path, errs):
        if "min" in meta and n < meta["min"]:
            errs.append("%s: %s %s is below min %s" % (path, what, n, meta["min"]) if what != "value"
                        else "%s: value below min %s" % (path, meta["min"]))
        if "max" in meta and n > meta["max"]:
            errs.append("%s: %s %s is above max %s" % (path, what, n, meta["max"]) if what != "value"
                        else "%s: value above max %s" % (path, meta["max"]))


def kind(value):
    """The JSON type of `value`, for messages (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return {str: "a string", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)
