#!/usr/bin/env python3
"""Prints the template's CloudFront response-headers policy config as JSON,
resolved for one deployment, for `aws cloudfront update-response-headers-policy`.

    scripts/headers-policy.py infra/template.yaml <stack name> [<content security policy>]

Used by scripts/local-aws.sh: the emulator's CloudFormation keeps only the Name and
Comment of an AWS::CloudFront::ResponseHeadersPolicy (README, emulator gaps), so the
local set-up applies the template's own policy through the CloudFront API. Resolves
the Fn::Sub references the policy uses (AWS::StackName, ContentSecurityPolicy) and
refuses anything else, so the policy applied is the template's, nothing made up.
"""
import json
import re
import sys

import yaml


class Tagged(dict):
    """A CloudFormation short-form function (!Sub, !Ref, …) as its long form."""


def _tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged({name: value})


yaml.SafeLoader.add_multi_constructor("!", _tag)


def resolve(value, params):
    if isinstance(value, dict):
        if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            def sub(m):
                key = m.group(1)
                if key not in params:
                    raise SystemExit(f"headers-policy.py: cannot resolve ${{{key}}}")
                return params[key]
            return re.sub(r"\$\{([^}!][^}]*)\}", sub, value["Fn::Sub"])
        if any(k == "Ref" or k.startswith("Fn::") for k in value):
            raise SystemExit(f"headers-policy.py: cannot resolve {value}")
        return {k: resolve(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, params) for v in value]
    return value


def to_api(config):
    """CloudFormation's shape to the CloudFront API's (lists as Quantity/Items)."""
    out = json.loads(json.dumps(config))
    custom = out.get("CustomHeadersConfig")
    if custom is not None:
        items = custom.get("Items", [])
        out["CustomHeadersConfig"] = {"Quantity": len(items), "Items": items}
    return out


def main():
    template, stack = sys.argv[1:3]
    csp = sys.argv[3] if len(sys.argv) > 3 else ""
    with open(template, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    policies = [r for r in doc["Resources"].values() if r["Type"] == "AWS::CloudFront::ResponseHeadersPolicy"]
    if len(policies) != 1:
        raise SystemExit(f"headers-policy.py: expected one response headers policy, found {len(policies)}")
    # No policy given: the template's default, as a deploy without the parameter gets.
    csp = csp or doc["Parameters"]["ContentSecurityPolicy"]["Default"]
    params = {"AWS::StackName": stack, "ContentSecurityPolicy": csp}
    config = resolve(policies[0]["Properties"]["ResponseHeadersPolicyConfig"], params)
    print(json.dumps(to_api(config)))


if __name__ == "__main__":
    main()
