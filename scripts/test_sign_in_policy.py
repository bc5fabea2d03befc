"""The user pool's choice-based sign-in (issue #22): the first factors it allows, for each
combination of the parameters that let it send codes. A passkey and the password always;
a code by email only with an SES sender (EmailSenderArn, EmailFrom: the pool then sends its
mail through it, DEVELOPER); a code by text message only with an SMS role. The emulator
deploys one combination (an SES sender, no SMS role), so the others are checked here,
resolved by scripts/local-aws/template-part.py as a deploy with those parameters would.

    python3 -m unittest discover -s scripts -p 'test_sign_in_policy.py'
"""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "infra", "template.yaml")
SES = ["EmailSenderArn=arn:aws:ses:eu-west-1:123456789012:identity/example.com",
       "EmailFrom=no-reply@example.com"]
SMS = ["SmsRoleArn=arn:aws:iam::123456789012:role/cognito-sms", "SmsExternalId=demo-sms"]


def part(resource, prop, *params):
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "local-aws", "template-part.py"), TEMPLATE, resource, prop,
         "Distribution.DomainName=d111111abcdef8.cloudfront.net", "AWS::Region=eu-west-1", *params],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out) if out.strip() else None


def factors(*params):
    return part("UserPool", "Policies", *params)["SignInPolicy"]["AllowedFirstAuthFactors"]


class SignInPolicy(unittest.TestCase):
    def test_a_passkey_and_the_password_always(self):
        self.assertEqual(factors(), ["PASSWORD", "WEB_AUTHN"])
        self.assertIsNone(part("UserPool", "EmailConfiguration"))
        self.assertIsNone(part("UserPool", "SmsConfiguration"))

    def test_an_emailed_code_with_an_ses_sender(self):
        self.assertEqual(factors(*SES), ["PASSWORD", "WEB_AUTHN", "EMAIL_OTP"])
        self.assertEqual(part("UserPool", "EmailConfiguration", *SES), {
            "EmailSendingAccount": "DEVELOPER",
            "SourceArn": "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
            "From": "no-reply@example.com"})

    def test_a_texted_code_with_an_sms_role(self):
        self.assertEqual(factors(*SMS), ["PASSWORD", "WEB_AUTHN", "SMS_OTP"])
        self.assertEqual(factors(*SES, *SMS), ["PASSWORD", "WEB_AUTHN", "EMAIL_OTP", "SMS_OTP"])
        self.assertEqual(part("UserPool", "SmsConfiguration", *SMS), {
            "SnsCallerArn": "arn:aws:iam::123456789012:role/cognito-sms", "ExternalId": "demo-sms",
            "SnsRegion": "eu-west-1"})

    def test_the_app_client_allows_the_choice_and_no_flow_that_sends_the_password(self):
        flows = part("UserPoolClient", "ExplicitAuthFlows")
        self.assertIn("ALLOW_USER_AUTH", flows)
        self.assertNotIn("ALLOW_USER_PASSWORD_AUTH", flows)
        self.assertNotIn("ALLOW_ADMIN_USER_PASSWORD_AUTH", flows)

    def test_user_verification_is_asked_where_the_authenticator_can(self):
        self.assertEqual(part("UserPool", "WebAuthnUserVerification"), "preferred")


if __name__ == "__main__":
    unittest.main()
