// Generates remembered-device known answers with amazon-cognito-identity-js itself.
//
// 1. The device verifier that ConfirmDevice sends: the library's own
//    AuthenticationHelper.generateHashDevice, with the browser randomness it draws
//    (the 40-byte device password, the 16-byte salt) pinned.
// 2. The device sign-in answers: the library's CognitoUser.getDeviceResponse
//    (DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER) against a mocked transport,
//    with its random `a` and clock pinned; what it sends is recorded.
// The Rust tests (tests/device_vectors.rs) recompute both independently.
//
// Usage: node e2e/device-vectors.mjs > tests/vectors/device.json
import { createRequire } from 'node:module';
import { detBytes, withRandomness } from './vectors-common.mjs';

const require = createRequire(import.meta.url);
const lib = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const { AuthenticationHelper, CognitoUser, CognitoUserPool } = lib;

const det = detBytes;

function verifierCase(i, groupKey, deviceKey) {
  const helper = new AuthenticationHelper(groupKey);
  const randomness = det(`device-random-${i}`, 56); // 40 for the password, 16 for the salt
  withRandomness(randomness, () => helper.generateHashDevice(groupKey, deviceKey, e => { if (e) throw e; }));
  return {
    device_group_key: groupKey,
    device_key: deviceKey,
    random_password: helper.getRandomPassword(),
    salt: helper.getSaltDevices(),
    verifier: helper.getVerifierDevices(),
  };
}

function deviceSignIn({ username, groupKey, deviceKey, password, aHex, bHex, saltHex, secretBlock, nowMs }) {
  const captured = {};
  const origRandomA = AuthenticationHelper.prototype.generateRandomSmallA;
  const RealDate = globalThis.Date;
  AuthenticationHelper.prototype.generateRandomSmallA = () => new BigInteger(aHex, 16);
  globalThis.Date = class extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [nowMs]));
    }
  };
  try {
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_AbCdEfGhI', ClientId: 'vectorsclientid' });
    const user = new CognitoUser({ Username: username, Pool: pool });
    Object.assign(user, { deviceKey, deviceGroupKey: groupKey, randomPassword: password, Session: 'session' });
    user.client.request = (op, params, cb) => {
      if (op !== 'RespondToAuthChallenge') return cb(new Error(`unexpected ${op}`));
      if (params.ChallengeName === 'DEVICE_SRP_AUTH') {
        captured.srp_auth = params.ChallengeResponses;
        return cb(null, {
          ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
          Session: 'session-2',
          ChallengeParameters: { SRP_B: bHex, SALT: saltHex, SECRET_BLOCK: secretBlock },
        });
      }
      captured.verifier = params.ChallengeResponses;
      return cb(new Error('stop here'));
    };
    let error = null;
    user.getDeviceResponse({ onSuccess() {}, onFailure(e) { error = e; } });
    if (!captured.verifier) throw new Error(`library did not answer the device challenge: ${error}`);
  } finally {
    AuthenticationHelper.prototype.generateRandomSmallA = origRandomA;
    globalThis.Date = RealDate;
  }
  return captured;
}

const verifiers = [];
const signIns = [];
for (let i = 0; i < 8; i++) {
  const groupKey = `-${det(`group${i}`, 6).toString('base64').replace(/[+/=]/g, 'x')}`;
  const deviceKey = `us-east-1_${det(`device${i}`, 16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}`;
  const v = verifierCase(i, groupKey, deviceKey);
  verifiers.push(v);
  const input = {
    username: `user-${i}`,
    groupKey,
    deviceKey,
    password: v.random_password,
    aHex: det(`device-a${i}`, i % 2 ? 32 : 128).toString('hex'),
    bHex: det(`device-b${i}`, 384).toString('hex').replace(/^[89a-f]/, '7'),
    saltHex: det(`device-salt${i}`, 16).toString('hex'),
    secretBlock: det(`device-sb${i}`, 200).toString('base64'),
    nowMs: Date.UTC(2026, 10, 3 + i, 9, 4, 7),
  };
  const out = deviceSignIn(input);
  signIns.push({
    username: input.username,
    device_group_key: groupKey,
    device_key: deviceKey,
    device_password: input.password,
    a: input.aHex,
    srp_b: input.bHex,
    salt: input.saltHex,
    secret_block: input.secretBlock,
    now_ms: input.nowMs,
    expected: {
      srp_a: out.srp_auth.SRP_A,
      auth_username: out.srp_auth.USERNAME,
      auth_device_key: out.srp_auth.DEVICE_KEY,
      timestamp: out.verifier.TIMESTAMP,
      signature: out.verifier.PASSWORD_CLAIM_SIGNATURE,
      username: out.verifier.USERNAME,
      device_key: out.verifier.DEVICE_KEY,
    },
  });
}

process.stdout.write(`${JSON.stringify({
  generator: 'e2e/device-vectors.mjs with amazon-cognito-identity-js 6.3.21',
  verifiers,
  sign_ins: signIns,
}, null, 1)}\n`);
