"""S3 REST requests (path-style addressing) against botocore's `s3` model.

`is_s3` tells a SigV4-signed S3 request (header or presigned query);
`operation` finds the operation by method and the model's `requestUri`;
`check` holds the query, `x-amz-*` headers, URI labels and required members
against its input shape, and the body of `CompleteMultipartUpload` lightly.
"""

import xml.etree.ElementTree as ET
from urllib.parse import parse_qsl, unquote, urlsplit

import models

SIGV4_QUERY = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires",
               "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Security-Token"}
SIGNING_HEADERS = {"x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "x-amz-user-agent"}
SCOPE = "/s3/aws4_request"


def is_s3(headers, query):
    """True for a request signed for S3 in its `authorization` header or its query."""
    return SCOPE in headers.get("authorization", "") or any(
        k == "X-Amz-Credential" and SCOPE in v for k, v in query)


def split(url):
    """(path segments, URL-decoded, `/bucket/` as one segment; query pairs)."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.lstrip("/").split("/")] if parts.path.strip("/") else []
    if len(segments) == 2 and segments[1] == "":
        segments = segments[:1]
    return segments, parse_qsl(parts.query, keep_blank_values=True)


def _labels(template, segments):
    """URI labels if `segments` fit the path of `template` (`/{Bucket}/{Key+}`), else None."""
    tsegs = template.strip("/").split("/") if template.strip("/") else []
    labels = {}
    for n, t in enumerate(tsegs):
        if t.startswith("{") and t.endswith("+}"):
            rest = segments[n:]
            if not rest or rest == [""]:
                return None
            labels[t[1:-2]] = "/".join(rest)
            return labels
        if n >= len(segments) or (t.startswith("{") and not segments[n]):
            return None
        if t.startswith("{"):
            labels[t[1:-1]] = segments[n]
        elif t != segments[n]:
            return None
    return labels if len(segments) == len(tsegs) else None


def _members(shape, location):
    if shape is None:
        return {}
    return {m.serialization.get("name", name): (name, m) for name, m in shape.members.items()
            if m.serialization.get("location") == location}


def operation(model, method, segments, query, headers):
    """(operation model, URI labels, literal query) that fits best, or None.

    Fits: same method, path fits the `requestUri` path, every literal query
    key of the `requestUri` present (with its value, if it has one). Best: more
    literal keys, then more required query/header members present, then fewer
    required query/header members missing.
    """
    names = {k for k, _ in query}
    values = dict(query)
    best = None
    for name in model.operation_names:
        op = model.operation_model(name)
        if op.http.get("method") != method:
            continue
        path, _, literal = op.http["requestUri"].partition("?")
        literal = dict(parse_qsl(literal, keep_blank_values=True))
        labels = _labels(path, segments)
        if labels is None or any(k not in names or (v and values[k] != v) for k, v in literal.items()):
            continue
        wanted = [m.serialization.get("name", "") for n, m in (op.input_shape.members.items() if op.input_shape else [])
                  if n in op.input_shape.required_members
                  and m.serialization.get("location") in ("querystring", "header")]
        present = sum(w in names or w.lower() in headers for w in wanted)
        score = (len(literal), present, present - len(wanted))
        if best is None or score > best[0]:
            best = (score, op, labels, literal)
    return best and best[1:]


def check(model, checker, method, url, headers, body):
    """(operation name or None, failures) for one S3 request."""
    segments, query = split(url)
    found = operation(model, method, segments, query, headers)
    if found is None:
        return None, ["no S3 operation fits %s /%s" % (method, "/".join(segments[:1]) + ("/..." if len(segments) > 1 else ""))]
    op, labels, literal = found
    shape, errs = op.input_shape, []
    for name, value in labels.items():
        checker.text(shape.members[name], value, name, errs)
    queries = _members(shape, "querystring")
    for k, v in query:
        if k in literal or k in SIGV4_QUERY:
            continue
        if k not in queries:
            errs.append("?%s: not a query member of %s" % (k, op.name))
        else:
            checker.text(queries[k][1], v, queries[k][0], errs)
    in_headers = {k.lower(): v for k, v in _members(shape, "header").items()}
    prefixes = {k.lower(): v for k, v in _members(shape, "headers").items()}
    for h, v in headers.items():
        if not h.startswith("x-amz-") or h in SIGNING_HEADERS:
            continue
        if h in in_headers:
            checker.text(in_headers[h][1], v, in_headers[h][0], errs)
        elif not any(h.startswith(p) for p in prefixes):
            errs.append("header %s: not a header member of %s" % (h, op.name))
    given = {queries[k][0] for k, _ in query if k in queries} | set(labels)
    given |= {in_headers[h][0] for h in headers if h in in_headers}
    for name in shape.required_members if shape else ():
        loc = shape.members[name].serialization.get("location")
        if loc in ("uri", "querystring", "header") and name not in given:
            errs.append("%s: required member missing (%s)" % (name, loc))
    if op.name == "CompleteMultipartUpload":
        errs += _complete_body(shape, body)
    return op.name, errs


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _complete_body(shape, body):
    """A light check of the `CompleteMultipartUpload` XML body."""
    if not body:
        return ["(body): missing; CompleteMultipartUpload needs the list of parts"]
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        return ["(body): not XML (%s)" % e]
    upload = shape.members[shape.serialization["payload"]]
    if _local(root.tag) != upload.serialization.get("name"):
        return ["(body): root element is %s, expected %s" % (_local(root.tag), upload.serialization.get("name"))]
    parts = upload.members["Parts"]
    allowed = {m.serialization.get("name", n) for n, m in parts.member.members.items()}
    errs = []
    for n, part in enumerate(root):
        where = "%s[%d]" % (_local(part.tag), n)
        if _local(part.tag) != parts.serialization.get("name"):
            errs.append("%s: unknown element" % where)
            continue
        children = {_local(c.tag): (c.text or "") for c in part}
        errs += ["%s.%s: unknown element" % (where, c) for c in children if c not in allowed]
        errs += ["%s.%s: required element missing" % (where, c) for c in ("PartNumber", "ETag") if c not in children]
        number = children.get("PartNumber", "1")
        if not number.isdigit() or not 1 <= int(number) <= 10000:
            errs.append("%s.PartNumber: not a part number (1..10000)" % where)
    if not len(root):
        errs.append("(body): no Part elements")
    return errs
