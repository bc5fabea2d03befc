// A small W3C WebDriver client (the HTTP protocol every engine's driver
// speaks) for the journey in each engine: Chromium (chromedriver), Firefox ESR
// (geckodriver) and WebKit (WebKitGTK's WebKitWebDriver and MiniBrowser, under
// Xvfb). Playwright drives only its own builds of Firefox and WebKit, which
// cannot be downloaded here; the engines users have are these.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The engines, each with its driver and the capabilities that start it headless. */
export const ENGINES = {
  chromium: {
    driver: process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
    args: port => [`--port=${port}`],
    capabilities: {
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
        args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    },
  },
  firefox: {
    driver: process.env.GECKODRIVER ?? 'geckodriver',
    args: port => [`--port=${port}`],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': { binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr', args: ['-headless'] },
    },
  },
  webkit: {
    // WebKitGTK's MiniBrowser needs a display: a virtual one (Xvfb).
    driver: 'xvfb-run',
    args: port => ['-a', '-s', '-screen 0 1280x1024x24', process.env.WEBKIT_DRIVER ?? 'WebKitWebDriver', `--port=${port}`],
    capabilities: {
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    },
  },
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A started driver and one browser session in it. */
export class Session {
  /** Starts `engine`'s driver and a session (`close` ends both). */
  static async start(engine) {
    const spec = ENGINES[engine];
    const port = await freePort();
    const log = [];
    const child = spawn(spec.driver, spec.args(port), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', d => log.push(String(d)));
    child.stderr.on('data', d => log.push(String(d)));
    const base = `http://127.0.0.1:${port}`;
    const session = new Session(base, child, log);
    for (let i = 0; ; i += 1) {
      try {
        if ((await fetch(`${base}/status`)).ok) break;
      } catch { /* not listening yet */ }
      if (i > 200 || child.exitCode !== null) {
        session.kill();
        throw new Error(`${engine}'s driver did not start: ${log.join('').slice(-2000)}`);
      }
      await sleep(50);
    }
    try {
      const created = await session.command('POST', '/session', { capabilities: { alwaysMatch: spec.capabilities } });
      session.id = created.sessionId;
      session.capabilities = created.capabilities;
    } catch (e) {
      session.kill();
      throw new Error(`${engine}: no session: ${e.message}\n${log.join('').slice(-2000)}`);
    }
    return session;
  }

  constructor(base, child, log) {
    Object.assign(this, { base, child, log });
  }

  /** `browserName version` as the driver reports it. */
  get version() {
    return `${this.capabilities.browserName} ${this.capabilities.browserVersion}`;
  }

  async command(method, path, body) {
    const r = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
    return json.value;
  }

  s(method, path, body) {
    return this.command(method, `/session/${this.id}${path}`, body);
  }

  goto(url) { return this.s('POST', '/url', { url }); }
  url() { return this.s('GET', '/url'); }
  refresh() { return this.s('POST', '/refresh', {}); }
  /** Runs `script` (a function body; `arguments` are `args`) in the page. */
  run(script, ...args) { return this.s('POST', '/execute/sync', { script, args }); }

  /** The first element matching `selector` (CSS, or XPath if it starts with `/`), waited for (10 s). */
  async find(selector, timeout = 10000) {
    const started = Date.now();
    const using = selector.startsWith('/') ? 'xpath' : 'css selector';
    for (;;) {
      const found = await this.s('POST', '/elements', { using, value: selector });
      if (found.length) return found[0][ELEMENT];
      if (Date.now() - started > timeout) throw new Error(`no element ${selector} after ${timeout} ms on ${await this.url()}`);
      await sleep(100);
    }
  }

  async type(selector, text) {
    const id = await this.find(selector);
    await this.s('POST', `/element/${id}/clear`, {});
    await this.s('POST', `/element/${id}/value`, { text });
  }

  async click(selector) {
    await this.s('POST', `/element/${await this.find(selector)}/click`, {});
  }

  async text(selector) {
    return this.s('GET', `/element/${await this.find(selector)}/text`);
  }

  /** Waits until `condition()` (async) is true, polling every 100 ms. */
  async until(condition, what, timeout = 15000) {
    const started = Date.now();
    for (;;) {
      if (await condition()) return;
      if (Date.now() - started > timeout) throw new Error(`timed out (${timeout} ms): ${what} (at ${await this.url()})`);
      await sleep(100);
    }
  }

  /** Waits until the page's text includes `text`. */
  untilText(text, timeout) {
    return this.until(async () => (await this.run('return document.body.innerText')).includes(text), `text “${text}”`, timeout);
  }

  untilPath(path, timeout) {
    return this.until(async () => new URL(await this.url()).pathname === path, `path ${path}`, timeout);
  }

  kill() {
    try { process.kill(-this.child.pid, 'SIGTERM'); } catch { /* gone */ }
  }

  async close() {
    if (this.id) await this.s('DELETE', '', undefined).catch(() => {});
    this.kill();
  }
}
