"""The user's API's mapping template (ApiWhoAmIGet's 200 response) renders valid
JSON for any claim value, rendered as API Gateway does: `$util.escapeJavaScript`
is Apache Commons Lang's StringEscapeUtils.escapeJavaScript (it escapes ' as \\',
which JSON does not allow), `.replaceAll` is Java's String.replaceAll.

The emulator cannot show this (its escapeJavaScript is JSON's, its templates have
no authorizer claims: emulator-gap 29), so this renders exactly the constructs the
template uses and refuses any other.

    python3 -m unittest discover -s scripts -p 'test_mapping_template.py'
"""
import json
import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "infra", "template.yaml")


def template_text():
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "local-aws", "template-part.py"), TEMPLATE,
         "ApiWhoAmIGet", "Integration", "Distribution.DomainName=d111.cloudfront.net"],
        check=True, capture_output=True, text=True).stdout
    integration = json.loads(out)
    [ok] = [r for r in integration["IntegrationResponses"] if r["StatusCode"] == "200"]
    return ok["ResponseTemplates"]["application/json"]


def escape_javascript(s):
    """commons-lang 2 StringEscapeUtils.escapeJavaScript."""
    out = []
    for ch in s:
        code = ord(ch)
        if code > 0x7F:
            out.append("".join(f"\\u{u:04X}" for u in _utf16(ch)))
        elif code < 32:
            named = {"\b": "\\b", "\n": "\\n", "\t": "\\t", "\f": "\\f", "\r": "\\r"}
            out.append(named.get(ch, f"\\u{code:04X}"))
        else:
            out.append({"'": "\\'", '"': '\\"', "\\": "\\\\", "/": "\\/"}.get(ch, ch))
    return "".join(out)


def _utf16(ch):
    data = ch.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def render(text, claims, request_time="27/Nov/2026:18:00:00 +0000"):
    """Renders the constructs the template uses; anything else is an error."""
    variables = {}
    lines = []
    for line in text.splitlines():
        m = re.fullmatch(r"\s*#set\(\$(\w+) = \$context\.authorizer\.claims\)\s*", line)
        if m:
            variables[m.group(1)] = claims
            continue
        lines.append(line)
    body = "\n".join(lines)

    def call(m):
        var, name = m.group(1), m.group(2)
        if var not in variables:
            raise AssertionError(f"unknown variable ${var}")
        return escape_javascript(str(variables[var].get(name, "")))

    body = re.sub(
        r'\$util\.escapeJavaScript\(\$(\w+)\.(\w+)\)(?:\.replaceAll\(("(?:[^"\\]|\\.)*","(?:[^"\\]|\\.)*")\))?',
        lambda m: call(m) if m.group(3) is None else call_with_java_literals(m, variables),
        body)
    body = body.replace("$context.requestTime", request_time)
    if "$" in body:
        raise AssertionError(f"a construct this renderer does not know: {body}")
    return body


def call_with_java_literals(m, variables):
    # Velocity string literals take backslashes as they are: "\\'" is the Java
    # regex \\' (a backslash, then '), the replacement "'" is '.
    var, name = m.group(1), m.group(2)
    regex, replacement = re.fullmatch(r'"((?:[^"\\]|\\.)*)","((?:[^"\\]|\\.)*)"', m.group(3)).groups()
    value = escape_javascript(str(variables[var].get(name, "")))
    return re.sub(regex, lambda _: replacement, value)


CLAIMS = {
    "sub": "a1b2c3d4-0000-1111-2222-333344445555",
    "username": "o'brien \"the\" \\ / ünïcødé 😀\t",
    "client_id": "1example23456789",
    "scope": "aws.cognito.signin.user.admin api/whoami.read",
    "token_use": "access",
    "iss": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example",
    "auth_time": "1795000000",
}


class MappingTemplate(unittest.TestCase):
    def test_any_claim_renders_as_valid_json_with_its_value(self):
        out = json.loads(render(template_text(), CLAIMS))
        for name, value in CLAIMS.items():
            self.assertEqual(out[name], value, name)
        self.assertIn("requestTime", out)

    def test_the_renderer_sees_the_bug_the_template_had(self):
        before = '{ "username": "$util.escapeJavaScript($c.username)" }'
        with self.assertRaises(json.JSONDecodeError):
            json.loads(render("#set($c = $context.authorizer.claims)\n" + before, {"username": "o'brien"}))

    def test_escape_javascript_known_answers(self):
        self.assertEqual(escape_javascript("a'b\"c\\d/e\n"), "a\\'b\\\"c\\\\d\\/e\\n")
        self.assertEqual(escape_javascript("é😀"), "\\u00E9\\uD83D\\uDE00")


if __name__ == "__main__":
    unittest.main()
