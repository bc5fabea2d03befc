"""The first module and the sign-in's modules in one response (scripts/split.sh).

Every route loads the sign-in's module at once (the configuration's check and
the stored session are there), so it follows the first module in the same
file: its bytes arrive right behind the first module's, without another
request and without sharing the connection's bandwidth with it. The first
module's bytes still stream to the compiler as they arrive (the loader hands
them over in a response of their own), so the first paint waits for them only.
The `srp` module (SRP's `A`, computed while the user types) comes first in the
rest, each part usable as soon as its bytes are in: `A` is computed while the
sign-in's module still arrives.

  bundle.py LOADER_JS GLUE_JS MAIN_WASM STAGE MANIFEST_OUT

- MAIN_WASM becomes the bundle: the first module, then each of MODULES with
  the chunks it needs (read from STAGE, then removed from it), in that order;
- LOADER_JS reads their chunks from the bundle's tail instead of fetching them;
- GLUE_JS fetches the first module through the loader's `bundleHead`;
- MANIFEST_OUT (JSON): the modules, the first module's length and where each part is.
"""
import json
import re
import sys
from pathlib import Path

# What follows the first module, in this order: each module and every chunk it
# needs (that an earlier one did not bring).
MODULES = ("srp", "signin")

LOADER_CODE = r"""
// The first module and the sign-in's modules come in one response (scripts/bundle.py):
// the first module's bytes go to the compiler as they arrive, in a response of their
// own; each part of the rest (the modules and their chunks) is compiled as soon as
// it is in, while the rest arrives, and instantiated when the app asks for it.
const HEAD = __HEAD__, TAIL = __TAIL__, CUT = "the app's module file is not the one built";
// Where each part is in the rest ([offset, length]), from their lengths.
const PARTS = [];
for (const length of __LENGTHS__) PARTS.push([PARTS.length ? PARTS.at(-1)[0] + PARTS.at(-1)[1] : 0, length]);
let bundleUrl, bundleRead;
// Each part's compilation, by offset; a load that asks before its bytes are in waits.
const compiled = new Map(), waiting = new Map();
const compilePart = (bytes, offset, length) => {
    if (compiled.has(offset)) return;
    const module = WebAssembly.compile(bytes.subarray(offset, offset + length));
    module.catch(() => {});
    compiled.set(offset, module);
    waiting.get(offset)?.(module);
};
export const bundleHead = url => {
    bundleUrl = url;
    return fetch(url).then(response => {
        if (!response.ok || !response.body) return response;
        let head;
        const headStream = new ReadableStream({ start(controller) { head = controller; } });
        bundleRead = readBundle(response.body.getReader(), head);
        bundleRead.catch(e => { try { head.error(e); } catch {} });
        return new Response(headStream, { headers: { "Content-Type": "application/wasm" } });
    });
};
async function readBundle(reader, head) {
    const tail = new Uint8Array(TAIL);
    let at = 0, kept = 0, next = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        let bytes = value;
        if (at < HEAD) {
            const take = Math.min(bytes.length, HEAD - at);
            head.enqueue(bytes.subarray(0, take));
            at += take;
            if (at === HEAD) head.close();
            bytes = bytes.subarray(take);
        }
        if (!bytes.length) continue;
        if (kept + bytes.length > TAIL) throw new Error(CUT);
        tail.set(bytes, kept);
        kept += bytes.length;
        for (; next < PARTS.length && PARTS[next][0] + PARTS[next][1] <= kept; next++) compilePart(tail, ...PARTS[next]);
    }
    if (at < HEAD || kept !== TAIL) throw new Error(CUT);
    performance.mark("sign-in-module-arrived");
}
// A module's load: fetched (compiled as it arrives), or a part of the main file
// (compiled as soon as it is in); instantiated once its chunks are, each in a new
// task (scripts/split.sh). A fetched one also waits for the views' stylesheet; a
// part of the main file does not (SRP's A and the password's steps build no view:
// the sign-in form is the first module's, styled by main.css): `A` is computed,
// and the configuration checked, without waiting for a stylesheet's round trip.
const fetched = url => () => {
    const src = fetch(new URL(url, import.meta.url));
    src.catch(() => {});
    return async imports => { await Promise.all([nextTask(), pagesCss()]); return WebAssembly.instantiateStreaming(src, imports); };
};
const bundled = offset => () => {
    const src = tailModule(offset);
    src.catch(() => {});
    return async imports => { await nextTask(); return WebAssembly.instantiate(await src, imports); };
};
// A part, compiled: as soon as its bytes are in; when the file could not be read
// whole and the part was not in it, from the file fetched again.
const tailModule = offset => compiled.get(offset) ?? new Promise((resolve, reject) => {
    waiting.set(offset, resolve);
    const attempt = (bundleRead ??= Promise.reject(new Error(CUT)));
    attempt.catch(() => {
        // One new attempt for every load that waited on the failed one.
        if (bundleRead === attempt) bundleRead = fetch(bundleUrl)
            .then(r => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status} fetching ${bundleUrl}`))))
            .then(b => {
                if (b.byteLength !== HEAD + TAIL) throw new Error(CUT);
                for (const part of PARTS) compilePart(new Uint8Array(b, HEAD), ...part);
            });
        return bundleRead;
    }).then(() => resolve(compiled.get(offset)), reject);
});
"""

FETCHER_RE = re.compile(
    r'makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("(\./[^"]+)", import\.meta\.url\)\);\s*'
    r'src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \{ '
    r'await Promise\.all\(\[nextTask\(\), pagesCss\(\)\]\); '
    r'return WebAssembly\.instantiateStreaming\(src, imports\); \};\s*\}\s*,')

LOAD_RE = re.compile(
    r'(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?'
    r'makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)".*?\}\s*,\s*\[([^\]]*)\]',
    re.S,
)


def loads(loader):
    """Each load of the split loader: its key (`__chunk_N` or a module's name),
    its file and the loads it depends on (also read by scripts/size.sh)."""
    return {m.group(1) or m.group(2): (m.group(3), [d.strip() for d in m.group(4).split(",") if d.strip()])
            for m in LOAD_RE.finditer(loader)}


def needed(deps, key, seen):
    """`key` and every load it depends on, dependencies first."""
    if key in seen:
        return []
    seen.add(key)
    out = []
    for dep in deps[key][1]:
        out += needed(deps, dep, seen)
    return out + [key]


def main(loader_path, glue_path, main_path, stage, manifest_path):
    loader = Path(loader_path).read_text()
    deps = loads(loader)
    head = Path(main_path).read_bytes()
    tail = bytearray()
    parts = {}
    seen = set()
    for module in MODULES:
        if module not in deps:
            sys.exit(f"bundle.py: the loader has no module {module}")
        for key in needed(deps, module, seen):
            name = deps[key][0]
            data = (Path(stage) / name).read_bytes()
            parts[name] = [len(tail), len(data)]
            tail += data

    # Each module's load, written once (a helper per kind) rather than once per module:
    # a part of the main file is compiled already and only instantiated; another is
    # fetched (and compiled as it arrives) when its load starts.
    def load(m):
        name = m.group(1)[2:]
        return f"makeLoad(bundled({parts[name][0]})," if name in parts else f'makeLoad(fetched("{m.group(1)}"),'
    loader, count = FETCHER_RE.subn(load, loader)
    if count != len(deps) or "instantiateStreaming(src" in loader:
        sys.exit(f"bundle.py: the loader's loads are not the ones this patch knows ({count} of {len(deps)})")
    code = (LOADER_CODE.replace("__HEAD__", str(len(head))).replace("__TAIL__", str(len(tail)))
            .replace("__LENGTHS__", json.dumps([size for _, size in parts.values()], separators=(",", ":"))))
    first_newline = loader.index("\n") + 1
    loader = loader[:first_newline] + code + loader[first_newline:]
    glue = Path(glue_path).read_text()
    if glue.count("module_or_path = fetch(module_or_path);") != 1:
        sys.exit("bundle.py: the glue is not the one this patch knows (its fetch of the module)")
    # The glue's start, for the one way this app starts: trunk's inline script
    # names the main file, the loader fetches it and gives the first part as a
    # response of the wasm type, and the split loader asks `initSync` only for the
    # started module's exports. Its paths for other inputs (bytes, a module, a
    # response of another type) and their warnings go (a few hundred bytes of the
    # first load).
    replaced = {
        r"async function __wbg_load\(module, imports\) \{\n.*?\n\}\n": "",
        r"function initSync\(module\) \{\n.*?\n\}\n": (
            "function initSync() {\n"
            "    if (wasm === undefined) throw new Error(\"the app's module has not started\");\n"
            "    return wasm;\n"
            "}\n"),
        r"async function __wbg_init_once\(module_or_path\) \{\n.*?\n\}\n": (
            "async function __wbg_init_once(module_or_path) {\n"
            "    const response = await bundleHead(module_or_path.module_or_path);\n"
            "    if (!response.ok) throw new Error(`failed to fetch Wasm: ${response.status} fetching '${response.url}'`);\n"
            "    const { instance, module } = await WebAssembly.instantiateStreaming(response, __wbg_get_imports());\n"
            "    return __wbg_finalize_init(instance, module);\n"
            "}\n"),
    }
    for pattern, replacement in replaced.items():
        glue, count = re.subn(pattern, lambda _: replacement, glue, flags=re.S)
        if count != 1:
            sys.exit(f"bundle.py: the glue is not the one this patch knows ({pattern.split(chr(92))[0]})")
    if "fetch(module_or_path)" in glue or "console.warn" in glue:
        sys.exit("bundle.py: the glue still fetches or warns on its own")
    loader_import = re.search(r'from "(\./__wasm_split[^"]*\.js)"', glue)
    if not loader_import:
        sys.exit("bundle.py: the glue does not import the loader")
    glue = f'import {{ bundleHead }} from "{loader_import.group(1)}";\n' + glue
    Path(loader_path).write_text(loader)
    Path(glue_path).write_text(glue)
    Path(main_path).write_bytes(head + bytes(tail))
    for name in parts:
        (Path(stage) / name).unlink()
    manifest = {"modules": list(MODULES), "head": len(head), "tail": len(tail), "parts": parts}
    Path(manifest_path).write_text(json.dumps(manifest, indent=1))
    print(f"bundle.py: the first module ({len(head)} B) then {' and '.join(MODULES)} in {len(parts)} files "
          f"({len(tail)} B)", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:6])
