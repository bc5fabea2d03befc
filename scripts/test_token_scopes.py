"""The template's pre-token-generation trigger (TokenScopesFunction), run on the
event shape AWS documents for event version 2 ("Pre token generation Lambda
trigger", the V2_0 request and response), as Lambda would run its inline code.

    python3 -m unittest discover -s scripts -p 'test_token_scopes.py'
"""
import copy
import json
import os
import subprocess
import sys
import types
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "infra", "template.yaml")


def part(resource, prop):
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "local-aws", "template-part.py"), TEMPLATE, resource, prop],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def load_function():
    env = part("TokenScopesFunction", "Environment")["Variables"]
    code = part("TokenScopesFunction", "Code")["ZipFile"]
    handler = part("TokenScopesFunction", "Handler")
    assert handler == "index.handler", handler
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        module = types.ModuleType("index")
        exec(compile(code, "index.py", "exec"), module.__dict__)  # noqa: S102 (the template's own code)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return module.handler


# AWS's documented V2_0 event for a sign-in (trimmed attributes).
EVENT = {
    "version": "2",
    "triggerSource": "TokenGeneration_Authentication",
    "region": "eu-west-1",
    "userPoolId": "eu-west-1_Example",
    "userName": "alice",
    "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "1example23456789"},
    "request": {
        "userAttributes": {"sub": "a1b2", "email": "alice@example.com", "email_verified": "true"},
        "groupConfiguration": {"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": None},
        "scopes": ["aws.cognito.signin.user.admin"],
    },
    "response": {"claimsAndScopeOverrideDetails": None},
}


class TokenScopes(unittest.TestCase):
    def setUp(self):
        self.handler = load_function()

    def test_the_access_token_gets_the_api_scope(self):
        out = self.handler(copy.deepcopy(EVENT), None)
        details = out["response"]["claimsAndScopeOverrideDetails"]
        self.assertEqual(details["accessTokenGeneration"]["scopesToAdd"], ["api/whoami.read", "api/files.write"])
        # Nothing else of the token is changed: no claims, no ID token override, no groups.
        self.assertEqual(set(details), {"accessTokenGeneration"})
        self.assertEqual(set(details["accessTokenGeneration"]), {"scopesToAdd"})

    def test_the_scopes_are_the_ones_the_api_methods_ask_for(self):
        out = self.handler(copy.deepcopy(EVENT), None)
        added = out["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]["scopesToAdd"]
        for method in ("ApiWhoAmIGet", "ApiUploadsPost"):
            scopes = part(method, "AuthorizationScopes")
            self.assertTrue(set(scopes) & set(added), method)
            # and the hosted page may ask for them too
            self.assertTrue(set(scopes) <= set(part("UserPoolClient", "AllowedOAuthScopes")), method)

    def test_a_refresh_and_other_sources_get_it_too_and_earlier_overrides_stay(self):
        event = copy.deepcopy(EVENT)
        event["triggerSource"] = "TokenGeneration_RefreshTokens"
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "accessTokenGeneration": {"scopesToAdd": ["other/x"], "claimsToSuppress": ["email"]}}
        access = self.handler(event, None)["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]
        self.assertEqual(access["scopesToAdd"], ["other/x", "api/whoami.read", "api/files.write"])
        self.assertEqual(access["claimsToSuppress"], ["email"])


if __name__ == "__main__":
    unittest.main()
