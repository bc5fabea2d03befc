// What the end-to-end tests against the local AWS emulator share: its config
// (written by scripts/local-aws.sh), the built app served on the port the data
// bucket's CORS rules allow, a browser, and the code the emulator "emailed".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before } from 'node:test';
import { launch } from './browser.mjs';
import { fulfillAws } from './contract.mjs';
import { PASSWORD, fillRegister, fillSignIn, verify } from './forms.mjs';
import { serve } from './serve.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;
const CONFIG_PATH = process.env.LOCAL_AWS_CONFIG ?? new URL('../.tools/local-aws/config.json', import.meta.url).pathname;
/** Allowed by the data bucket's CORS rules (scripts/local-aws.sh, the same LOCAL_APP_PORT). */
const APP_PORT = Number(process.env.LOCAL_APP_PORT ?? 8091);

/** The emulator's config.json. */
export function localConfig() {
  return JSON.parse(readFileSync(CONFIG_PATH, 'utf8'));
}

/**
 * The built app (dist/) with `config` as its config.json, on the port the data
 * bucket's CORS rules allow (one such server at a time).
 */
export function serveApp(config, { html } = {}) {
  return serve(DIST, { configJson: JSON.stringify(config), port: APP_PORT, html });
}

/** The built app on the allowed port, and a browser (`close` ends both). */
export async function startLocalApp(browserArgs = []) {
  const config = localConfig();
  const server = await serveApp(config);
  const browser = await launch(browserArgs);
  return { config, server, browser, close: async () => { await browser.close(); server.close(); } };
}

/**
 * For a test file: the local app started before its tests and closed after them.
 * The returned object gets `config`, `server`, `browser` when the tests start.
 */
export function useLocalApp(browserArgs = []) {
  const app = {};
  before(async () => { Object.assign(app, await startLocalApp(browserArgs)); });
  after(async () => { await app.close?.(); });
  return app;
}

/** The code the emulator would have emailed to `username` (sign-up or password reset). */
export async function emailedCode(config, username) {
  const r = await fetch(`${config.endpoints.cognitoIdp}_fakecloud/cognito/confirmation-codes/${config.userPoolId}/${username}`);
  const body = await r.json();
  assert.ok(body.confirmationCode, `no code for ${username}: ${JSON.stringify(body)}`);
  return body.confirmationCode;
}

export { PASSWORD, signIn, unique } from './forms.mjs';

/** The answer to a Cognito JSON call as the browser makes it (unsigned; client id or token in the body). */
async function cognitoAnswer(config, target, body, service) {
  const r = await fetch(config.endpoints.cognitoIdp, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${service}.${target}` },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: JSON.parse(text || '{}'), text };
}

/**
 * A user pool API call (or, with `service` AWSCognitoIdentityService, an identity
 * pool one) that must succeed; its answer.
 */
export async function cognito(config, target, body, service = 'AWSCognitoIdentityProviderService') {
  const r = await cognitoAnswer(config, target, body, service);
  assert.ok(r.status >= 200 && r.status < 300, `${target}: ${r.status} ${r.text}`);
  return r.body;
}

/** GetTokensFromRefreshToken with `token`, as any holder of a copy could send it: status and answer. */
export async function refreshWith(config, token) {
  const { status, body } = await cognitoAnswer(config, 'GetTokensFromRefreshToken',
    { ClientId: config.clientId, RefreshToken: token }, 'AWSCognitoIdentityProviderService');
  return { status, body };
}

/** A registered, verified user, created through the API (the UI flow has its own tests). */
export async function newUser(config, prefix = 'acct') {
  const username = `${prefix}${Date.now()}${Math.floor(Math.random() * 1e6)}`;
  await cognito(config, 'SignUp', {
    ClientId: config.clientId, Username: username, Password: PASSWORD,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  await cognito(config, 'ConfirmSignUp', { ClientId: config.clientId, Username: username, ConfirmationCode: await emailedCode(config, username) });
  return username;
}

/**
 * From the sign-in view: register `username` (email <username>@example.com), enter the
 * code the emulator "emailed", sign in; ends on the objects view.
 */
export async function registerVerifySignIn(page, config, username) {
  await page.getByRole('link', { name: 'Register' }).click();
  await registerHere(page, config, username);
}

/** The same from the registration view itself. */
export async function registerHere(page, config, username) {
  await fillRegister(page, username);
  await page.waitForURL(/\/verify$/);
  await verify(page, await emailedCode(config, username));
  await page.waitForURL(/\/signin$/);
  await fillSignIn(page, username);
  await page.waitForURL(/\/objects$/);
}

/** The `aws` CLI against the emulator (administrator calls are SigV4-signed). */
export function awsLocal(config, args) {
  const out = execFileSync('aws', ['--endpoint-url', config.endpoints.cognitoIdp, '--output', 'json', ...args], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: config.region, AWS_PAGER: '' },
    encoding: 'utf8',
  });
  return out.trim() ? JSON.parse(out) : {};
}

/** Answers an intercepted user pool call with an AWS error (a recorded answer of AWS). */
export function fulfillAwsError(route, type, message) {
  return fulfillAws(route, { __type: type, message }, { status: 400 });
}

/**
 * A challenge `Session` as AWS makes them: an opaque token of several hundred
 * characters (the model: 20 to 2048), different each time.
 */
export function awsSession() {
  return `AYABe${randomBytes(420).toString('base64')}`;
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 key, as an authenticator app computes it. */
export function totp(base32, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map(b => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1e6).padStart(6, '0');
}

/** A 6-digit code that is not valid now (nor in the neighbouring windows). */
export function wrongCode(base32) {
  const valid = [-30000, 0, 30000].map(d => totp(base32, Date.now() + d));
  return ['000000', '111111', '222222', '333333'].find(c => !valid.includes(c));
}

/**
 * Tokens for `username` without SRP: the emulator's hosted sign-in (its
 * /oauth2/authorize takes the password on the query) and /oauth2/token, with PKCE.
 */
export async function hostedTokens(config, username, password = PASSWORD) {
  const verifier = randomBytes(32).toString('base64url');
  const redirect = `http://127.0.0.1:${APP_PORT}/callback`;
  const authorize = new URL('oauth2/authorize', config.hostedUi.domain + '/');
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: config.clientId, redirect_uri: redirect, scope: 'openid aws.cognito.signin.user.admin',
    state: 's', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', username, password,
  })) authorize.searchParams.set(k, v);
  const r = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(r.headers.get('location')).searchParams.get('code');
  assert.ok(code, `no code: ${r.status} ${r.headers.get('location')}`);
  const t = await fetch(new URL('oauth2/token', config.hostedUi.domain + '/'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: redirect, code_verifier: verifier }),
  });
  const tokens = await t.json();
  assert.ok(tokens.access_token, JSON.stringify(tokens));
  return tokens;
}
