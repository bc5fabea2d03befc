#!/usr/bin/env python3
"""Contract check: recorded browser requests and fabricated answers vs AWS's models.

Usage: PYTHONPATH=.tools/py python3 scripts/contract/check.py [--expect-operations FILE]
       [--list-operations] FILE.jsonl...

Input: JSON Lines written by the end-to-end tests, one object a line:
  {"kind":"request","test":..,"method":..,"url":..,"headers":{..},"body":..|null,"bodyBytes":n}
  {"kind":"answer","test":..,"target":"<Prefix>.<Operation>","status":n,"body":"<json>"}

What is checked, against botocore's `service-2` models (cognito-idp,
cognito-identity, s3):
- JSON 1.1 requests (`x-amz-target` `AWSCognitoIdentityProviderService.*` or
  `AWSCognitoIdentityService.*`): the operation exists, method POST,
  `content-type` exactly `application/x-amz-json-<jsonVersion>`, the body is a
  JSON object without duplicate keys, and it fits the input shape recursively:
  no unknown member, required members present, types, enums, min/max (length,
  count, value), patterns (full match; see models.py for the Java translation).
- S3 requests (SigV4 scope `/s3/aws4_request` in `authorization` or in a
  presigned `X-Amz-Credential`), path-style: the operation is found by method
  and `requestUri` (the most specific fit wins; see s3.py); query names are
  querystring members, literal `requestUri` keys or SigV4 parameters, and their
  values fit; `x-amz-*` headers (not the signing ones) are header members (or
  fit a `headers` prefix such as `x-amz-meta-`); URI labels fit; required
  URI/query/header members present; the `CompleteMultipartUpload` XML body
  has `Part` elements with `PartNumber` and `ETag` and nothing unknown.
- Fabricated answers: 2xx bodies fit the output shape (same rules; `required`
  only where the model says so); 4xx/5xx bodies have a `__type` that is one of
  the operation's `errors` or else an error shape of the service (noted), and
  the rest fits that error shape.

Not checked: other S3 bodies (PutObject/UploadPart bytes, etc.), S3 answers,
non-`x-amz-*` S3 headers, header/query timestamp formats, HTTP status codes of
errors, SigV4 signatures, hosts and endpoints, and semantics (that a token is
valid, that a part number follows the last one). Requests of neither kind
(OAuth `/oauth2/token`, API Gateway, ...) are listed as "not modelled".
Values of sensitive members (and of members named like password, secret,
token, session, signature, SRP, credential) are never printed.

Exit status 1 on any failure, or when nothing was checked; else 0.
"""

import argparse
import json
import sys

import models
import s3

JSON_TARGETS = {"AWSCognitoIdentityProviderService.": "cognito-idp",
                "AWSCognitoIdentityService.": "cognito-identity"}


class DuplicateKey(ValueError):
    pass


def strict_json(text):
    def pairs(items):
        keys = [k for k, _ in items]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise DuplicateKey(", ".join(sorted(dup)))
        return dict(items)
    return json.loads(text, object_pairs_hook=pairs)


def split_target(target):
    for prefix, service in JSON_TARGETS.items():
        if isinstance(target, str) and target.startswith(prefix):
            return service, target[len(prefix):]
    return None, None


class Report:
    def __init__(self):
        self.checker = models.Checker()
        self.ops = {}  # (service, op) -> {"requests": n, "answers": n, "failures": n}
        self.failures, self.notes, self.not_modelled = [], [], {}

    def op(self, service, name):
        return self.ops.setdefault((service, name), {"requests": 0, "answers": 0, "failures": 0})

    def fail(self, where, test, service, name, errs):
        label = "%s.%s" % (service, name) if service else str(name)
        for e in errs:
            self.failures.append("FAIL %s %s %s: %s" % (where, test, label, e))
        if service:
            self.op(service, name)["failures"] += len(errs)

    def request(self, where, rec):
        test = rec.get("test", "?")
        headers = {str(k).lower(): str(v) for k, v in (rec.get("headers") or {}).items()}
        method, url = str(rec.get("method", "")).upper(), str(rec.get("url", ""))
        service, name = split_target(headers.get("x-amz-target"))
        if service:
            self.op(service, name)["requests"] += 1
            self.fail(where, test, service, name, self.json_request(service, name, method, headers, rec.get("body")))
            return
        segments, query = s3.split(url)
        if s3.is_s3(headers, query):
            name, errs = s3.check(models.load("s3"), self.checker, method, url, headers, rec.get("body"))
            name = name or "(unmatched)"
            self.op("s3", name)["requests"] += 1
            self.fail(where, test, "s3", name, errs)
            return
        path = url.split("?", 1)[0].split("://", 1)[-1]
        key = "%s /%s" % (method, path.split("/", 1)[1] if "/" in path else "")
        self.not_modelled[key] = self.not_modelled.get(key, 0) + 1

    def json_request(self, service, name, method, headers, body):
        model = models.load(service)
        if name not in model.operation_names:
            return ["x-amz-target: %s is not an operation of %s" % (name, service)]
        errs = []
        if method != "POST":
            errs.append("method is %s, expected POST" % method)
        wanted = "application/x-amz-json-%s" % model.metadata.get("jsonVersion", "1.0")
        if headers.get("content-type") != wanted:
            errs.append("content-type is %r, expected %r" % (headers.get("content-type"), wanted))
        shape = model.operation_model(name).input_shape
        return errs + self.json_body(shape, body, "request")

    def json_body(self, shape, body, what):
        if body is None or body == "":
            if shape is not None and shape.required_members:
                return ["(body): missing"]
            body = "{}"
        try:
            value = strict_json(body)
        except DuplicateKey as e:
            return ["(body): duplicate keys %s" % e]
        except (TypeError, ValueError):
            return ["(body): the %s body is not JSON" % what]
        if not isinstance(value, dict):
            return ["(body): the %s body is %s, expected a JSON object" % (what, models.kind(value))]
        if shape is None:
            return [] if not value else ["(body): the operation has no %s shape, body is not {}" % what]
        errs = []
        self.checker.json(shape, value, "", errs)
        return errs

    def answer(self, where, rec):
        test, target = rec.get("test", "?"), rec.get("target")
        service, name = split_target(target)
        if not service:
            return self.fail(where, test, "", target, ["answer target is not a modelled JSON 1.1 target"])
        self.op(service, name)["answers"] += 1
        model = models.load(service)
        if name not in model.operation_names:
            return self.fail(where, test, service, name, ["target: %s is not an operation of %s" % (name, service)])
        op, status = model.operation_model(name), rec.get("status")
        if not isinstance(status, int) or not (200 <= status < 300 or 400 <= status < 600):
            return self.fail(where, test, service, name, ["status %r is neither 2xx nor 4xx/5xx" % (status,)])
        if status < 300:
            return self.fail(where, test, service, name, self.json_body(op.output_shape, rec.get("body"), "answer"))
        try:
            value = strict_json(rec.get("body"))
        except (TypeError, ValueError):
            return self.fail(where, test, service, name, ["(body): the error answer is not JSON"])
        raw = value.pop("__type", None) if isinstance(value, dict) else None
        if not isinstance(raw, str):
            return self.fail(where, test, service, name, ["__type: missing from the error answer"])
        code = raw.split(":", 1)[0].rsplit("#", 1)[-1]
        listed = {e.name: e for e in op.error_shapes}
        known = {e.name: e for e in model.error_shapes}
        if code not in known:
            return self.fail(where, test, service, name, ["__type: %r is not an error shape of %s" % (code, service)])
        if code not in listed:
            self.notes.append("note %s %s %s.%s: __type %s is an error of the service, not listed in %s's errors"
                              % (where, test, service, name, code, name))
        shape, errs = known[code], []
        names = {n.lower(): n for n in shape.members}
        self.checker.json(shape, {names.get(k.lower(), k): v for k, v in value.items()}, "", errs)
        self.fail(where, test, service, name, errs)


def read(paths, report):
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
        except OSError as e:
            report.failures.append("FAIL %s: cannot read (%s)" % (path, e.strerror))
            continue
        for n, line in enumerate(lines, 1):
            where = "%s:%d" % (path, n)
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                report.failures.append("FAIL %s: not a JSON line" % where)
                continue
            kind = rec.get("kind") if isinstance(rec, dict) else None
            if kind == "request":
                report.request(where, rec)
            elif kind == "answer":
                report.answer(where, rec)
            else:
                report.failures.append("FAIL %s: kind %r is neither request nor answer" % (where, kind))


def main(argv=None, out=None):
    out = out or sys.stdout
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("files", nargs="*", help="JSON Lines files of requests and answers")
    parser.add_argument("--expect-operations", metavar="FILE",
                        help="fail if an operation listed here (`service Operation` a line) had no request")
    parser.add_argument("--list-operations", action="store_true",
                        help="print the operations that had requests, in --expect-operations format")
    args = parser.parse_args(argv)
    report = Report()
    read(args.files, report)
    requests = sum(o["requests"] for o in report.ops.values())
    answers = sum(o["answers"] for o in report.ops.values())
    seen = sorted(k for k, o in report.ops.items() if o["requests"] and k[1] != "(unmatched)")
    if not requests and not answers:
        report.failures.append("FAIL contract: nothing was checked (%s); a contract stage that checks "
                               "nothing is a defect" % (", ".join(args.files) or "no input files given"))
    if args.expect_operations:
        try:
            with open(args.expect_operations, encoding="utf-8") as f:
                expected = [tuple(l.split()) for l in f if l.strip() and not l.lstrip().startswith("#")]
        except OSError as e:
            expected = []
            report.failures.append("FAIL %s: cannot read (%s)" % (args.expect_operations, e.strerror))
        for entry in expected:
            if entry not in seen:
                report.failures.append("FAIL expected operation not seen in any request: %s" % " ".join(entry))
    if args.list_operations:
        for service, name in seen:
            print(service, name, file=out)
        for line in report.failures:
            print(line, file=sys.stderr)
        return 1 if report.failures else 0
    for line in report.failures + report.notes:
        print(line, file=out)
    rows = [("service", "operation", "requests", "answers", "result")]
    for (service, name), o in sorted(report.ops.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        rows.append((service, str(name), str(o["requests"]), str(o["answers"]),
                     "FAIL (%d)" % o["failures"] if o["failures"] else "ok"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) if i < 4 else c
                        for i, (c, w) in enumerate(zip(r, widths))), file=out)
    nm = ", ".join("%s (%d)" % kv for kv in sorted(report.not_modelled.items()))
    print("not modelled: %s" % (nm or "none"), file=out)
    un = report.checker.unchecked
    print("patterns not checked: %s" % ("; ".join(
        "%s [%s] (%d values)" % (p, ", ".join(sorted(u["shapes"])), u["values"]) for p, u in sorted(un.items()))
        or "none"), file=out)
    print("contract: %d requests, %d fabricated answers, %d operations, %d failures"
          % (requests, answers, len([k for k in report.ops if k[1] != "(unmatched)"]), len(report.failures)),
          file=out)
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
