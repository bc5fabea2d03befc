// The release build loads and renders in headless Chromium without console errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, launch, newPage } from './browser.mjs';
import { serve } from './serve.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;
const CONFIG = JSON.stringify({
  region: 'us-east-1',
  userPoolId: 'us-east-1_Example',
  clientId: 'exampleclient',
  identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
  bucket: 'example-bucket',
});

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the configured app starts at sign-in with no console errors', async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page, problems } = await newPage(browser);
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, '/signin');
    assert.equal(await page.locator('h1').innerText(), 'Cognito demo');
    await page.screenshot({ path: `${ARTIFACTS}shell.png`, fullPage: true });
    assert.deepEqual(problems, []);
  } finally {
    server.close();
  }
});

test('without config.json the app explains how to configure it', async () => {
  const server = await serve(DIST, { configJson: null });
  try {
    const { page } = await newPage(browser);
    await page.goto(server.url);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 15000 });
    assert.match(await alert.innerText(), /no config\.json next to index\.html/);
    await page.screenshot({ path: `${ARTIFACTS}setup-page.png`, fullPage: true });
  } finally {
    server.close();
  }
});

test('the release build is split by route: sign-in loads one module, other pages theirs on demand', async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page, problems } = await newPage(browser);
    const wasm = [];
    page.on('request', r => r.url().endsWith('.wasm') && wasm.push(new URL(r.url()).pathname));
    await page.goto(`${server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    assert.equal(wasm.length, 1, `only the main module at /signin: ${wasm}`);
    assert.match(wasm[0], /^\/cognito-app-[0-9a-f]+_bg\.wasm$/);

    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    assert.ok(wasm.some(p => /^\/split_signup-[0-9a-f]+\.wasm$/.test(p)), `the sign-up module on demand: ${wasm}`);
    assert.ok(!wasm.some(p => p.includes('split_objects')), 'not the objects module');
    assert.deepEqual(problems, []);
  } finally {
    server.close();
  }
});

test('a page whose module cannot be loaded says so, and the app goes on', async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page } = await newPage(browser);
    await page.route(/\/split_recovery-[0-9a-f]+\.wasm$/, route => route.abort('internetdisconnected'));
    await page.goto(`${server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('alert').getByText('This page could not be loaded. Check your connection, then reload the page.').waitFor();
    // The rest of the app still works: back to sign-in.
    await page.goBack();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  } finally {
    server.close();
  }
});
