"""Unit tests of scripts/unused-exports.py on a small hand-made module and glue.

    python3 -m unittest discover -s scripts -p 'test_unused_exports.py'
"""
import importlib.util
import unittest
from pathlib import Path

spec = importlib.util.spec_from_file_location("unused_exports", Path(__file__).with_name("unused-exports.py"))
unused = importlib.util.module_from_spec(spec)
spec.loader.exec_module(unused)


def section(sid, body):
    return bytes([sid]) + unused.to_leb(len(body)) + body


def name(text):
    raw = text.encode()
    return unused.to_leb(len(raw)) + raw


def module(exports):
    """A module with one function and `exports` of it (all kind 0, index 0)."""
    types = section(1, b"\x01\x60\x00\x00")
    funcs = section(3, b"\x01\x00")
    entries = unused.to_leb(len(exports)) + b"".join(name(n) + b"\x00\x00" for n in exports)
    code = section(10, b"\x01\x02\x00\x0b")
    return b"\0asm\x01\0\0\0" + types + funcs + section(7, entries) + code


def export_names(wasm):
    i = 8
    while i < len(wasm):
        sid = wasm[i]
        size, j = unused.leb(wasm, i + 1)
        if sid == 7:
            body, names = wasm[j:j + size], []
            count, k = unused.leb(body, 0)
            for _ in range(count):
                length, at = unused.leb(body, k)
                names.append(body[at:at + length].decode())
                _, k = unused.leb(body, at + length + 1)
            return names
        i = j + size
    return []


def glue_class(cls):
    low = cls.lower()
    return f"""export class {cls} {{
    __destroy_into_raw() {{
        const ptr = this.__wbg_ptr;
        {cls}Finalization.unregister(this);
        return ptr;
    }}
    free() {{
        wasm.__wbg_{low}_free(this.__destroy_into_raw(), 0);
    }}
}}
if (Symbol.dispose) {cls}.prototype[Symbol.dispose] = {cls}.prototype.free;
"""


def registry(cls):
    return f"""const {cls}Finalization = (typeof FinalizationRegistry === 'undefined')
    ? {{ register: () => {{}}, unregister: () => {{}} }}
    : new FinalizationRegistry(ptr => wasm.__wbg_{cls.lower()}_free(ptr, 1));
"""


KEEP = "function __wbg_get_imports() {\n    return {};\n}\nexport function main() { wasm.main(); }\n"
GLUE = "".join(glue_class(c) for c in unused.CLASSES) + KEEP + "".join(registry(c) for c in unused.CLASSES)


class UnusedExports(unittest.TestCase):
    def test_the_stream_exports_go_and_the_others_stay(self):
        wasm = module(["main", "__wbg_intounderlyingsink_free", "intounderlyingsource_pull",
                       "intounderlyingbytesource_type", "memory_user", "__wbindgen_malloc"])
        out, dropped = unused.drop_exports(wasm)
        self.assertEqual(export_names(out), ["main", "memory_user", "__wbindgen_malloc"])
        self.assertEqual(len(dropped), 3)
        self.assertEqual(out[:8], wasm[:8])

    def test_the_classes_and_registries_leave_the_glue(self):
        self.assertEqual(unused.drop_classes(GLUE), KEEP)

    def test_a_glue_of_another_shape_is_refused(self):
        without_one = GLUE.replace(glue_class("IntoUnderlyingSink"), "")
        with self.assertRaisesRegex(ValueError, "IntoUnderlyingSink"):
            unused.drop_classes(without_one)
        still_named = GLUE + "const s = new IntoUnderlyingSource();\n"
        with self.assertRaisesRegex(ValueError, "still names"):
            unused.drop_classes(still_named)


if __name__ == "__main__":
    unittest.main()
