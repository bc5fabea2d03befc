"""The template with the site's own domain (SiteDomain, SiteCertificateArn): the
distribution serves that name with its ACM certificate over TLS 1.2 or later only,
and every address the template makes of the site is that name; without them, the
distribution's own name and CloudFront's default certificate. The emulator deploys
only the default (no ACM certificate there), so the choice is checked here, resolved
by scripts/local-aws/template-part.py as a deploy with those parameters would.

    python3 -m unittest discover -s scripts -p 'test_site_domain.py'
"""
import json
import os
import re
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "infra", "template.yaml")
DISTRIBUTION = "d111111abcdef8.cloudfront.net"
DOMAIN = "app.example.com"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"

# Every property of the template that names the site (its origin or its URLs).
PLACES = [
    ("UserPoolClient", "CallbackURLs"),
    ("UserPoolClient", "LogoutURLs"),
    ("DataBucket", "CorsConfiguration"),
    ("ApiWhoAmIGet", "Integration"),
    ("ApiWhoAmIOptions", "Integration"),
    ("ApiRefusals", "ResponseParameters"),
]


def part(resource, prop, *params):
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "local-aws", "template-part.py"), TEMPLATE, resource, prop,
         f"Distribution.DomainName={DISTRIBUTION}", "AWS::StackName=demo", "DataBucket.Arn=arn:aws:s3:::data", *params],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def viewer_certificate(*params):
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "local-aws", "template-part.py"), TEMPLATE, "Distribution",
         "DistributionConfig", f"Distribution.DomainName={DISTRIBUTION}", "AWS::StackName=demo",
         "SiteBucket.RegionalDomainName=site.s3.amazonaws.com", "SiteOriginAccess.Id=E1", "SiteCachePolicy=c1",
         "SiteHeaders=h1", *params],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


class SiteDomain(unittest.TestCase):
    def test_with_its_domain_the_distribution_serves_tls_1_2_or_later_with_its_certificate(self):
        config = viewer_certificate(f"SiteDomain={DOMAIN}", f"SiteCertificateArn={CERTIFICATE}")
        self.assertEqual(config["Aliases"], [DOMAIN])
        self.assertEqual(config["ViewerCertificate"], {
            "AcmCertificateArn": CERTIFICATE, "SslSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021"})

    def test_without_it_the_default_certificate(self):
        config = viewer_certificate()
        self.assertNotIn("Aliases", config)
        self.assertEqual(config["ViewerCertificate"], {"CloudFrontDefaultCertificate": True})

    def test_every_address_of_the_site_is_its_domain(self):
        for resource, prop in PLACES:
            with_domain = json.dumps(part(resource, prop, f"SiteDomain={DOMAIN}", f"SiteCertificateArn={CERTIFICATE}"))
            without = json.dumps(part(resource, prop))
            self.assertIn(f"https://{DOMAIN}", with_domain, resource)
            self.assertNotIn(DISTRIBUTION, with_domain, resource)
            self.assertIn(f"https://{DISTRIBUTION}", without, resource)

    def test_passkeys_belong_to_the_sites_domain(self):
        self.assertEqual(part("UserPool", "WebAuthnRelyingPartyID", f"SiteDomain={DOMAIN}",
                              f"SiteCertificateArn={CERTIFICATE}"), DOMAIN)
        self.assertEqual(part("UserPool", "WebAuthnRelyingPartyID"), DISTRIBUTION)

    def test_no_address_is_made_of_the_distribution_name_directly(self):
        with open(TEMPLATE, encoding="utf-8") as f:
            text = f.read()
        direct = re.findall(r'.*"[^"\n]*\$\{Distribution\.DomainName\}.*', text)
        self.assertEqual(direct, [], "use ${SiteHost}")


if __name__ == "__main__":
    unittest.main()
