// Generates SRP known-answer vectors with amazon-cognito-identity-js itself.
//
// It runs the library's real `CognitoUser.authenticateUser` (USER_SRP_AUTH) against a
// mocked transport that answers InitiateAuth with a fixed PASSWORD_VERIFIER challenge,
// with the library's random `a` and clock pinned, and records every intermediate value
// (k, A, u, x, S, HKDF key) plus what the library sends in RespondToAuthChallenge.
// The Rust tests (tests/srp_vectors.rs) recompute all of them independently.
//
// Usage: node e2e/srp-vectors.mjs > tests/vectors/srp.json
import { createRequire } from 'node:module';
import { detBytes } from './vectors-common.mjs';

const require = createRequire(import.meta.url);
const lib = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const { AuthenticationHelper, CognitoUser, CognitoUserPool, DateHelper } = lib;

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
const N = new BigInteger(N_HEX, 16);

// Deterministic bytes (hex): SHA-256 in counter mode over a label.
const det = (label, nBytes) => detBytes(label, nBytes).toString('hex');
const detBelowN = label => new BigInteger(det(label, 384), 16).mod(N).toString(16);

const memoryStorage = () => {
  const m = new Map();
  return {
    getItem: k => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: k => m.delete(k),
    clear: () => m.clear(),
  };
};

// Runs one full client-side SRP exchange inside the library and captures everything.
function runLibrary({ poolId, userIdForSrp, password, aHex, bHex, saltHex, secretBlock, nowMs }) {
  const captured = {};
  const origRandomA = AuthenticationHelper.prototype.generateRandomSmallA;
  const origCalcS = AuthenticationHelper.prototype.calculateS;
  const origHkdf = AuthenticationHelper.prototype.computehkdf;
  const RealDate = globalThis.Date;
  AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(aHex, 16);
  AuthenticationHelper.prototype.calculateS = function (x, B, cb) {
    captured.x = x.toString(16);
    captured.k = this.k.toString(16);
    captured.u = this.UValue.toString(16);
    return origCalcS.call(this, x, B, (err, S) => {
      captured.S = S.toString(16);
      cb(err, S);
    });
  };
  AuthenticationHelper.prototype.computehkdf = function (ikm, salt) {
    const key = origHkdf.call(this, ikm, salt);
    captured.key = Buffer.from(key).toString('hex');
    return key;
  };
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [nowMs]));
    }
  };
  try {
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: 'vectorsclientid' });
    const user = new CognitoUser({ Username: 'login-name', Pool: pool, Storage: memoryStorage() });
    user.client.request = (op, params, cb) => {
      if (op === 'InitiateAuth') {
        captured.srp_a = params.AuthParameters.SRP_A;
        cb(null, {
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: 'session',
          ChallengeParameters: {
            SALT: saltHex,
            SRP_B: bHex,
            SECRET_BLOCK: secretBlock,
            USER_ID_FOR_SRP: userIdForSrp,
            USERNAME: userIdForSrp,
          },
        });
      } else if (op === 'RespondToAuthChallenge') {
        captured.response = params.ChallengeResponses;
        cb(new Error('stop here'));
      }
    };
    let error = null;
    user.authenticateUser(
      new lib.AuthenticationDetails({ Username: 'login-name', Password: password }),
      { onSuccess() {}, onFailure(e) { error = e; } }
    );
    if (!captured.response) throw new Error(`library did not answer the challenge: ${error}`);
  } finally {
    AuthenticationHelper.prototype.generateRandomSmallA = origRandomA;
    AuthenticationHelper.prototype.calculateS = origCalcS;
    AuthenticationHelper.prototype.computehkdf = origHkdf;
    globalThis.Date = RealDate;
  }
  return captured;
}

const cases = [];
function add(name, input) {
  const out = runLibrary(input);
  cases.push({
    name,
    pool_id: input.poolId,
    user_id_for_srp: input.userIdForSrp,
    password: input.password,
    a: input.aHex,
    srp_b: input.bHex,
    salt: input.saltHex,
    secret_block: input.secretBlock,
    now_ms: input.nowMs,
    expected: {
      k: out.k,
      srp_a: out.srp_a,
      u: out.u,
      x: out.x,
      s: out.S,
      key: out.key,
      timestamp: out.response.TIMESTAMP,
      signature: out.response.PASSWORD_CLAIM_SIGNATURE,
      username: out.response.USERNAME,
    },
  });
}

const base = i => ({
  poolId: 'us-east-1_AbCdEfGhI',
  userIdForSrp: `0f6e2a4c-41b1-4c5b-9c1e-${det(`uid${i}`, 6)}`,
  password: `Passw0rd!-${i}`,
  aHex: det(`a${i}`, 128),
  bHex: detBelowN(`b${i}`),
  saltHex: det(`salt${i}`, 16),
  secretBlock: Buffer.from(det(`sb${i}`, 300), 'hex').toString('base64'),
  nowMs: Date.UTC(2026, 10, 2 + i, 7, 3, 9),
});

for (let i = 0; i < 12; i++) add(`random-${i}`, base(i));
// 256-bit a, as this app uses (RFC 5054's minimum); the library itself uses 1024 bits.
for (let i = 0; i < 4; i++) add(`a-256-bit-${i}`, { ...base(100 + i), aHex: det(`a256-${i}`, 32) });
// padHex edge cases: salt and B with the top bit set, with leading zero nibbles, odd length.
add('salt-top-bit-set', { ...base(20), saltHex: `f${det('s20', 15).slice(1)}` });
add('salt-leading-zeros', { ...base(21), saltHex: `000${det('s21', 15).slice(3)}` });
add('salt-odd-length', { ...base(22), saltHex: det('s22', 15).slice(1) });
add('salt-short', { ...base(23), saltHex: '7' });
add('b-top-bit-set', { ...base(24), bHex: `8${det('b24', 383).slice(1)}` });
add('b-leading-zero-byte', { ...base(25), bHex: det('b25', 380) });
add('b-odd-length', { ...base(26), bHex: det('b26', 380).slice(1) });
add('b-small', { ...base(27), bHex: '2' });
add('b-above-n', { ...base(28), bHex: N.add(new BigInteger(det('b28', 100), 16)).toString(16) });
add('unicode-user-and-password', { ...base(29), userIdForSrp: 'José-ユーザー', password: 'pässwörd 🔑 ok' });
add('email-username', { ...base(30), userIdForSrp: 'Someone@Example.com' });
// Timestamps: single-digit day (no zero padding), midnight, end of year, leap day.
add('day-single-digit', { ...base(31), nowMs: Date.UTC(2026, 0, 5, 0, 0, 0) });
add('end-of-year', { ...base(32), nowMs: Date.UTC(2025, 11, 31, 23, 59, 59) });
add('leap-day', { ...base(33), nowMs: Date.UTC(2028, 1, 29, 12, 30, 5) });

// Timestamps alone, over a spread of instants, from the library's DateHelper.
const timestamps = [];
for (let i = 0; i < 200; i++) {
  const ms = Number(BigInt(`0x${det(`t${i}`, 6)}`) % 4102444800000n); // 1970..2100
  const RealDate = globalThis.Date;
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [ms]));
    }
  };
  try {
    timestamps.push({ now_ms: ms, timestamp: new DateHelper().getNowString() });
  } finally {
    globalThis.Date = RealDate;
  }
}

process.stdout.write(
  `${JSON.stringify(
    {
      generator: 'e2e/srp-vectors.mjs with amazon-cognito-identity-js 6.3.21',
      n: N_HEX.toLowerCase(),
      cases,
      timestamps,
    },
    null,
    1
  )}\n`
);
