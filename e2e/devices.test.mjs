// Remembered devices, end to end. The emulator has ConfirmDevice, UpdateDeviceStatus,
// ListDevices and ForgetDevice, but never reports a new device (NewDeviceMetadata) nor
// asks a remembered one to prove itself (DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER):
// for exactly those steps this test answers as AWS does (its recorded answer shapes),
// and plays the server's half of the device SRP in node, with amazon-cognito-identity-js's
// own helpers, so the app's proof is checked by an implementation that is not the app's.
// Every request the app sends is asserted. (emulator-gap 23.)
import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fulfillAws } from './contract.mjs';
import { awsSession, cognito, fulfillAwsError, hostedTokens, newUser, PASSWORD, signIn, totp, useLocalApp } from './local-app.mjs';
import { withRandomness } from './vectors-common.mjs';

const require = createRequire(import.meta.url);
const { AuthenticationHelper, CognitoUser, CognitoUserPool } = require('amazon-cognito-identity-js');
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;

const app = useLocalApp();
const hex = b64 => Buffer.from(b64, 'base64').toString('hex');

/** A user with an authenticator app as their second step (set up through the API). */
async function userWithTotp() {
  const username = await newUser(app.config, 'device');
  const { access_token: AccessToken } = await hostedTokens(app.config, username);
  const { SecretCode } = await cognito(app.config, 'AssociateSoftwareToken', { AccessToken });
  await cognito(app.config, 'VerifySoftwareToken', { AccessToken, UserCode: totp(SecretCode) });
  await cognito(app.config, 'SetUserMFAPreference', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  return { username, key: SecretCode };
}

/** A code for `key` not used yet in this test (the emulator refuses a code twice). */
function freshCode(key, used) {
  for (const d of [0, 30000, -30000, 60000]) {
    const c = totp(key, Date.now() + d);
    if (!used.has(c)) { used.add(c); return c; }
  }
  throw new Error('no unused code');
}

/**
 * The server's half of a device's SRP, as Cognito computes it for DEVICE_SRP_AUTH and
 * checks DEVICE_PASSWORD_VERIFIER, built from amazon-cognito-identity-js's helpers
 * (its N, g, k, padHex, u and HKDF): the verifier and salt are what ConfirmDevice registered.
 */
function deviceServer({ groupKey, deviceKey, verifierB64, saltB64 }) {
  const helper = new AuthenticationHelper(groupKey);
  // Modular powers with node's BigInt (the library's modPow is callback-style).
  const big = x => BigInt(`0x${x.toString(16)}`);
  const lib = x => new BigInteger(x.toString(16), 16);
  const pow = (base, e, m) => {
    let r = 1n;
    for (base %= m; e > 0n; e >>= 1n, base = (base * base) % m) if (e & 1n) r = (r * base) % m;
    return r;
  };
  const [N, g, k] = [big(helper.N), big(helper.g), big(helper.k)];
  const v = BigInt(`0x${hex(verifierB64)}`);
  const b = BigInt(`0x${randomBytes(128).toString('hex')}`);
  const B = (k * v + pow(g, b, N)) % N;
  const secretBlock = randomBytes(64).toString('base64');
  return {
    challenge: { SRP_B: B.toString(16), SALT: hex(saltB64), SECRET_BLOCK: secretBlock },
    /** The signature a client that knows the device password must send. */
    expectedSignature(srpA, timestamp) {
      const A = BigInt(`0x${srpA}`);
      const u = big(helper.calculateU(lib(A), lib(B)));
      const S = pow(A * pow(v, u, N), b, N);
      const key = helper.computehkdf(Buffer.from(helper.padHex(lib(S)), 'hex'), Buffer.from(helper.padHex(lib(u)), 'hex'));
      return createHmac('sha256', key)
        .update(Buffer.concat([Buffer.from(groupKey), Buffer.from(deviceKey), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp)]))
        .digest('base64');
    },
  };
}

test('a new device: confirmed with its own verifier, remembered on request, then it signs in without the code, listed, forgotten', async () => {
  const { username, key } = await userWithTotp();
  const used = new Set();
  const page = await app.browser.newPage();
  const prefix = `CognitoIdentityServiceProvider.${app.config.clientId}.${username}`;
  const device = { key: `us-east-1_${randomUUID()}`, group: `-${randomBytes(6).toString('base64url')}` };
  const sent = [];
  let remembered = null; // the device sign-in, once the device is remembered
  const sessions = [awsSession(), awsSession()]; // the device steps' Session values
  await page.route(app.config.endpoints.cognitoIdp, async route => {
    const request = route.request();
    const target = request.headers()['x-amz-target']?.split('.')[1];
    if (!target) return route.continue();
    const body = request.postDataJSON();
    sent.push({ target, body });
    const name = body.ChallengeName;
    const reply = (json, response) => fulfillAws(route, json, { response });
    if (target === 'RespondToAuthChallenge' && name === 'SOFTWARE_TOKEN_MFA' && !remembered) {
      // AWS's answer to a new device's sign-in: the tokens, and the device it now tracks.
      const response = await route.fetch();
      const json = await response.json();
      json.AuthenticationResult.NewDeviceMetadata = { DeviceKey: device.key, DeviceGroupKey: device.group };
      return reply(json, response);
    }
    if (target === 'ConfirmDevice') {
      // Stored by the emulator; AWS answers true when the pool leaves remembering to the user.
      const response = await route.fetch();
      return reply({ UserConfirmationNecessary: true }, response);
    }
    if (target === 'ListDevices') {
      // The emulator reports the remembered status beside the attributes; AWS as one of them.
      const response = await route.fetch();
      const json = await response.json();
      for (const d of json.Devices) {
        d.DeviceAttributes.push({ Name: 'dev:device_remembered_status', Value: d.DeviceRememberedStatus ?? 'not_remembered' });
        delete d.DeviceRememberedStatus;
      }
      return reply(json, response);
    }
    if (remembered && target === 'RespondToAuthChallenge' && name === 'PASSWORD_VERIFIER') {
      // The emulator asks this user for a code; AWS, for a remembered device, asks the
      // device instead. The code is answered here (for the tokens AWS would give).
      const response = await route.fetch();
      const mfa = await response.json();
      assert.equal(mfa.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      remembered.tokens = await cognito(app.config, 'RespondToAuthChallenge', {
        ClientId: app.config.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: mfa.Session,
        ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: freshCode(key, used) },
      });
      return reply({ ChallengeName: 'DEVICE_SRP_AUTH', Session: sessions[0], ChallengeParameters: {} }, response);
    }
    if (remembered && name === 'DEVICE_SRP_AUTH') {
      remembered.srpA = body.ChallengeResponses.SRP_A;
      return reply({
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: sessions[1],
        ChallengeParameters: { ...remembered.server.challenge, USERNAME: username, DEVICE_KEY: device.key },
      });
    }
    if (remembered && name === 'DEVICE_PASSWORD_VERIFIER') {
      const r = body.ChallengeResponses;
      const expected = remembered.server.expectedSignature(remembered.srpA, r.TIMESTAMP);
      if (r.PASSWORD_CLAIM_SIGNATURE !== expected) {
        return fulfillAwsError(route, 'NotAuthorizedException', 'Incorrect username or password.');
      }
      return reply(remembered.tokens);
    }
    return route.continue();
  });

  // First sign-in from this browser: the password, the app's code, then the question.
  await signIn(page, app.server.url, username);
  await page.getByLabel('Code').fill(freshCode(key, used));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Remember this device?' }).waitFor();

  // ConfirmDevice: the device key, a name, and the verifier of the device's own password.
  const confirm = sent.find(s => s.target === 'ConfirmDevice').body;
  assert.equal(confirm.DeviceKey, device.key);
  assert.match(confirm.DeviceName, /Chrome|HeadlessChrome/);
  assert.ok(confirm.AccessToken);
  const stored = await page.evaluate(p => ({
    key: localStorage.getItem(`${p}.deviceKey`), group: localStorage.getItem(`${p}.deviceGroupKey`), password: localStorage.getItem(`${p}.randomPasswordKey`),
  }), prefix);
  assert.deepEqual([stored.key, stored.group], [device.key, device.group]);
  const passwordBytes = Buffer.from(stored.password, 'base64');
  assert.equal(passwordBytes.length, 40);
  // The same verifier from amazon-cognito-identity-js's generateHashDevice, fed the same
  // randomness (the password's 40 bytes, the salt's 16; the library draws 32-bit words
  // and reads them big-endian, so each word's bytes go in reversed).
  const saltBytes = Buffer.from(confirm.DeviceSecretVerifierConfig.Salt, 'base64').subarray(-16);
  const helper = new AuthenticationHelper(device.group);
  const asWords = bytes => Buffer.from(bytes).swap32();
  withRandomness(Buffer.concat([asWords(passwordBytes), asWords(saltBytes)]), () => helper.generateHashDevice(device.group, device.key, e => { if (e) throw e; }));
  assert.equal(helper.getRandomPassword(), stored.password);
  assert.equal(Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'), confirm.DeviceSecretVerifierConfig.PasswordVerifier);
  assert.equal(Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'), confirm.DeviceSecretVerifierConfig.Salt);

  // amazon-cognito-identity-js finds the same device under its own keys.
  const copy = new Map(Object.entries(await page.evaluate(() => ({ ...localStorage }))));
  const memory = { getItem: k => copy.get(k) ?? null, setItem: (k, v) => copy.set(k, String(v)), removeItem: k => copy.delete(k), clear: () => copy.clear() };
  const jsUser = new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: app.config.userPoolId, ClientId: app.config.clientId, Storage: memory }), Storage: memory });
  jsUser.getCachedDeviceKeyAndPassword();
  assert.deepEqual([jsUser.deviceKey, jsUser.deviceGroupKey, jsUser.randomPassword], [device.key, device.group, stored.password]);

  await page.getByRole('button', { name: 'Remember this device' }).click();
  await page.waitForURL(/\/objects$/);
  const update = sent.find(s => s.target === 'UpdateDeviceStatus').body;
  assert.deepEqual([update.DeviceKey, update.DeviceRememberedStatus], [device.key, 'remembered']);

  // The account view lists it as this browser's, remembered.
  await page.goto(`${app.server.url}account`);
  const row = page.locator('table.devices tr', { hasText: '(this browser)' });
  await row.getByText('Remembered', { exact: true }).waitFor();

  // Signed out and in again: the device key goes with both steps, the device answers
  // its SRP step (checked by the node server), and no code is asked for.
  await page.goto(`${app.server.url}objects`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin$/);
  assert.equal(await page.evaluate(p => localStorage.getItem(`${p}.deviceKey`), prefix), device.key, 'signing out keeps the device');
  remembered = { server: deviceServer({ groupKey: device.group, deviceKey: device.key, verifierB64: confirm.DeviceSecretVerifierConfig.PasswordVerifier, saltB64: confirm.DeviceSecretVerifierConfig.Salt }) };
  const before = sent.length;
  await signIn(page, app.server.url, username);
  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(username).waitFor();
  const second = sent.slice(before);
  assert.deepEqual(second.filter(s => s.target !== 'GetCredentialsForIdentity' && s.target !== 'GetId').map(s => s.body.ChallengeName ?? s.target),
    ['InitiateAuth', 'PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
  assert.equal(second[0].body.AuthParameters.DEVICE_KEY, device.key);
  assert.equal(second[1].body.ChallengeResponses.DEVICE_KEY, device.key);
  for (const step of second.slice(2, 4)) {
    assert.equal(step.body.ChallengeResponses.USERNAME, username);
    assert.equal(step.body.ChallengeResponses.DEVICE_KEY, device.key);
  }
  assert.equal(second[2].body.Session, sessions[0]);
  assert.equal(second[3].body.Session, sessions[1]);
  assert.equal(await page.getByLabel('Code').count(), 0, 'no code was asked for');

  // Forgotten from the account view: gone from the list, and from this browser.
  await page.goto(`${app.server.url}account`);
  await row.getByRole('button', { name: 'Forget' }).click();
  await page.locator('#no-devices').waitFor();
  assert.equal(sent.find(s => s.target === 'ForgetDevice').body.DeviceKey, device.key);
  assert.equal(await page.evaluate(p => localStorage.getItem(`${p}.deviceKey`), prefix), null);
  await page.close();
});

test('a remembered device the pool no longer knows is forgotten here, and the next sign-in asks for the code', async () => {
  const { username, key } = await userWithTotp();
  const used = new Set();
  const page = await app.browser.newPage();
  const prefix = `CognitoIdentityServiceProvider.${app.config.clientId}.${username}`;
  await page.goto(`${app.server.url}signin`);
  await page.evaluate(p => {
    localStorage.setItem(`${p}.deviceKey`, 'us-east-1_forgotten-elsewhere');
    localStorage.setItem(`${p}.deviceGroupKey`, '-group');
    localStorage.setItem(`${p}.randomPasswordKey`, 'cGFzc3dvcmQ=');
  }, prefix);
  const sent = [];
  await page.route(app.config.endpoints.cognitoIdp, async route => {
    const body = route.request().postDataJSON();
    sent.push(body?.ChallengeName ?? route.request().headers()['x-amz-target']?.split('.')[1]);
    if (body?.ChallengeName === 'PASSWORD_VERIFIER') {
      // AWS, for a device key it knows: the device's step (emulator-gap 23).
      const response = await route.fetch();
      return fulfillAws(route, { ChallengeName: 'DEVICE_SRP_AUTH', Session: awsSession(), ChallengeParameters: {} }, { response });
    }
    if (body?.ChallengeName === 'DEVICE_SRP_AUTH') {
      // AWS's answer once the device was forgotten (on another device, or by an administrator).
      return fulfillAwsError(route, 'ResourceNotFoundException', 'Device does not exist.');
    }
    return route.continue();
  });
  await signIn(page, app.server.url, username);
  await page.getByRole('alert').getByText('This browser is no longer a remembered device of your account. Please sign in again.').waitFor();
  assert.equal(await page.evaluate(p => localStorage.getItem(`${p}.deviceKey`), prefix), null, 'forgotten here');
  await page.unroute(app.config.endpoints.cognitoIdp);
  await signIn(page, app.server.url, username);
  await page.getByLabel('Code').fill(freshCode(key, used));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/objects$/);
  assert.ok(sent.includes('DEVICE_SRP_AUTH'));
  await page.close();
});
