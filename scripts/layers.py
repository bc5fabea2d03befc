#!/usr/bin/env python3
"""Checks the crate's import structure: circles between modules, and arrows
from a lower layer to a higher one. Usage:
    python3 scripts/layers.py [--root DIR] [--layers FILE] [--dot]

Reads the non-test code of `src/**/*.rs` (comments, literals and items under
`#[cfg(test)]` / `#[cfg(all(test, ..))]` blanked) and collects what each file
refers to: `use` trees (nested braces, `self`, globs, `as`), qualified paths in
code (`crate::web::clock::now()`, `super::refresh::Boxed`) and `mod x;`. A path
maps to its longest prefix that is a module file (`src/a/mod.rs` is `a`,
`src/a/b.rs` is `a::b`; lib.rs and main.rs are the root, not nodes; inline
`mod x { }` counts as part of its file). Circles are strongly connected
components of the graph without parent->descendant edges (a parent declaring
or re-exporting children that use its items is ordinary Rust). Layers come
from scripts/layers.txt (`<number> <module prefix>`, longest prefix wins).
Exits 1 if there is a circle or an upward arrow, else 0. `--dot` prints the
graph for Graphviz instead (upward arrows red, parent->child dashed).
"""
import argparse
import bisect
import re
import sys
from pathlib import Path

LITERAL = re.compile(r"//|/\*|(?<![\w$])[bc]?r(#*)\"|\"|'")
STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.S)
CHAR = re.compile(r"'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'\n])'")
TEST_CFG = re.compile(r"#\s*\[\s*cfg\s*\(\s*(?:all\s*\(\s*)?test\s*[,)]")
SEMI_ITEM = re.compile(r"(?:pub\s*(?:\([^)]*\))?\s*)?(?:use|static|type|let|const(?!\s+(?:fn|unsafe|async)\b))\b")
USE = re.compile(r"(?<![\w$#])use\s")
TOKEN = re.compile(r"\$?\w+|::|[{},*]")
PATH = re.compile(r"(?<![\w$:])(\$crate|crate|super|self)((?:\s*::\s*\w+)+)")
MOD_DECL = re.compile(r"(?<![\w$])mod\s+(\w+)\s*;")
SEP = re.compile(r"\s*::\s*")


def blank(text, start, end):
    """`text[start:end]` as spaces, newlines kept (lines stay where they were)."""
    return re.sub(r"[^\n]", " ", text[start:end])


def clean(src):
    """The source with comments and the contents of string and char literals blanked."""
    out, i, n = [], 0, len(src)
    while (m := LITERAL.search(src, i)):
        s, tok = m.start(), m.group()
        if tok == "//":
            e = src.find("\n", s) % (n + 1)
        elif tok == "/*":
            depth, e = 1, s + 2
            while depth and e < n:
                step = {"/*": 1, "*/": -1}.get(src[e:e + 2], 0)
                depth, e = depth + step, e + (2 if step else 1)
        elif tok == "'":  # a char literal, or a lifetime / label (left as is)
            q = CHAR.match(src, s)
            e = q.end() if q else s + 1
        elif tok != '"':  # raw string
            e = src.find('"' + m.group(1), m.end())
            e = n if e < 0 else e + 1 + len(m.group(1))
        else:
            q = STRING_REST.match(src, m.end())
            e = q.end() if q else n
        out += [src[i:s], blank(src, s, e) if e > s + 1 else src[s:e]]
        i = e
    return "".join(out + [src[i:]])


def drop_test_items(text):
    """Blanks each test-only item: its attributes, then up to its `;` or closing `}`."""
    while (m := TEST_CFG.search(text)):
        i = j = m.start()
        while True:  # this and any further attributes
            j = len(text) - len(text[j:].lstrip())
            if not text.startswith("#", j):
                break
            depth, j = 0, text.find("[", j)
            while j < len(text):
                depth += {"[": 1, "]": -1}.get(text[j], 0)
                j += 1
                if depth == 0:
                    break
        semi_only, depth = SEMI_ITEM.match(text, j) is not None, 0
        while j < len(text):
            c = text[j]
            depth += 1 if c in "([{" else -1 if c in ")]}" else 0
            if depth < 0:
                break
            j += 1
            if depth == 0 and (c == ";" or (c == "}" and not semi_only)):
                break
        text = text[:i] + blank(text, i, j) + text[j:]
    return text


def parse_use(toks, i, prefix, leaves):
    """Parses one use tree at `toks[i]`, adding (segments, offset) leaves; returns the next index."""
    path = list(prefix)
    while i < len(toks):
        tok, pos = toks[i]
        if tok == "::":
            i += 1
        elif tok == "{":
            i += 1
            while i < len(toks) and toks[i][0] != "}":
                i = parse_use(toks, i, path, leaves)
                i += i < len(toks) and toks[i][0] == ","
            return i + 1
        elif tok in ("*", ",", "}"):
            if tok == "*":
                leaves.append((path, pos))
            return i + (tok == "*")
        else:
            path.append(tok)
            i += 1
            if i < len(toks) and toks[i][0] == "::":
                continue
            leaves.append((path, pos))
            return i + 2 * (i < len(toks) and toks[i][0] == "as")
    return i


class Crate:
    """The module files of a crate and the references between them."""

    def __init__(self, root):
        self.src = Path(root) / "src"
        self.files = {}  # module -> file
        for f in sorted(self.src.rglob("*.rs")):
            rel = f.relative_to(self.src).with_suffix("").parts
            if rel not in (("lib",), ("main",)) and rel[0] != "bin":
                self.files["::".join(rel[:-1] if rel[-1] == "mod" else rel)] = f
        self.edges = {}  # (from, to) -> [(file:line, path text)]
        for mod, f in self.files.items():
            self.scan(mod, f)

    def children(self, mod):
        return {m[len(mod) + 2:] for m in self.files if m.startswith(mod + "::") and "::" not in m[len(mod) + 2:]}

    def resolve(self, segs, cur):
        """The module (longest prefix that is a file) that `segs` names from module `cur`, or None."""
        base = cur.split("::")
        if segs[0] in ("crate", "$crate"):
            base, segs = [], segs[1:]
        elif segs[0] == "super":
            while segs and segs[0] == "super":
                if not base:
                    return None
                base, segs = base[:-1], segs[1:]
        elif segs[0] not in self.children(cur) | {"self"}:
            return None  # another crate, or a local name
        full = base + [s for s in segs if s != "self"]
        return next(("::".join(full[:k]) for k in range(len(full), 0, -1) if "::".join(full[:k]) in self.files), None)

    def scan(self, mod, f):
        text = drop_test_items(clean(f.read_text(encoding="utf-8")))
        newlines = [i for i, c in enumerate(text) if c == "\n"]
        refs = []
        for m in list(USE.finditer(text)):
            end = text.find(";", m.end()) % (len(text) + 1)
            toks = [(t.group(), t.start()) for t in TOKEN.finditer(text, m.end(), end)]
            leaves, i = [], 0
            while i < len(toks):
                i = max(parse_use(toks, i, [], leaves), i + 1)
            refs += [(segs, pos) for segs, pos in leaves if segs]
            text = text[:m.start()] + blank(text, m.start(), end) + text[end:]
        refs += [([m.group(1)] + SEP.split(m.group(2).strip())[1:], m.start()) for m in PATH.finditer(text)]
        refs += [(["self", m.group(1)], m.start()) for m in MOD_DECL.finditer(text)]
        if kids := self.children(mod):
            bare = re.compile(r"(?<![\w$:.])(%s)\s*::\s*\w+" % "|".join(sorted(kids)))
            refs += [(SEP.split(m.group()), m.start()) for m in bare.finditer(text)]
        for segs, pos in refs:
            to = self.resolve(segs, mod)
            if to and to != mod:
                at = f"{f.relative_to(self.src.parent)}:{bisect.bisect_left(newlines, pos) + 1}"
                shown = "::".join(segs).removesuffix("::self")
                self.edges.setdefault((mod, to), []).append((at, shown))


def descends(a, b):
    return b.startswith(a + "::")


def circles(nodes, edges):
    """Strongly connected components with more than one node (by reachability: the graph is small)."""
    succ = {n: {b for a, b in edges if a == n} for n in nodes}
    reach = {}
    for n in nodes:
        seen, todo = set(), [n]
        while todo:
            new = succ[todo.pop()] - seen
            seen |= new
            todo += new
        reach[n] = seen
    comps = {frozenset([n] + [w for w in reach[n] if n in reach[w]]) for n in nodes}
    return sorted(sorted(c) for c in comps if len(c) > 1)


def read_layers(path):
    rows = [line.split("#", 1)[0].split() for line in Path(path).read_text(encoding="utf-8").splitlines()]
    return [(r[1], int(r[0])) for r in rows if r]


def layer_of(mod, layers):
    hits = [(len(p), n) for p, n in layers if mod == p or mod.startswith(p + "::")]
    return max(hits)[1] if hits else None


def analyze(root, layers_path):
    crate, layers = Crate(root), read_layers(layers_path)
    found = circles(set(crate.files), [e for e in crate.edges if not descends(*e)])
    lay = {m: layer_of(m, layers) for m in crate.files}
    upward = {e: r for e, r in crate.edges.items() if None not in (lay[e[0]], lay[e[1]]) and lay[e[0]] < lay[e[1]]}
    return crate, found, upward, lay, layers


def report(root, layers_path, out=sys.stdout):
    crate, found, upward, lay, layers = analyze(root, layers_path)
    p = lambda *a: print(*a, file=out)
    p(f"modules: {len(crate.files)}  edges: {len(crate.edges)}  circles: {len(found)}  upward arrows: {len(upward)}")
    for i, comp in enumerate(found, 1):
        p(f"\ncircle {i}: {' <-> '.join(comp)}")
        for (a, b), refs in sorted(crate.edges.items()):
            if a in comp and b in comp and not descends(a, b):
                p(f"  {a} -> {b}   {refs[0][0]}  {refs[0][1]}")
    for (a, b), refs in sorted(upward.items()):
        p(f"\nupward arrow: {a} (layer {lay[a]}) -> {b} (layer {lay[b]})")
        for at, text in refs:
            p(f"  {at}  {text}")
    if unlayered := sorted(m for m, n in lay.items() if n is None):
        p(f"\nnote: modules without a layer: {', '.join(unlayered)}")
    if unused := [q for q, _ in layers if not any(m == q or descends(q, m) for m in crate.files)]:
        p(f"note: layer prefixes matching no module: {', '.join(unused)}")
    return 1 if found or upward else 0


def dot(root, layers_path, out=sys.stdout):
    crate, found, upward, lay, _ = analyze(root, layers_path)
    p = lambda s: print(s, file=out)
    p("digraph crate {\n  rankdir=BT;\n  node [shape=box, fontsize=10];")
    for n in sorted({v for v in lay.values() if v is not None}):
        p(f'  subgraph cluster_{n} {{ label="layer {n}"; ' + " ".join(f'"{m}";' for m in sorted(lay) if lay[m] == n) + " }")
    for m in sorted({m for comp in found for m in comp}):
        p(f'  "{m}" [color=orange];')
    for (a, b), refs in sorted(crate.edges.items()):
        style = "color=red, " if (a, b) in upward else "style=dashed, " if descends(a, b) else ""
        p(f'  "{a}" -> "{b}" [{style}tooltip="{refs[0][0]}"];')
    p("}")
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="the crate (holds src/)")
    ap.add_argument("--layers", help="the layers file (default: ROOT/scripts/layers.txt)")
    ap.add_argument("--dot", action="store_true", help="print the graph in Graphviz dot instead")
    args = ap.parse_args(argv)
    layers = args.layers or str(Path(args.root) / "scripts" / "layers.txt")
    return (dot if args.dot else report)(args.root, layers)


if __name__ == "__main__":
    sys.exit(main())
