"""Unit tests of scripts/bundle.py on a small hand-made split build.

    python3 -m unittest discover -s scripts -p 'test_bundle.py'
"""
import importlib.util
import json
import tempfile
import unittest
from pathlib import Path

spec = importlib.util.spec_from_file_location("bundle", Path(__file__).with_name("bundle.py"))
bundle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bundle)


def load(name, file, deps, export=False):
    """One module's load, as wasm-split writes it once scripts/split.sh has patched it."""
    head = f"export const __wasm_split_load_{name} = wrapAsyncCb(" if export else f"const {name} = "
    body = (f'makeLoad(() => {{\n    const src = fetch(new URL("./{file}", import.meta.url));\n'
            "    src.catch(() => {});\n"
            "    return async (imports) => { await Promise.all([nextTask(), pagesCss()]); "
            "return WebAssembly.instantiateStreaming(src, imports); };\n}\n"
            f", [{', '.join(deps)}])")
    return head + body + (");\n" if export else ";\n")


LOADER = ('import { initSync } from "./app-h.js";\n'
          + load("__chunk_1", "chunk_1-h.wasm", [])
          + load("__chunk_2", "chunk_2-h.wasm", [])
          + load("__chunk_3", "chunk_3-h.wasm", [])
          + load("signin", "split_signin-h.wasm", ["__chunk_2", "__chunk_1"], export=True)
          + load("srp", "split_srp-h.wasm", ["__chunk_3", "__chunk_1"], export=True)
          + load("objects", "split_objects-h.wasm", ["__chunk_1"], export=True))

GLUE = ('import * as import1 from "./__wasm_split-h.js"\n'
        "async function __wbg_load(module, imports) {\n    if (module instanceof Response) {\n"
        "        return await WebAssembly.instantiateStreaming(module, imports);\n    }\n}\n"
        "\nfunction initSync(module) {\n    if (wasm !== undefined) return wasm;\n    if (module !== undefined) {\n"
        "        console.warn('using deprecated parameters for `initSync()`; pass a single object instead')\n"
        "    }\n    return __wbg_finalize_init(new WebAssembly.Instance(module), module);\n}\n"
        "async function __wbg_init_once(module_or_path) {\n"
        "    if (module_or_path !== undefined) {\n"
        "        console.warn('using deprecated parameters for the initialization function; pass a single object instead')\n"
        "    }\n"
        "    module_or_path = fetch(module_or_path);\n"
        "    const { instance, module } = await __wbg_load(await module_or_path, imports);\n}\n"
        "export { initSync, __wbg_init as default };\n")

FILES = {"chunk_1-h.wasm": b"\0asm-one", "chunk_2-h.wasm": b"\0asm-two!", "chunk_3-h.wasm": b"\0asm-3",
         "split_signin-h.wasm": b"\0asm-signin", "split_srp-h.wasm": b"\0asm-srp", "split_objects-h.wasm": b"\0asm-objects"}


class Bundle(unittest.TestCase):
    def build(self, loader=LOADER, glue=GLUE):
        self.dir = Path(tempfile.mkdtemp())
        stage = self.dir / "stage"
        stage.mkdir()
        for name, data in FILES.items():
            (stage / name).write_bytes(data)
        (self.dir / "loader.js").write_text(loader)
        (self.dir / "glue.js").write_text(glue)
        (self.dir / "main.wasm").write_bytes(b"\0asm-main")
        bundle.main(str(self.dir / "loader.js"), str(self.dir / "glue.js"), str(self.dir / "main.wasm"),
                    str(stage), str(self.dir / "bundle.json"))
        return stage

    def test_the_sign_in_modules_and_their_chunks_follow_the_first_module_srp_first(self):
        stage = self.build()
        main = (self.dir / "main.wasm").read_bytes()
        # srp's chunks and srp, then signin's chunks that srp did not bring, and signin.
        self.assertEqual(main, b"\0asm-main" + b"\0asm-3" + b"\0asm-one" + b"\0asm-srp"
                         + b"\0asm-two!" + b"\0asm-signin")
        manifest = json.loads((self.dir / "bundle.json").read_text())
        self.assertEqual(manifest["modules"], ["srp", "signin"])
        self.assertEqual(manifest["head"], 9)
        self.assertEqual(manifest["parts"], {"chunk_3-h.wasm": [0, 6], "chunk_1-h.wasm": [6, 8],
                                             "split_srp-h.wasm": [14, 8], "chunk_2-h.wasm": [22, 9],
                                             "split_signin-h.wasm": [31, 11]})
        # The bundled files leave the build; the other module stays a file of its own.
        self.assertEqual(sorted(p.name for p in stage.iterdir()), ["split_objects-h.wasm"])

    def test_the_loader_instantiates_the_parts_and_fetches_the_rest(self):
        self.build()
        loader = (self.dir / "loader.js").read_text()
        self.assertIn("makeLoad(bundled(6), [])", loader)
        self.assertIn("makeLoad(bundled(31), [__chunk_2, __chunk_1])", loader)
        self.assertIn("makeLoad(bundled(14), [__chunk_3, __chunk_1])", loader)
        self.assertIn('makeLoad(fetched("./split_objects-h.wasm"), [__chunk_1])', loader)
        self.assertNotIn("chunk_1-h.wasm", loader)
        self.assertIn("const HEAD = 9, TAIL = 42", loader)
        self.assertIn("of [6,8,8,9,11]", loader)
        self.assertIn("export const bundleHead", loader)

    def test_the_glue_fetches_the_first_module_through_the_loader(self):
        self.build()
        glue = (self.dir / "glue.js").read_text()
        self.assertTrue(glue.startswith('import { bundleHead } from "./__wasm_split-h.js";\n'))
        self.assertIn("const response = await bundleHead(module_or_path.module_or_path);", glue)
        self.assertIn("await WebAssembly.instantiateStreaming(response, __wbg_get_imports());", glue)
        self.assertNotIn("fetch(module_or_path)", glue)
        self.assertNotIn("console.warn", glue)
        self.assertNotIn("__wbg_load", glue)
        # initSync only hands the started module's exports to the split loader.
        self.assertIn("function initSync() {\n    if (wasm === undefined) throw", glue)
        self.assertNotIn("new WebAssembly.Instance", glue)

    def test_a_loader_or_glue_of_another_shape_is_refused(self):
        with self.assertRaises(SystemExit):
            self.build(loader=LOADER.replace("signin", "login"))
        with self.assertRaises(SystemExit):
            self.build(loader=LOADER.replace('"srp"', '"a"').replace("_srp", "_a"))
        with self.assertRaises(SystemExit):
            self.build(loader=LOADER.replace("instantiateStreaming(src, imports)", "instantiate(src, imports)", 1))
        with self.assertRaises(SystemExit):
            self.build(glue=GLUE.replace("fetch(module_or_path)", "load(module_or_path)"))
        with self.assertRaises(SystemExit):
            self.build(glue=GLUE.replace("function initSync(module)", "function initSync(input)"))


if __name__ == "__main__":
    unittest.main()
