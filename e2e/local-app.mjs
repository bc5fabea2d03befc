// What the end-to-end tests against the local AWS emulator share: its config
// (written by scripts/local-aws.sh), the built app served on the port the data
// bucket's CORS rules allow, a browser, and the code the emulator "emailed".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch } from './browser.mjs';
import { serve } from './serve.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;
const CONFIG_PATH = process.env.LOCAL_AWS_CONFIG ?? new URL('../.tools/local-aws/config.json', import.meta.url).pathname;
/** Allowed by the data bucket's CORS rules (scripts/local-aws.sh). */
const APP_PORT = 8091;

/** The emulator's config.json. */
export function localConfig() {
  return JSON.parse(readFileSync(CONFIG_PATH, 'utf8'));
}

/** The built app on the allowed port, and a browser (`close` ends both). */
export async function startLocalApp(browserArgs = []) {
  const config = localConfig();
  const server = await serve(DIST, { configJson: JSON.stringify(config), port: APP_PORT });
  const browser = await launch(browserArgs);
  return { config, server, browser, close: async () => { await browser.close(); server.close(); } };
}

/** The code the emulator would have emailed to `username` (sign-up or password reset). */
export async function emailedCode(config, username) {
  const r = await fetch(`${config.endpoints.cognitoIdp}_fakecloud/cognito/confirmation-codes/${config.userPoolId}/${username}`);
  const body = await r.json();
  assert.ok(body.confirmationCode, `no code for ${username}: ${JSON.stringify(body)}`);
  return body.confirmationCode;
}
