#!/usr/bin/env python3
"""Prints one property of a resource of the CloudFormation template as JSON,
resolved for one deployment, for the local emulator's workarounds.

    scripts/local-aws/template-part.py infra/template.yaml <resource> <property> [Name=Value ...] [--cloudfront-api]

Used by the gap files of scripts/local-aws/gaps/ where the emulator's CloudFormation drops part of a
resource (emulator-gap 12, emulator-gap 19, emulator-gap 28): the response-headers policy's config (applied
through the CloudFront API; --cloudfront-api turns CloudFormation's lists into
the API's Quantity/Items shape) and the app client's RefreshTokenRotation
(applied with UpdateUserPoolClient). Resolves the Fn::Sub references it meets
from the Name=Value pairs and the template's parameter defaults, and refuses
anything else, so what is applied is the template's, nothing made up.
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
                    raise SystemExit(f"template-part.py: cannot resolve ${{{key}}}")
                return params[key]
            return re.sub(r"\$\{([^}!][^}]*)\}", sub, value["Fn::Sub"])
        if any(k == "Ref" or k.startswith("Fn::") for k in value):
            raise SystemExit(f"template-part.py: cannot resolve {value}")
        return {k: resolve(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, params) for v in value]
    return value


def to_cloudfront_api(config):
    """CloudFormation's shape to the CloudFront API's (lists as Quantity/Items)."""
    out = json.loads(json.dumps(config))
    custom = out.get("CustomHeadersConfig")
    if custom is not None:
        items = custom.get("Items", [])
        out["CustomHeadersConfig"] = {"Quantity": len(items), "Items": items}
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    template, resource, prop = args[:3]
    with open(template, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    params = {k: v.get("Default", "") for k, v in doc.get("Parameters", {}).items()}
    for pair in args[3:]:
        key, _, value = pair.partition("=")
        # An empty value leaves the parameter at its default, as a deploy without it would.
        if value:
            params[key] = value
    part = resolve(doc["Resources"][resource]["Properties"][prop], params)
    if "--cloudfront-api" in sys.argv:
        part = to_cloudfront_api(part)
    print(json.dumps(part))


if __name__ == "__main__":
    main()
