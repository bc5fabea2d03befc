"""Unit tests of scripts/short-imports.py on a small hand-made module and glue.

    python3 -m unittest discover -s scripts -p 'test_short_imports.py'
"""
import importlib.util
import unittest
from pathlib import Path

spec = importlib.util.spec_from_file_location("short_imports", Path(__file__).with_name("short-imports.py"))
short = importlib.util.module_from_spec(spec)
spec.loader.exec_module(short)


def section(sid, body):
    return bytes([sid]) + short.to_leb(len(body)) + body


def module(imports):
    """A module with one function type and `imports`: (module, name, description bytes)."""
    types = section(1, b"\x01\x60\x00\x00")
    entries = short.to_leb(len(imports)) + b"".join(
        short.name_bytes(m) + short.name_bytes(n) + d for m, n, d in imports)
    return b"\0asm\x01\0\0\0" + types + section(2, entries) + section(0, short.name_bytes("x") + b"keep")


FUNC = b"\x00\x00"
MEMORY = b"\x02\x01\x11\x80\x01"  # min 17, max 128
GLUE = """function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_fetch_4b9b1d0e0f3c2a11: function(arg0) { return fetch(arg0); },
        __wbindgen_init_externref_table: function() {},
    };
    return { __proto__: null, "./app_bg.js": import0 };
}
"""


def read_imports(wasm):
    out, i = [], 8
    while i < len(wasm):
        size, body = short.leb(wasm, i + 1)
        if wasm[i] == 2:
            count, j = short.leb(wasm, body)
            for _ in range(count):
                n, j = short.leb(wasm, j)
                m = wasm[j:j + n].decode()
                j += n
                n, j = short.leb(wasm, j)
                name = wasm[j:j + n].decode()
                j += n
                end = short.skip_desc(wasm, j)
                out.append((m, name, wasm[j:end]))
                j = end
        i = body + size
    return out


class ShortImports(unittest.TestCase):
    def test_the_glues_imports_get_short_names_in_both_files(self):
        wasm = module([("./app_bg.js", "__wbg_fetch_4b9b1d0e0f3c2a11", FUNC),
                       ("./__wasm_split.js", "__wasm_split_load_x", FUNC),
                       ("./app_bg.js", "__wbindgen_init_externref_table", FUNC),
                       ("__wasm_split", "memory", MEMORY)])
        new, renamed = short.rename_imports(wasm)
        self.assertEqual(renamed, {"__wbg_fetch_4b9b1d0e0f3c2a11": "a", "__wbindgen_init_externref_table": "b"})
        self.assertEqual(read_imports(new), [("a", "a", FUNC), ("./__wasm_split.js", "__wasm_split_load_x", FUNC),
                                             ("a", "b", FUNC), ("__wasm_split", "memory", MEMORY)])
        self.assertTrue(new.endswith(section(0, short.name_bytes("x") + b"keep")), "other sections are kept")
        js = short.rename_glue(GLUE, renamed)
        self.assertIn("        a: function(arg0) { return fetch(arg0); },", js)
        self.assertIn("        b: function() {},", js)
        self.assertIn('"a": import0', js)
        self.assertNotIn("__wbg_fetch", js)

    def test_names_are_never_javascript_keywords(self):
        names = [n for _, n in zip(range(600), short.short_names())]
        self.assertEqual(len(set(names)), 600)
        self.assertFalse({"do", "if", "in"} & set(names))
        self.assertTrue(all(len(n) == 1 or n[1].isdigit() for n in names))

    def test_a_glue_that_uses_an_import_elsewhere_is_refused(self):
        renamed = {"__wbg_fetch_4b9b1d0e0f3c2a11": "a", "__wbindgen_init_externref_table": "b"}
        twice = GLUE + "import0.__wbg_fetch_4b9b1d0e0f3c2a11(1);\n"
        with self.assertRaisesRegex(ValueError, "elsewhere"):
            short.rename_glue(twice, renamed)
        with self.assertRaisesRegex(ValueError, "module"):
            short.rename_glue(GLUE.replace('"./app_bg.js"', '"./other.js"'), renamed)
        with self.assertRaisesRegex(ValueError, "elsewhere"):
            short.rename_glue(GLUE, {**renamed, "__wbg_missing_0000000000000000": "c"})


if __name__ == "__main__":
    unittest.main()
