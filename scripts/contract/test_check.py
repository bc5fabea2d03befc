"""Tests of the contract check. Run from the repository root:

PYTHONPATH=/tmp/botoprobe/py python3 -m unittest discover -s scripts/contract -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import tempfile
import unittest
from unittest import mock

import check
import models

IDP = "AWSCognitoIdentityProviderService."
IDENTITY = "AWSCognitoIdentityService."
JSON11 = "application/x-amz-json-1.1"
CLIENT = "abcdefghij0123456789klmnop"
SRP_A = "SRPASECRETVALUE" + "0f" * 40
SESSION = "SESSIONSECRET" + "x" * 40
POOL = "eu-west-1:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
AUTH = ("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20240101/eu-west-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=abc123")
S3 = "https://127.0.0.1:4566/my-bucket"


def json_request(target, body, content_type=JSON11, method="POST", test="journey.test.mjs"):
    text = body if isinstance(body, str) else json.dumps(body)
    return {"kind": "request", "test": test, "method": method, "url": "https://127.0.0.1:4566/",
            "headers": {"content-type": content_type, "x-amz-target": target},
            "body": text, "bodyBytes": len(text)}


def s3_request(method, url, headers=None, body=None, auth=True):
    h = {"x-amz-date": "20240101T000000Z", "x-amz-content-sha256": "UNSIGNED-PAYLOAD",
         "x-amz-security-token": "TOKENSECRET"}
    if auth:
        h["authorization"] = AUTH
    h.update(headers or {})
    return {"kind": "request", "test": "files.test.mjs", "method": method, "url": url,
            "headers": h, "body": body, "bodyBytes": len(body or "")}


def answer(target, body, status=200):
    return {"kind": "answer", "test": "devices.test.mjs", "target": target, "status": status,
            "body": json.dumps(body)}


def initiate(**changes):
    body = {"AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT,
            "AuthParameters": {"USERNAME": "alice", "SRP_A": SRP_A}}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


class ContractTest(unittest.TestCase):
    def run_check(self, *records, args=()):
        """(exit status, stdout) of the check over one JSONL file of `records`."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "contract.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write("".join(json.dumps(r) + "\n" for r in records))
            out = io.StringIO()
            with contextlib.redirect_stderr(io.StringIO()):
                status = check.main([*args, path], out=out)
            return status, out.getvalue()

    def assert_passes(self, *records):
        status, out = self.run_check(*records)
        self.assertEqual(status, 0, out)
        self.assertIn(" 0 failures", out)
        return out

    def assert_fails(self, message, *records, args=()):
        status, out = self.run_check(*records, args=args)
        self.assertEqual(status, 1, out)
        self.assertIn(message, out)
        return out

    def test_good_initiate_auth(self):
        out = self.assert_passes(json_request(IDP + "InitiateAuth", initiate()))
        self.assertRegex(out, r"cognito-idp\s+InitiateAuth\s+1\s+0\s+ok")
        self.assertIn("contract: 1 requests, 0 fabricated answers, 1 operations, 0 failures", out)
        self.assertIn("patterns not checked: none", out)

    def test_unknown_top_level_member(self):
        self.assert_fails("cognito-idp.InitiateAuth: Foo: unknown member",
                          json_request(IDP + "InitiateAuth", initiate(Foo=1)))

    def test_map_keys_are_not_members(self):
        params = {"USERNAME": "alice", "SRP_A": SRP_A, "FOO": "x"}
        self.assert_passes(json_request(IDP + "InitiateAuth", initiate(AuthParameters=params)))

    def test_missing_client_id(self):
        self.assert_fails("ClientId: required member missing",
                          json_request(IDP + "InitiateAuth", initiate(ClientId=None)))

    def test_wrong_type(self):
        body = initiate(AuthParameters=["USERNAME", "alice"])
        self.assert_fails("AuthParameters: expected an object (map), got a list",
                          json_request(IDP + "InitiateAuth", body))

    def test_bool_is_not_integer(self):
        self.assert_fails("Limit: expected an integer, got a boolean",
                          json_request(IDP + "ListDevices", {"AccessToken": "t", "Limit": True}))

    def test_bad_enum(self):
        self.assert_fails("AuthFlow: 'USER_SRP' is not one of USER_SRP_AUTH",
                          json_request(IDP + "InitiateAuth", initiate(AuthFlow="USER_SRP")))

    def test_short_session_in_challenge_response(self):
        body = {"ClientId": CLIENT, "ChallengeName": "SMS_MFA", "Session": "short",
                "ChallengeResponses": {"USERNAME": "alice", "SMS_MFA_CODE": "123456"}}
        out = self.assert_fails("RespondToAuthChallenge: Session: length 5 is below min 20",
                                json_request(IDP + "RespondToAuthChallenge", body))
        self.assertNotIn("short", out.replace("shorter", ""))

    def test_wrong_content_type(self):
        self.assert_fails("content-type is 'application/json', expected 'application/x-amz-json-1.1'",
                          json_request(IDP + "InitiateAuth", initiate(), content_type="application/json"))

    def test_unknown_target(self):
        out = self.assert_fails("x-amz-target: InitiateAuthentication is not an operation of cognito-idp",
                                json_request(IDP + "InitiateAuthentication", initiate()))
        self.assertRegex(out, r"cognito-idp\s+InitiateAuthentication\s+1\s+0\s+FAIL \(1\)")

    def test_body_not_json_object(self):
        self.assert_fails("the request body is a list, expected a JSON object",
                          json_request(IDP + "InitiateAuth", "[]"))

    def test_get_id_and_credentials(self):
        logins = {"cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf": "eyJ.idtoken.sig"}
        identity = "eu-west-1:11111111-2222-3333-4444-555555555555"
        out = self.assert_passes(
            json_request(IDENTITY + "GetId", {"IdentityPoolId": POOL, "Logins": logins}),
            json_request(IDENTITY + "GetCredentialsForIdentity", {"IdentityId": identity, "Logins": logins}),
            answer(IDENTITY + "GetCredentialsForIdentity", {
                "IdentityId": identity,
                "Credentials": {"AccessKeyId": "ASIAEXAMPLE", "SecretKey": "s", "SessionToken": "t",
                                "Expiration": 1700000000}}))
        self.assertRegex(out, r"cognito-identity\s+GetCredentialsForIdentity\s+1\s+1\s+ok")
        self.assertRegex(out, r"cognito-identity\s+GetId\s+1\s+0\s+ok")

    def test_get_id_pattern(self):
        self.assert_fails("IdentityPoolId: 'no colon' does not match pattern",
                          json_request(IDENTITY + "GetId", {"IdentityPoolId": "no colon"}))

    def test_list_objects_v2(self):
        url = S3 + "?list-type=2&prefix=a%2F&delimiter=%2F&max-keys=100"
        out = self.assert_passes(s3_request("GET", url))
        self.assertRegex(out, r"s3\s+ListObjectsV2\s+1\s+0\s+ok")

    def test_list_objects_v2_unknown_query(self):
        self.assert_fails("s3.ListObjectsV2: ?foo: not a query member of ListObjectsV2",
                          s3_request("GET", S3 + "?list-type=2&foo=1"))

    def test_list_objects_v2_bad_max_keys(self):
        self.assert_fails("MaxKeys: 'many' is not an integer",
                          s3_request("GET", S3 + "?list-type=2&max-keys=many"))

    def test_presigned_get_object(self):
        url = (S3 + "/dir/file%20name.txt?response-content-disposition=attachment%3B%20filename%3D%22f%22"
               "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
               "&X-Amz-Credential=ASIAEXAMPLE%2F20240101%2Feu-west-1%2Fs3%2Faws4_request"
               "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=300&X-Amz-Security-Token=TOKENSECRET"
               "&X-Amz-SignedHeaders=host&X-Amz-Signature=abcdef")
        out = self.assert_passes(s3_request("GET", url, auth=False))
        self.assertRegex(out, r"s3\s+GetObject\s+1\s+0\s+ok")

    def test_upload_part_over_put_object(self):
        out = self.assert_passes(
            s3_request("PUT", S3 + "/k?partNumber=3&uploadId=up%2Fid%2B1"),
            s3_request("PUT", S3 + "/k", {"content-type": "text/plain", "x-amz-meta-name": "f"}),
            s3_request("POST", S3 + "/k?uploads", {"content-type": "text/plain"}),
            s3_request("DELETE", S3 + "/k?uploadId=u1"),
            s3_request("DELETE", S3 + "/k"),
            s3_request("POST", S3 + "/k?uploadId=u1", {"content-type": "application/xml"},
                       '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
                       '<Part><PartNumber>1</PartNumber><ETag>"e1"</ETag></Part></CompleteMultipartUpload>'))
        for op in ("UploadPart", "PutObject", "CreateMultipartUpload", "AbortMultipartUpload",
                   "DeleteObject", "CompleteMultipartUpload"):
            self.assertRegex(out, r"s3\s+%s\s+1\s+0\s+ok" % op)

    def test_complete_multipart_body(self):
        self.assert_fails("Part[0].ETag: required element missing",
                          s3_request("POST", S3 + "/k?uploadId=u1", body=(
                              "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part>"
                              "</CompleteMultipartUpload>")))

    def test_unknown_s3_header(self):
        self.assert_fails("header x-amz-foo: not a header member of PutObject",
                          s3_request("PUT", S3 + "/k", {"x-amz-foo": "1"}))

    def test_fabricated_short_session(self):
        out = self.assert_fails(
            "devices.test.mjs cognito-idp.RespondToAuthChallenge: Session: length 2 is below min 20",
            answer(IDP + "RespondToAuthChallenge",
                   {"ChallengeName": "DEVICE_SRP_AUTH", "Session": "d1", "ChallengeParameters": {}}))
        self.assertRegex(out, r"cognito-idp\s+RespondToAuthChallenge\s+0\s+1\s+FAIL \(1\)")

    def test_fabricated_error(self):
        target = IDP + "RespondToAuthChallenge"
        self.assert_passes(answer(target, {"__type": "NotAuthorizedException", "message": "no"}, 400))
        out = self.assert_passes(answer(target, {"__type": "UsernameExistsException", "message": "x"}, 400))
        self.assertIn("UsernameExistsException is an error of the service, not listed", out)
        self.assert_fails("__type: 'NotAuthorised' is not an error shape of cognito-idp",
                          answer(target, {"__type": "NotAuthorised", "message": "no"}, 400))

    def test_sensitive_values_never_printed(self):
        secret_pw = "Hunter2Secret!"
        out = self.assert_fails(
            "Session: length", json_request(IDP + "InitiateAuth", initiate(
                AuthFlow="USER_PASSWORD_AUTH", Session="tooshortSECRET",
                AuthParameters={"USERNAME": "alice", "PASSWORD": secret_pw, "SRP_A": 5})),
            json_request(IDP + "RespondToAuthChallenge", {
                "ClientId": "bad client id", "ChallengeName": "PASSWORD_VERIFIER", "Session": SESSION,
                "ChallengeResponses": {"PASSWORD_CLAIM_SIGNATURE": secret_pw}}))
        self.assertIn("ClientId: <sensitive> does not match pattern", out)
        self.assertIn("AuthParameters.SRP_A: expected a string", out)
        for secret in (secret_pw, "tooshortSECRET", SESSION, SRP_A, "bad client id", "TOKENSECRET"):
            self.assertNotIn(secret, out)

    def test_java_patterns(self):
        names = models.java_regex(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")
        self.assertTrue(names.fullmatch("jöhn.doe@example.com"))
        self.assertFalse(names.fullmatch("john doe"))
        self.assertFalse(models.java_regex(r"[\w+]+").fullmatch("é"))
        self.assertTrue(models.java_regex(r"\p{Alnum}+\Q.*\E").fullmatch("a1.*"))
        self.assertIsNone(models.java_regex(r"[a-z&&[^b]]"))

    def test_patterns_not_checked_are_listed(self):
        with mock.patch.object(models, "java_regex", lambda pattern: None):
            out = self.assert_passes(json_request(IDP + "InitiateAuth", initiate()))
        self.assertIn("patterns not checked: [\\w+]+ [ClientIdType] (1 values)", out)

    def test_not_modelled(self):
        out = self.assert_passes(
            json_request(IDP + "InitiateAuth", initiate()),
            {"kind": "request", "test": "t", "method": "POST", "url": "https://auth.example/oauth2/token",
             "headers": {"content-type": "application/x-www-form-urlencoded"}, "body": "code=SECRET"})
        self.assertIn("not modelled: POST /oauth2/token (1)", out)
        self.assertNotIn("SECRET", out)

    def test_empty_input_fails(self):
        self.assert_fails("nothing was checked")
        out = io.StringIO()
        self.assertEqual(check.main([], out=out), 1)
        self.assertIn("no input files given", out.getvalue())
        self.assert_fails("nothing was checked", {"kind": "request", "test": "t", "method": "GET",
                                                  "url": "https://api.example/x", "headers": {}})

    def test_expect_and_list_operations(self):
        with tempfile.TemporaryDirectory() as tmp:
            expect = os.path.join(tmp, "expected.txt")
            with open(expect, "w") as f:
                f.write("# operations\ncognito-idp InitiateAuth\ncognito-idp ForgotPassword\n")
            self.assert_fails("expected operation not seen in any request: cognito-idp ForgotPassword",
                              json_request(IDP + "InitiateAuth", initiate()), args=("--expect-operations", expect))
        status, out = self.run_check(json_request(IDP + "InitiateAuth", initiate()),
                                     s3_request("GET", S3 + "?list-type=2"), args=("--list-operations",))
        self.assertEqual((status, out), (0, "cognito-idp InitiateAuth\ns3 ListObjectsV2\n"))


if __name__ == "__main__":
    unittest.main()
