// A static file server for the load benchmark (e2e/bench/load/run.mjs), one per
// page, each with its own compression choice:
//   gzip: true   every file is compressed once at start-up with zlib level 9 (as
//                `gzip -9`; what a CDN in front of S3 serves) and sent with
//                Content-Encoding: gzip to browsers that accept it (unless
//                compressing makes it larger: a tiny config.json);
//   gzip: false  files are sent as they are (an S3 website bucket).
// The whole directory is read into memory first, so disk reads and compression
// never count in a load time. HTTP/1.1, 127.0.0.1 only, any free port.
import { createServer } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

async function filesUnder(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return out;
}

/**
 * Serves the files of `dir`, plus `extra` ({ '/path': string | Buffer }, which win
 * over files of the same path). With `spa`, unknown paths get index.html (deep
 * links, as the app's hosting does); otherwise they get a 404.
 */
export async function serveStatic(dir, { gzip = false, extra = {}, spa = false } = {}) {
  const entries = new Map();
  const add = (urlPath, body) => {
    const type = TYPES[extname(urlPath)] ?? 'application/octet-stream';
    const gz = gzip ? gzipSync(body, { level: constants.Z_BEST_COMPRESSION }) : null;
    // A tiny file (config.json) would grow: it is sent as it is.
    entries.set(urlPath, { type, body, gz: gz && gz.length < body.length ? gz : null });
  };
  for (const file of await filesUnder(dir)) {
    add(`/${relative(dir, file).split(sep).join('/')}`, await readFile(file));
  }
  for (const [urlPath, body] of Object.entries(extra)) add(urlPath, Buffer.from(body));
  if (!entries.has('/index.html')) throw new Error(`no index.html in ${dir}`);

  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    let entry = entries.get(path);
    if (!entry && spa && req.method === 'GET') entry = entries.get('/index.html');
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'content-type': entry.type };
    let body = entry.body;
    if (entry.gz && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      body = entry.gz;
      headers['content-encoding'] = 'gzip';
    }
    if (gzip) headers.vary = 'Accept-Encoding';
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const sizes = [...entries].map(([p, e]) => ({ path: p, bytes: e.body.length, gzipBytes: e.gz?.length ?? null }));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    sizes,
    close: () => new Promise(resolve => { server.closeAllConnections(); server.close(resolve); }),
  };
}
