"""The template's upload function (UploadPolicyFunction), run on API Gateway's
proxy event shape as Lambda would run its inline code, with botocore (the Lambda
runtime's SDK) signing for real and the two AWS calls it makes (Cognito Identity's
GetId, S3's ListObjectsV2) answered here. The e2e test (e2e/files.test.mjs) runs it
on the emulator; this covers what the emulator cannot show: the address AWS's S3 is
signed for, and GetId refusing a token.

    PYTHONPATH=.tools/py python3 -m unittest discover -s scripts -p 'test_upload_policy.py'
"""
import base64
import json
import os
import subprocess
import sys
import types
import unittest
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "infra", "template.yaml")
SUB = "a1b2c3d4-0000-1111-2222-333344445555"
IDENTITY = "eu-west-1:11111111-2222-4333-8444-555555555555"


def part(prop):
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "local-aws", "template-part.py"), TEMPLATE, "UploadPolicyFunction", prop,
         "AWS::StackName=demo", "Distribution.DomainName=d111.cloudfront.net", "DataBucket=data-bucket",
         "IdentityPool=eu-west-1:00000000-0000-0000-0000-000000000000", "UserPool.ProviderName=cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example",
         "MaxUploadBytes=104857600", "UserQuotaBytes=1073741824", "ExtraAllowedOrigins=http://127.0.0.1:8080"],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def token(sub):
    payload = base64.urlsafe_b64encode(json.dumps({"sub": sub}).encode()).decode().rstrip("=")
    return f"eyJhbGciOiJSUzI1NiJ9.{payload}.sig"


class FakeIdentity:
    class exceptions:
        class NotAuthorizedException(Exception):
            pass

    def __init__(self, refuse=False):
        self.refuse, self.calls = refuse, []

    def get_id(self, **kwargs):
        self.calls.append(kwargs)
        if self.refuse:
            raise self.exceptions.NotAuthorizedException("Invalid login token.")
        return {"IdentityId": IDENTITY}


class FakeS3:
    def __init__(self, sizes):
        self.sizes, self.prefixes = sizes, []

    def get_paginator(self, name):
        assert name == "list_objects_v2"
        fake = self

        class Paginator:
            def paginate(self, Bucket, Prefix):
                fake.prefixes.append(Prefix)
                return [{"Contents": [{"Key": f"{Prefix}f{i}", "Size": s} for i, s in enumerate(fake.sizes)]}]
        return Paginator()


def load(identity, s3):
    env = {k: str(v) for k, v in part("Environment")["Variables"].items()}
    env.update({"AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "ASIAFUNCTION", "AWS_SECRET_ACCESS_KEY": "secret",
                "AWS_SESSION_TOKEN": "session-token"})
    code = part("Code")["ZipFile"]
    real = botocore.session.get_session

    def session():
        s = real()
        clients = {"s3": s3, "cognito-identity": identity}
        s.create_client = lambda name, **kw: clients[name]
        return s
    module = types.ModuleType("index")
    with mock.patch.dict(os.environ, env, clear=False), mock.patch("botocore.session.get_session", session):
        exec(compile(code, "index.py", "exec"), module.__dict__)  # noqa: S102 (the template's own code)
    return module, env


def event(body, sub=SUB):
    return {"body": json.dumps(body), "requestContext": {"authorizer": {"claims": {"sub": sub, "token_use": "access"}}}}


class UploadPolicy(unittest.TestCase):
    def call(self, body, identity=None, sizes=(), sub=SUB):
        identity, s3 = identity or FakeIdentity(), FakeS3(list(sizes))
        module, env = load(identity, s3)
        with mock.patch.dict(os.environ, env, clear=False):
            out = module.handler(event(body, sub), None)
        return out["statusCode"], json.loads(out["body"]), out["headers"], identity, s3

    def ask(self, **extra):
        return {"name": "notes.txt", "size": 42, "contentType": "text/plain", "idToken": token(SUB), **extra}

    def test_a_presigned_put_for_aws_that_covers_the_size_in_the_callers_folder(self):
        status, body, headers, identity, s3 = self.call(self.ask())
        self.assertEqual(status, 200)
        self.assertEqual(body["key"], f"private/{IDENTITY}/notes.txt")
        url = urlsplit(body["url"])
        self.assertEqual((url.scheme, url.netloc), ("https", "data-bucket.s3.eu-west-1.amazonaws.com"))
        self.assertEqual(url.path, "/private/eu-west-1%3A11111111-2222-4333-8444-555555555555/notes.txt")
        query = parse_qs(url.query)
        self.assertEqual(query["X-Amz-SignedHeaders"], ["content-length;content-type;host"])
        self.assertEqual(query["X-Amz-Expires"], ["300"])
        self.assertTrue(query["X-Amz-Credential"][0].startswith("ASIAFUNCTION/"))
        self.assertEqual(query["X-Amz-Security-Token"], ["session-token"])
        self.assertEqual(body["headers"], {"content-type": "text/plain"})
        self.assertEqual(headers["Access-Control-Allow-Origin"], "https://d111.cloudfront.net")
        self.assertEqual(identity.calls, [{"IdentityPoolId": "eu-west-1:00000000-0000-0000-0000-000000000000",
                                           "Logins": {"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example": token(SUB)}}])
        self.assertEqual(s3.prefixes, [f"private/{IDENTITY}/"])

    def test_cors_names_an_allowed_origin_only(self):
        module, env = load(FakeIdentity(), FakeS3([]))
        with mock.patch.dict(os.environ, env, clear=False):
            ok = module.handler({"httpMethod": "OPTIONS", "headers": {"Origin": "http://127.0.0.1:8080"}}, None)
            other = module.handler({"httpMethod": "OPTIONS", "headers": {"origin": "https://evil.example"}}, None)
        self.assertEqual((ok["statusCode"], ok["headers"]["Access-Control-Allow-Origin"]), (204, "http://127.0.0.1:8080"))
        self.assertEqual(ok["headers"]["Access-Control-Allow-Headers"], "authorization,content-type")
        self.assertEqual(other["headers"]["Access-Control-Allow-Origin"], "https://d111.cloudfront.net")

    def test_an_address_the_function_was_not_told_of_is_not_signed_for(self):
        status, body, *_ = self.call(self.ask(endpoint="https://attacker.example"))
        self.assertEqual(status, 200)
        self.assertEqual(urlsplit(body["url"]).netloc, "data-bucket.s3.eu-west-1.amazonaws.com")

    def test_refusals(self):
        cases = [
            (self.ask(size=104857601), 413, "TooLarge"),
            (self.ask(name="../x"), 400, "BadName"),
            (self.ask(name=""), 400, "BadName"),
            (self.ask(size=-1), 400, "BadSize"),
            (self.ask(size="42"), 400, "BadSize"),
            (self.ask(contentType="text/plain\r\nx-amz-acl: public-read"), 400, "BadType"),
            (self.ask(idToken=token("someone-else")), 403, "NotTheCaller"),
            (self.ask(idToken=None), 403, "NotTheCaller"),
        ]
        for body, status, code in cases:
            got, answer, *_ = self.call(body)
            self.assertEqual((got, answer["code"]), (status, code), body)
        self.assertEqual(self.call(self.ask(size=104857601))[1]["limit"], 104857600)

    def test_getid_refusing_the_token_is_a_refusal(self):
        status, body, *_ = self.call(self.ask(), identity=FakeIdentity(refuse=True))
        self.assertEqual((status, body["code"]), (403, "NotTheCaller"))

    def test_the_quota_counts_what_the_folder_holds(self):
        self.assertEqual(self.call(self.ask(size=10), sizes=[1073741824 - 10])[0], 200)
        status, body, *_ = self.call(self.ask(size=11), sizes=[1073741824 - 10])
        self.assertEqual((status, body["code"], body["limit"]), (413, "QuotaExceeded", 1073741824))

    def test_not_json(self):
        module, env = load(FakeIdentity(), FakeS3([]))
        with mock.patch.dict(os.environ, env, clear=False):
            out = module.handler({"body": "{", "requestContext": {}}, None)
        self.assertEqual(out["statusCode"], 400)


if __name__ == "__main__":
    unittest.main()
