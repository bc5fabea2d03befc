// Runs in the benchmark page: amazon-cognito-identity-js's AuthenticationHelper
// and this app's Rust SRP (wasm), on the same inputs, one after the other.
import { AuthenticationHelper, DateHelper } from 'amazon-cognito-identity-js';
import BigInteger from 'amazon-cognito-identity-js/es/BigInteger';
import { Buffer } from 'buffer';
import { Sha256 } from '@aws-crypto/sha256-js';
import init, { Attempt, build_table } from './pkg/srp_bench.js';

const hexToBytes = hex => Uint8Array.from(hex.match(/../g).map(b => parseInt(b, 16)));
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The library's whole client computation: A (in the constructor), then u, x, S, the key,
// and the signature, exactly as CognitoUser.authenticateUserDefaultAuth does it.
function jsSignIn(c, aHex) {
  const helper = aHex === undefined
    ? new AuthenticationHelper(c.poolName)
    : withFixedA(c.poolName, aHex);
  let key;
  helper.getPasswordAuthenticationKey(c.user, c.password, new BigInteger(c.srp_b, 16), new BigInteger(c.salt, 16),
    (err, hkdf) => { if (err) throw err; key = hkdf; });
  const msg = Buffer.concat([Buffer.from(c.poolName, 'utf8'), Buffer.from(c.user, 'utf8'),
    Buffer.from(c.secret_block, 'base64'), Buffer.from(c.timestamp, 'utf8')]);
  const mac = new Sha256(key);
  mac.update(msg);
  return Buffer.from(mac.digestSync()).toString('base64');
}

function withFixedA(poolName, aHex) {
  const original = AuthenticationHelper.prototype.generateRandomSmallA;
  AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(aHex, 16);
  try { return new AuthenticationHelper(poolName); } finally { AuthenticationHelper.prototype.generateRandomSmallA = original; }
}

const rustClaim = (attempt, c) =>
  attempt.claim(c.poolName, c.srp_b, c.salt, c.secret_block, c.user, c.password, c.timestamp);

window.runBenchmark = async ({ cases, runs }) => {
  await init({ module_or_path: './pkg/srp_bench_bg.wasm' });
  // The first attempt of a page: A, and the one-time fixed-base table for g^x.
  let s0 = performance.now();
  new Attempt(crypto.getRandomValues(new Uint8Array(32))).free();
  build_table();
  const firstAttempt = performance.now() - s0;
  new DateHelper(); // loaded, as in the library
  // 1. Correctness first: with the same a, both must send the same signature.
  for (const c of cases) {
    const js = jsSignIn(c, c.a);
    const rust = rustClaim(new Attempt(hexToBytes(c.a.padStart(c.a.length + (c.a.length % 2), '0'))), c);
    if (js !== rust || js !== c.signature) throw new Error(`signatures differ for ${c.name}: js ${js} rust ${rust}`);
  }
  const c = cases[0];
  const t = {
    js_total: [], rust_a_1024: [], rust_claim_1024: [], rust_a_256: [], rust_claim_256: [],
  };
  const secret256 = crypto.getRandomValues(new Uint8Array(32));
  const secret1024 = crypto.getRandomValues(new Uint8Array(128));
  for (let i = 0; i < runs; i++) {
    let s = performance.now();
    jsSignIn(c); // the library as shipped: a random 1024-bit a, A computed after the click
    t.js_total.push(performance.now() - s);

    s = performance.now();
    const a1024 = new Attempt(secret1024);
    t.rust_a_1024.push(performance.now() - s);
    s = performance.now();
    rustClaim(a1024, c);
    t.rust_claim_1024.push(performance.now() - s);
    a1024.free();

    s = performance.now();
    const a256 = new Attempt(secret256);
    t.rust_a_256.push(performance.now() - s);
    s = performance.now();
    rustClaim(a256, c);
    t.rust_claim_256.push(performance.now() - s);
    a256.free();
  }
  return { first_attempt: firstAttempt, ...Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) };
};
