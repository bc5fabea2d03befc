#!/usr/bin/env python3
"""Prints one property of a resource of the CloudFormation template as JSON,
resolved for one deployment, for the local emulator's workarounds.

    scripts/local-aws/template-part.py infra/template.yaml <resource> <property> [Name=Value ...] [--cloudfront-api]

Used by the gap files of scripts/local-aws/gaps/ where the emulator's CloudFormation drops part of a
resource (emulator-gap 12, emulator-gap 19, emulator-gap 28): the response-headers policy's config (applied
through the CloudFront API; --cloudfront-api turns CloudFormation's lists into
the API's Quantity/Items shape) and the app client's RefreshTokenRotation
(applied with UpdateUserPoolClient). Resolves the Fn::Sub references (and Ref/GetAtt) it meets
from the Name=Value pairs and the template's parameter defaults, and Fn::If by the
template's conditions over those parameters; it refuses anything else, so what is
applied is the template's, nothing made up.
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


def condition(name, params, conditions):
    """A condition of the template: Fn::Equals, Fn::Not, Fn::And, Fn::Or over Refs
    to parameters and literals."""
    def ev(node):
        if isinstance(node, dict) and len(node) == 1:
            (op, arg), = node.items()
            if op == "Ref" and arg in params:
                return params[arg]
            if op == "Condition":
                return condition(arg, params, conditions)
            if op == "Fn::Equals":
                return ev(arg[0]) == ev(arg[1])
            if op == "Fn::Not":
                return not ev(arg[0])
            if op == "Fn::And":
                return all(ev(a) for a in arg)
            if op == "Fn::Or":
                return any(ev(a) for a in arg)
            raise SystemExit(f"template-part.py: cannot evaluate {node}")
        if isinstance(node, str):
            return node
        raise SystemExit(f"template-part.py: cannot evaluate {node}")
    if name not in conditions:
        raise SystemExit(f"template-part.py: no condition {name}")
    return ev(conditions[name])


NO_VALUE = object()  # !Ref AWS::NoValue: the property is left out


def resolve(value, params, conditions=None):
    conditions = conditions or {}
    if isinstance(value, dict):
        if value == {"Ref": "AWS::NoValue"}:
            return NO_VALUE
        if set(value) == {"Fn::If"}:
            name, yes, no = value["Fn::If"]
            return resolve(yes if condition(name, params, conditions) else no, params, conditions)
        if set(value) == {"Fn::Sub"}:
            text, names = value["Fn::Sub"], {}
            if isinstance(text, list):
                text, variables = text
                names = {k: resolve(v, params, conditions) for k, v in variables.items()}
            scope = {**params, **names}

            def sub(m):
                key = m.group(1)
                if key not in scope or not isinstance(scope[key], str):
                    raise SystemExit(f"template-part.py: cannot resolve ${{{key}}}")
                return scope[key]
            return re.sub(r"\$\{([^}!][^}]*)\}", sub, text)
        key = None
        if set(value) == {"Ref"}:
            key = value["Ref"]
        elif set(value) == {"Fn::GetAtt"}:
            att = value["Fn::GetAtt"]
            key = ".".join(att) if isinstance(att, list) else att
        if key is not None and key in params:
            return params[key]
        if any(k == "Ref" or k.startswith("Fn::") for k in value):
            raise SystemExit(f"template-part.py: cannot resolve {value}")
        out = {k: resolve(v, params, conditions) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not NO_VALUE}
    if isinstance(value, list):
        return [v for v in (resolve(v, params, conditions) for v in value) if v is not NO_VALUE]
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
    part = resolve(doc["Resources"][resource]["Properties"][prop], params, doc.get("Conditions", {}))
    if part is NO_VALUE:
        print("null")  # AWS::NoValue: the property is absent from this deployment
        return
    if "--cloudfront-api" in sys.argv:
        part = to_cloudfront_api(part)
    print(json.dumps(part))


if __name__ == "__main__":
    main()
