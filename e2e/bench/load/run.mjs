// Benchmark (not a test): time from navigation to an interactive sign-in form,
// in headless Chromium with a throttled network and CPU, for three pages side by side:
//   app      this app as deployed: a release build (trunk build --release) + config.json, gzip
//   old      the old "Cognito demo": jQuery + amazon-cognito-identity-js + aws-sdk 2.487.0
//            with plain <script src> tags, uncompressed (an S3 website)
//   amplify  a signIn page with Amplify v6 (auth + storage), esbuild bundle, gzip
// Usage: node e2e/bench/load/run.mjs [runs]   (after scripts/bench-load.sh has built
// e2e/bench/load/build/ and the app's dist/; scripts/bench-load.sh does both).
import { existsSync, readdirSync } from 'node:fs';
import { launch } from '../../browser.mjs';
import { serveStatic } from './server.mjs';
import { CONFIG } from './config.mjs';

const runs = Number(process.argv[2] ?? 7);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: node e2e/bench/load/run.mjs [runs]   (runs: a positive integer, default 7)');
  process.exit(2);
}
const ROOT = new URL('../../../', import.meta.url).pathname;
const BUILD = new URL('./build/', import.meta.url).pathname;
const TIMEOUT_MS = 60_000;
// The app's release build (scripts/bench-load.sh builds it there).
const APP_DIST = process.env.APP_DIST ?? `${ROOT}target/bench-dist`;

// What DevTools calls "Fast 3G" is 1.6 Mbit/s down, 750 kbit/s up, 562.5 ms RTT;
// here the latency is 150 ms (added to every request), plus a 4x slower CPU.
const NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 };
const CPU_RATE = 4;


// "Interactive": the sign-in form's username and password inputs and its submit
// button are in the document and enabled, and the page's scripts have bound the
// form. For the app the form only exists once the wasm has run (Leptos renders it
// client-side with its submit handler attached); the other two pages set
// data-ready on the form in the code that binds the handler.
const PAGES = [
  {
    key: 'app',
    name: 'this app (Rust/Leptos wasm)',
    dir: APP_DIST,
    gzip: true,
    spa: true,
    extra: { '/config.json': JSON.stringify(CONFIG) },
    path: 'signin',
    signInReadyMark: true,
    ready: { form: 'main form', user: 'input#username', pass: 'input#password[type=password]', fail: '.setup' },
  },
  {
    key: 'old',
    name: 'old demo (jQuery + cognito-identity-js + aws-sdk)',
    dir: `${BUILD}old-demo`,
    gzip: false,
    path: '',
    ready: { form: 'form#signin-form[data-ready]', user: 'input[name=username]', pass: 'input[name=password][type=password]' },
  },
  {
    key: 'amplify',
    name: 'Amplify v6 (auth + storage, esbuild)',
    dir: `${BUILD}amplify`,
    gzip: true,
    path: '',
    ready: { form: 'form#signin-form[data-ready]', user: 'input[name=username]', pass: 'input[name=password][type=password]' },
  },
];

for (const p of PAGES) {
  if (!existsSync(`${p.dir}/index.html`)) {
    console.error(`missing ${p.dir}/index.html: run scripts/bench-load.sh (it builds the pages)`);
    process.exit(2);
  }
}
if (!readdirSync(APP_DIST).some(f => f.endsWith('.wasm'))) {
  console.error(`${APP_DIST} has no .wasm: run scripts/bench-load.sh (it builds the app there)`);
  process.exit(2);
}

// Runs in the page before any of its scripts: a MutationObserver stamps the
// first moment (performance.now(), ms since navigation start) the form is
// interactive, so the time does not depend on how often Playwright polls.
function watchForInteractive(s) {
  const check = () => {
    if (window.__benchInteractiveAt !== undefined) return;
    if (s.fail && document.querySelector(s.fail)) {
      window.__benchFailed = `found ${s.fail}: ${document.querySelector(s.fail).textContent.trim().slice(0, 200)}`;
      return;
    }
    const form = document.querySelector(s.form);
    if (!form) return;
    const user = form.querySelector(s.user);
    const pass = form.querySelector(s.pass);
    const submit = form.querySelector('button[type=submit], input[type=submit]');
    if (user && pass && submit && !user.disabled && !pass.disabled && !submit.disabled) {
      window.__benchInteractiveAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
  // Every main-thread task over 50 ms (the Long Tasks API reports no shorter ones).
  window.__benchLongTasks = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__benchLongTasks.push({ at: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // The app marks the moment its sign-in needs no more download and SRP's A is
  // computed (performance.mark('sign-in-ready'), in the sign-in module).
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (e.name === 'sign-in-ready' && window.__benchSignInReadyAt === undefined) window.__benchSignInReadyAt = e.startTime;
      // (b′) all of signing in: the further steps' module too (its mark).
      if (e.name === 'sign-in-steps-ready' && window.__benchStepsReadyAt === undefined) window.__benchStepsReadyAt = e.startTime;
    }
  }).observe({ type: 'mark', buffered: true });
}

async function loadOnce(browser, page, url, { throttle = true, typeSignIn = true } = {}) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(watchForInteractive, page.ready);
    const tab = await context.newPage();
    const problems = [];
    tab.on('pageerror', e => problems.push(`page error: ${e.message}`));
    tab.on('console', m => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    const cdp = await context.newCDPSession(tab);
    const transfers = new Map(); // requestId -> { url, bytes }
    const urls = new Map();
    cdp.on('Network.requestWillBeSent', e => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', e => transfers.set(e.requestId, { url: urls.get(e.requestId), bytes: e.encodedDataLength }));
    // Bytes received so far by requests still under way (the app's first module
    // and the sign-in's module come in one response: by (a), only its first part is in).
    const received = new Map(); // requestId -> bytes
    cdp.on('Network.dataReceived', e => received.set(e.requestId, (received.get(e.requestId) ?? 0) + e.encodedDataLength));
    cdp.on('Network.loadingFailed', e => problems.push(`request failed: ${urls.get(e.requestId)} ${e.errorText}`));
    await cdp.send('Network.enable');
    if (throttle) {
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
    }
    await tab.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    let ms;
    try {
      const handle = await tab.waitForFunction(() => {
        if (window.__benchFailed) throw new Error(window.__benchFailed);
        return window.__benchInteractiveAt;
      }, null, { timeout: TIMEOUT_MS, polling: 50 });
      ms = await handle.jsonValue();
    } catch (e) {
      const error = new Error(`${page.name}: not interactive (${e.message.split('\n')[0]})`);
      error.problems = problems;
      throw error;
    }
    const firstList = [...transfers.values()];
    for (const [id, bytes] of received) if (!transfers.has(id)) firstList.push({ url: urls.get(id), bytes, partial: true });
    // (b) Signing in needs no more download: the app's mark; the other pages
    // load everything before their form is bound, so theirs is (a).
    let readyMs = ms;
    if (page.signInReadyMark) {
      const handle = await tab.waitForFunction(() => window.__benchSignInReadyAt, null, { timeout: TIMEOUT_MS, polling: 50 })
        .catch(() => { throw new Error(`${page.name}: no sign-in-ready mark`); });
      readyMs = await handle.jsonValue();
    }
    let allMs = readyMs;
    if (page.signInReadyMark) {
      const handle = await tab.waitForFunction(() => window.__benchStepsReadyAt, null, { timeout: TIMEOUT_MS, polling: 50 })
        .catch(() => { throw new Error(`${page.name}: no sign-in-steps-ready mark`); });
      allMs = Math.max(readyMs, await handle.jsonValue());
    }
    // Whatever the page still loads after it is interactive counts in the bytes too.
    await tab.waitForLoadState('networkidle', { timeout: TIMEOUT_MS }).catch(() => {});
    // (d) The longest main-thread task from navigation until the password is typed.
    if (typeSignIn) {
      await tab.type(page.ready.user, 'someone', { delay: 30 });
      await tab.type(page.ready.pass, 'a password of 20 ch', { delay: 30 });
    }
    const longTasks = await tab.evaluate(() => window.__benchLongTasks);
    if (process.env.BENCH_MARKS) console.log(page.key, JSON.stringify(await tab.evaluate(() => performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]))), JSON.stringify(longTasks));
    const longestTask = longTasks.reduce((m, t) => Math.max(m, t.ms), 0);
    const finalUrl = tab.url();
    const list = [...transfers.values()];
    return {
      ms, readyMs, allMs, longestTask, longTasks,
      bytes: list.reduce((n, t) => n + t.bytes, 0), requests: list.length,
      firstBytes: firstList.reduce((n, t) => n + t.bytes, 0), firstRequests: firstList.length, firstList,
      transfers: list, problems, finalUrl,
    };
  } finally {
    await context.close();
  }
}

const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kB = n => `${(n / 1000).toFixed(1)} kB`;

const servers = {};
for (const p of PAGES) servers[p.key] = await serveStatic(p.dir, { gzip: p.gzip, spa: p.spa, extra: p.extra });
const browser = await launch();
let failed = false;
try {
  const version = browser.version();

  // What "/" of the app shows (not measured): it should send a visitor to /signin.
  const home = await loadOnce(browser, PAGES[0], servers.app.url, { throttle: false, typeSignIn: false });
  console.log(`app "/" (unthrottled check): ends at ${new URL(home.finalUrl).pathname} with the sign-in form interactive`);

  const results = Object.fromEntries(PAGES.map(p => [p.key, []]));
  for (let r = 0; r < runs; r++) {
    const order = PAGES.map((_, i) => PAGES[(i + r) % PAGES.length]);
    const line = [];
    for (const p of order) {
      const res = await loadOnce(browser, p, servers[p.key].url + p.path);
      results[p.key].push(res);
      const tasks = res.longTasks.map(t => `${t.ms.toFixed(0)}@${t.at.toFixed(0)}`).join(' ');
      line.push(`${p.key} ${res.ms.toFixed(0)}/${res.readyMs.toFixed(0)}/${res.allMs.toFixed(0)} ms ${kB(res.bytes)} tasks>50ms [${tasks}]`);
    }
    console.log(`run ${r + 1}/${runs}: ${line.join(', ')}`);
  }

  console.log('');
  console.log(`Load to an interactive sign-in form: headless Chromium ${version}, ${runs} run${runs === 1 ? '' : 's'} per page`);
  console.log('Conditions:');
  console.log(`  network (CDP Network.emulateNetworkConditions): latency ${NETWORK.latency} ms added to each request, ` +
    `download ${NETWORK.downloadThroughput} B/s (1.6 Mbit/s), upload ${NETWORK.uploadThroughput} B/s (750 kbit/s)`);
  console.log(`  CPU (CDP Emulation.setCPUThrottlingRate): ${CPU_RATE}x slower`);
  console.log('  each load in a fresh browser context (empty HTTP cache, no reused connections, no code cache);');
  console.log('  the three pages interleaved in every run, their order rotated from run to run');
  console.log('  servers: Node HTTP/1.1 on 127.0.0.1, files in memory; gzip = zlib level 9 (as gzip -9), precompressed at start');
  console.log('  time: performance.now() in the page (ms since navigation start) when a MutationObserver first sees');
  console.log('  the username and password inputs and the submit button present and enabled, and the form bound by the page\'s scripts');
  console.log('  (a) interactive: that moment; (b) sign-in ready: signing in needs no more download (the app: its');
  console.log('  sign-in module loaded and SRP\'s A computed, performance.mark("sign-in-ready"); the others load all before (a));');
  console.log("  (b') all of sign-in: (b) and the further steps' module (MFA, new password, devices, other ways in) loaded,");
  console.log('  performance.mark("sign-in-steps-ready");');
  console.log('  (c) bytes (encodedDataLength) and requests until (a) (a response still arriving counts with what');
  console.log('  has arrived), and in all once the network is idle;');
  console.log('  (d) the longest main-thread task (Long Tasks API: only tasks over 50 ms are reported; 0 = none)');
  console.log('  from navigation until a username and a 19-character password have been typed (30 ms a key)');
  console.log('');
  const header = ['page', 'served', '(a) median ms', 'min–max', '(b) median ms', "(b') ms", '(c) bytes at (a)', 'req', 'bytes in all', 'req', '(d) longest task ms'];
  const rows = PAGES.map(p => {
    const rs = results[p.key];
    const times = rs.map(x => x.ms);
    return [
      `${p.key}: ${p.name}`,
      p.gzip ? 'gzip' : 'uncompressed',
      median(times).toFixed(0),
      `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}`,
      median(rs.map(x => x.readyMs)).toFixed(0),
      median(rs.map(x => x.allMs)).toFixed(0),
      kB(median(rs.map(x => x.firstBytes))),
      String(median(rs.map(x => x.firstRequests))),
      kB(median(rs.map(x => x.bytes))),
      String(median(rs.map(x => x.requests))),
      `${median(rs.map(x => x.longestTask)).toFixed(0)} (max ${Math.max(...rs.map(x => x.longestTask)).toFixed(0)})`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const fmt = r => r.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(fmt(header));
  for (const r of rows) console.log(fmt(r));
  const med = k => median(results[k].map(x => x.ms));
  const medBytes = k => median(results[k].map(x => x.bytes));
  console.log('');
  console.log(`app / old demo: time ${(med('app') / med('old')).toFixed(2)}, bytes ${(medBytes('app') / medBytes('old')).toFixed(2)}`);
  console.log(`app / Amplify:  time ${(med('app') / med('amplify')).toFixed(2)}, bytes ${(medBytes('app') / medBytes('amplify')).toFixed(2)}`);
  const medReady = k => median(results[k].map(x => x.readyMs));
  console.log(`app (b) sign-in ready / Amplify (a): ${(medReady('app') / med('amplify')).toFixed(2)}`);
  const medAll = k => median(results[k].map(x => x.allMs));
  console.log(`app (b') all of sign-in / Amplify (a): ${(medAll('app') / med('amplify')).toFixed(2)}`);

  console.log('');
  console.log('Transfers of the first run (encodedDataLength: body as sent, plus response headers):');
  for (const p of PAGES) {
    const first = results[p.key][0];
    const base = servers[p.key].url;
    const parts = first.transfers.map(t => `${(t.url ?? '?').replace(base, '/')} ${kB(t.bytes)}`);
    console.log(`  ${p.key}: ${parts.join(', ')}`);
    const partial = first.firstList.filter(t => t.partial);
    if (partial.length) {
      console.log(`    at (a), still arriving: ${partial.map(t => `${(t.url ?? '?').replace(base, '/')} ${kB(t.bytes)} so far`).join(', ')}`);
    }
  }
  const problems = PAGES.flatMap(p => [...new Set(results[p.key].flatMap(x => x.problems))].map(m => `  ${p.key}: ${m}`));
  if (problems.length) {
    console.log('');
    console.log('Errors seen in the pages (loads still counted):');
    for (const m of problems) console.log(m);
  }
} catch (e) {
  failed = true;
  console.error(`FAILED: ${e.message}`);
  for (const m of e.problems ?? []) console.error(`  ${m}`);
} finally {
  await browser.close();
  for (const s of Object.values(servers)) await s.close();
}
process.exit(failed ? 1 : 0);
