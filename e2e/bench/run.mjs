// Opens the benchmark page in headless Chromium and prints the medians.
// Usage: node e2e/bench/run.mjs [runs]   (after scripts/bench-srp.sh has built it)
import { readFileSync } from 'node:fs';
import { launch } from '../browser.mjs';
import { serve } from '../serve.mjs';

const runs = Number(process.argv[2] ?? 25);
const dir = new URL('./', import.meta.url).pathname;
const vectors = JSON.parse(readFileSync(new URL('../../tests/vectors/srp.json', import.meta.url)));
const cases = vectors.cases.slice(0, 6).map(c => ({
  name: c.name, poolName: c.pool_id.split('_')[1], user: c.user_id_for_srp, password: c.password, a: c.a,
  srp_b: c.srp_b, salt: c.salt, secret_block: c.secret_block, timestamp: c.expected.timestamp,
  signature: c.expected.signature,
}));

const server = await serve(dir);
const browser = await launch();
try {
  const page = await browser.newPage();
  page.on('pageerror', e => { console.error(e); process.exitCode = 1; });
  await page.goto(`${server.url}index.html`);
  await page.waitForFunction(() => typeof window.runBenchmark === 'function');
  const m = await page.evaluate(args => window.runBenchmark(args), { cases, runs });
  const version = await browser.version();
  const f = x => `${x.toFixed(1)} ms`;
  console.log(`SRP client work, median of ${runs} runs, headless Chromium ${version}`);
  console.log(`(signatures of both implementations checked equal on ${cases.length} vectors first)`);
  console.log(`  amazon-cognito-identity-js 6.3.21, whole client computation (A, u, x, S, key, signature): ${f(m.js_total)}`);
  console.log(`  Rust, a of 1024 bits (as the library): A ${f(m.rust_a_1024)}, after the server's answer ${f(m.rust_claim_1024)}`);
  console.log(`  Rust, a of 256 bits (as the app):      A ${f(m.rust_a_256)}, after the server's answer ${f(m.rust_claim_256)}`);
  console.log(`  Rust, first attempt of a page (A and the one-time table for g^x): ${f(m.first_attempt)}`);
  console.log(`  critical path, app vs library (A precomputed while the user types): ${f(m.rust_claim_256)} / ${f(m.js_total)} = ${(m.rust_claim_256 / m.js_total).toFixed(3)}`);
  console.log(`  without precomputing A: ${f(m.rust_a_256 + m.rust_claim_256)} / ${f(m.js_total)} = ${((m.rust_a_256 + m.rust_claim_256) / m.js_total).toFixed(3)}`);
} finally {
  await browser.close();
  server.close();
}
