#!/usr/bin/env python3
"""Removes the JS classes of server functions' streams, which a CSR app never uses.

    scripts/unused-exports.py app_bg.wasm app.js

Leptos 0.8 always turns on `server_fn`'s `browser` feature, which brings
`wasm-streams`; its three `#[wasm_bindgen]` classes (IntoUnderlyingSource,
IntoUnderlyingByteSource, IntoUnderlyingSink: adapters between Rust streams and
the browser's ReadableStream/WritableStream, for streaming server functions)
become exports of every Leptos wasm. An export is a root: the first module
carries their code (their futures, five copies of `future_to_promise`, the
abort machinery) and the glue their classes, although this app has no server
function and nothing calls them.

This removes those exports from the module (wasm-opt, which runs next, then
drops the code only they reached) and their classes with their finalization
registries from the glue. Called by scripts/split.sh on the main module after
wasm-bindgen, before wasm-opt. It fails, leaving the files as they were, when
the glue does not hold the three classes in the shape wasm-bindgen writes them
or still names one after the removal, so a change of either crate's output
shows as a failed build, never as a broken page.
"""
import re
import sys

from wasm_leb import leb, to_leb

CLASSES = ("IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource")
EXPORT = re.compile(r"^(__wbg_)?intounderlying(bytesource|sink|source)_")


def drop_exports(wasm):
    """The module without the classes' exports, and the names removed."""
    out, i, dropped = bytearray(wasm[:8]), 8, []
    while i < len(wasm):
        sid = wasm[i]
        size, j = leb(wasm, i + 1)
        body = wasm[j:j + size]
        if sid == 7:
            count, k = leb(body, 0)
            kept = []
            for _ in range(count):
                length, name_at = leb(body, k)
                name = body[name_at:name_at + length].decode()
                _, end = leb(body, name_at + length + 1)  # kind byte, then index
                if EXPORT.match(name):
                    dropped.append(name)
                else:
                    kept.append(body[k:end])
                k = end
            body = to_leb(len(kept)) + b"".join(kept)
        out += bytes([sid]) + to_leb(len(body)) + body
        i = j + size
    return bytes(out), dropped


def drop_classes(glue):
    """The glue without the three classes and their registries."""
    for name in CLASSES:
        block = re.compile(
            r"^export class %s \{\n.*?^\}\n(?:if \(Symbol\.dispose\) %s\.prototype\[Symbol\.dispose\] = %s\.prototype\.free;\n)?"
            % (name, name, name), re.S | re.M)
        registry = re.compile(
            r"^const %sFinalization = \(typeof FinalizationRegistry === 'undefined'\)\n.*?;\n" % name,
            re.S | re.M)
        glue, classes = block.subn("", glue)
        glue, registries = registry.subn("", glue)
        if classes != 1 or registries != 1:
            raise ValueError(f"the glue does not hold class {name} and its registry as expected")
    if re.search("intounderlying", glue, re.I):
        raise ValueError("the glue still names a stream class after their removal")
    return glue


def main(wasm_path, glue_path):
    wasm = open(wasm_path, "rb").read()
    glue = open(glue_path).read()
    try:
        new_glue = drop_classes(glue)
        new_wasm, dropped = drop_exports(wasm)
        if not dropped:
            raise ValueError("the module exports no stream class")
    except ValueError as e:
        sys.exit(f"unused-exports.py: {e}")
    open(wasm_path, "wb").write(new_wasm)
    open(glue_path, "w").write(new_glue)
    print(f"unused-exports.py: removed {len(dropped)} exports of {', '.join(CLASSES)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
