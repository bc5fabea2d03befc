// A static file server for the built app (dist/), with an optional config.json
// served from another path: what an S3 website does, minus S3.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
};

/**
 * Serves `dir` on 127.0.0.1 (port 0, the default, = any free one); unknown paths get index.html (deep links).
 * `html`: a function of index.html's text, for a page built with another policy.
 */
export async function serve(dir, { configJson, port = 0, html } = {}) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/config.json' && configJson !== undefined) {
      if (configJson === null) {
        res.writeHead(404).end();
      } else {
        res.writeHead(200, { 'content-type': TYPES['.json'] }).end(configJson);
      }
      return;
    }
    try {
      const file = join(dir, path === '/' ? 'index.html' : path);
      if (html && extname(file) === '.html') throw new Error('index.html as given');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      const index = await readFile(join(dir, 'index.html'), 'utf8');
      res.writeHead(200, { 'content-type': TYPES['.html'] }).end(html ? html(index) : index);
    }
  });
  await new Promise(resolve => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}
