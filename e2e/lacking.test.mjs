// Browsers without something the app uses (older engines, site data blocked):
// the app works where it can do without, and says so in a sentence where it
// cannot, instead of breaking. Headless Chromium with the feature taken away
// before the page's own scripts run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectProblems, newPage } from './browser.mjs';
import { newUser, signIn, useLocalApp } from './local-app.mjs';

const app = useLocalApp();

test('without AbortSignal.timeout (Safari before 16) requests still have their deadline, and signing in works', async () => {
  const { page, problems } = await newPage(app.browser);
  await page.addInitScript(() => { delete AbortSignal.timeout; });
  const username = await newUser(app.config, 'nots');
  await signIn(page, app.server.url, username);
  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(username).waitFor();
  assert.equal(await page.evaluate(() => 'timeout' in AbortSignal), false);
  assert.deepEqual(problems, []);
});

test('with site data blocked (localStorage throws) the app starts, and signing in says it cannot be kept', async () => {
  const { page, problems } = await newPage(app.browser);
  await page.addInitScript(() => Object.defineProperty(window, 'localStorage', {
    get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
  }));
  const username = await newUser(app.config, 'nostore');
  await signIn(page, app.server.url, username);
  await page.getByRole('alert').getByText('This browser refused to save your sign-in (its storage is full or turned off).').waitFor();
  assert.match(page.url(), /\/signin$/);
  assert.deepEqual(problems, [], 'no panic, no uncaught error');
});

test('without WebAssembly the page says what it needs (after a moment, without any script)', async () => {
  const { page } = await newPage(app.browser);
  expectProblems(/WebAssembly is not defined/); // the app's start, failing as this test means it to
  await page.addInitScript(() => { delete globalThis.WebAssembly; });
  await page.goto(`${app.server.url}signin`);
  const sentence = page.getByText('This page needs a browser with JavaScript and WebAssembly turned on.');
  await sentence.waitFor({ timeout: 15000 });
  assert.equal(await page.getByRole('button', { name: 'Sign in' }).count(), 0);
});

test('where the app starts, that sentence is never shown', async () => {
  const { page, problems } = await newPage(app.browser);
  await page.goto(`${app.server.url}signin`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.waitForTimeout(6500); // past the moment the sentence would appear
  assert.equal(await page.getByText('This page needs a browser with JavaScript').isVisible(), false);
  assert.deepEqual(problems, []);
});
