#!/usr/bin/env python3
"""Gives the wasm module's JS imports short names, in the module and its glue.

    scripts/short-imports.py app_bg.wasm app.js

wasm-bindgen names each import of the glue by what it calls and a hash
(`__wbg_fetch_4b9b1d0e0f3c2a11`): ~170 imports whose 25–50 characters of
mostly random hex are stored twice, in the wasm's import section and in the
glue's import object, and compress badly. Release builds rename them `a`, `b`,
… `Z`, `a0`, … (no JavaScript keyword has a digit or is one letter), and the
import module `./app_bg.js` to `a`, in both files; nothing else changes (the
module's exports, which the split modules link to, keep their names).

Called by scripts/split.sh on the main module after wasm-opt, before the glue
is minified. It fails, leaving the files as they were, when the glue does not
name each import exactly once as a key of its import object, so a change of
wasm-bindgen's output shows as a failed build, never as a broken page.
"""
import itertools
import re
import string
import sys

from wasm_leb import leb, to_leb

GLUE_MODULE = "./app_bg.js"
SHORT_MODULE = "a"


def name_bytes(text):
    raw = text.encode()
    return to_leb(len(raw)) + raw


def skip_limits(data, j):
    flags = data[j]
    _, j = leb(data, j + 1)
    if flags & 1:
        _, j = leb(data, j)
    return j


def skip_desc(data, j):
    """The end of an import's description (function, table, memory, global, tag)."""
    kind = data[j]
    j += 1
    if kind == 0:  # function: type index
        return leb(data, j)[1]
    if kind == 1:  # table: reftype, limits
        return skip_limits(data, j + 1)
    if kind == 2:  # memory: limits
        return skip_limits(data, j)
    if kind == 3:  # global: valtype, mutability
        return j + 2
    if kind == 4:  # tag: attribute, type index
        return leb(data, j + 1)[1]
    raise ValueError(f"unknown import kind {kind}")


def short_names():
    """`a` … `Z`, then a letter and one digit, then two digits, and so on."""
    letters = string.ascii_letters
    yield from letters
    for width in itertools.count(1):
        for first in letters:
            for digits in itertools.product(string.digits, repeat=width):
                yield first + "".join(digits)


def rename_imports(wasm):
    """The module with the glue's imports renamed, and {old name: new name}."""
    if wasm[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    out, i, renamed = bytearray(wasm[:8]), 8, {}
    names = short_names()
    while i < len(wasm):
        section = wasm[i]
        size, body = leb(wasm, i + 1)
        end = body + size
        if section != 2:
            out += wasm[i:end]
            i = end
            continue
        count, j = leb(wasm, body)
        entries = bytearray(to_leb(count))
        for _ in range(count):
            length, j = leb(wasm, j)
            module = wasm[j:j + length].decode()
            j += length
            length, j = leb(wasm, j)
            name = wasm[j:j + length].decode()
            j += length
            desc_end = skip_desc(wasm, j)
            if module == GLUE_MODULE:
                short = renamed.setdefault(name, next(names))
                entries += name_bytes(SHORT_MODULE) + name_bytes(short)
            else:
                entries += name_bytes(module) + name_bytes(name)
            entries += wasm[j:desc_end]
            j = desc_end
        if j != end:
            raise ValueError("the import section has bytes after its entries")
        out += bytes([2]) + to_leb(len(entries)) + entries
        i = end
    return bytes(out), renamed


def rename_glue(js, renamed):
    """The glue with the import object's keys (and its module key) renamed."""
    for old, new in renamed.items():
        key = re.compile(r"(?<![\w$.])" + re.escape(old) + r"(?=\s*:)")
        if len(re.findall(r"(?<![\w$])" + re.escape(old) + r"(?![\w$])", js)) != 1:
            raise ValueError(f"the glue names the import {old} elsewhere than in its import object")
        js, n = key.subn(new, js)
        if n != 1:
            raise ValueError(f"the glue names the import {old} {n} times as a key, not once")
    quoted = f'"{GLUE_MODULE}"'
    if js.count(quoted) != 1:
        raise ValueError(f"the glue names the module {GLUE_MODULE} {js.count(quoted)} times, not once")
    return js.replace(quoted, f'"{SHORT_MODULE}"')


def main(wasm_path, js_path):
    with open(wasm_path, "rb") as f:
        wasm = f.read()
    with open(js_path, encoding="utf-8") as f:
        js = f.read()
    try:
        new_wasm, renamed = rename_imports(wasm)
        new_js = rename_glue(js, renamed)
    except ValueError as e:
        sys.exit(f"short-imports.py: {e}")
    with open(wasm_path, "wb") as f:
        f.write(new_wasm)
    with open(js_path, "w", encoding="utf-8") as f:
        f.write(new_js)
    saved = len(wasm) - len(new_wasm) + len(js) - len(new_js)
    print(f"short-imports: {len(renamed)} imports renamed, {saved} bytes fewer before compression")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
