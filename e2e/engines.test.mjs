// The main journey in every browser engine users sign in from: Chromium,
// Firefox ESR and WebKit (Safari's engine), each through its own WebDriver
// (e2e/webdriver.mjs), on the release (split) build against the local AWS
// emulator: register → emailed code → sign in → reload → list → a page loaded
// on demand → sign out, with the session's storage checked at each step.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { emailedCode, localConfig, PASSWORD, serveApp, unique } from './local-app.mjs';
import { Session } from './webdriver.mjs';

const config = localConfig();
let server;
before(async () => { server = await serveApp(config); });
after(() => server?.close());

/** The button whose text is `name`. */
const button = name => `//button[normalize-space()='${name}']`;
/** This app's keys in localStorage (the session and its user's). */
const storedKeys = browser => browser.run(
  'return Object.keys(localStorage).filter(k => k.startsWith("CognitoIdentityServiceProvider."))');

for (const engine of ['chromium', 'firefox', 'webkit']) {
  test(`the journey in ${engine}`, async t => {
    const browser = await Session.start(engine);
    console.log(`    ${engine}: ${browser.version}`);
    try {
      await journey(browser);
    } finally {
      await browser.close();
    }
  });
}

async function journey(browser) {
  const username = unique('engine');
  const email = `${username}@example.com`;
  await browser.goto(`${server.url}register`);
  await browser.type('#email', email);
  await browser.type('#username', username);
  await browser.type('#password', PASSWORD);
  await browser.type('#confirm-password', PASSWORD);
  await browser.click(button('Register'));
  await browser.untilPath('/verify');

  await browser.type('#code', await emailedCode(config, username));
  await browser.click(button('Verify'));
  await browser.untilPath('/signin');
  await browser.untilText('verified');
  assert.equal(await browser.run('return document.querySelector("#username").value'), username);
  assert.deepEqual(await storedKeys(browser), [], 'nothing stored before signing in');

  await browser.type('#password', PASSWORD);
  await browser.click(button('Sign in'));
  await browser.untilPath('/objects');
  await browser.until(async () => (await browser.text('#who-username')) === username, 'the header names the user');
  const prefix = `CognitoIdentityServiceProvider.${config.clientId}`;
  const keys = await storedKeys(browser);
  for (const k of ['LastAuthUser', `${username}.idToken`, `${username}.accessToken`, `${username}.refreshToken`]) {
    assert.ok(keys.includes(`${prefix}.${k}`), `${k} stored: ${keys}`);
  }

  // A reload keeps the session.
  await browser.refresh();
  await browser.until(async () => (await browser.text('#who-username')) === username, 'still signed in after a reload');

  // List the seeded keys under public/docs/ (S3 ListObjectsV2, SigV4-signed in the page).
  await browser.type('#prefix', 'public/docs/');
  await browser.click(button('List objects'));
  await browser.untilText('fish & chips.txt');
  await browser.untilText('résumé – ünïcødé 日本語.txt');

  // A page whose module is loaded on demand: the profile (GetUser).
  await browser.goto(`${server.url}account`);
  await browser.until(async () => (await browser.text('#profile-email')) === email, 'the profile shows the email');

  // Sign out (on the objects view): back to the sign-in view, nothing of the session left.
  await browser.goto(`${server.url}objects`);
  await browser.click(button('Sign out'));
  await browser.untilPath('/signin');
  await browser.untilText('You are signed out.');
  assert.deepEqual(await storedKeys(browser), [], 'the session is gone from storage');
  await browser.refresh();
  await browser.find('#password');
  assert.equal(new URL(await browser.url()).pathname, '/signin', 'still signed out after a reload');
}
