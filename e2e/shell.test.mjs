// The release build loads and renders in headless Chromium without console errors.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, launch, newPage, expectProblems } from './browser.mjs';
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

test('a config.json that only the full check refuses: the form is sent before the check, and no request leaves for its host', async () => {
  // The first paint reads four fields only; the whole file is checked in the
  // sign-in's module, which is held back here until the form has been sent.
  const config = JSON.stringify({ ...JSON.parse(CONFIG), endpoints: { cognitoIdp: 'https://cognito-idp.attacker.example/' } });
  const server = await serve(DIST, { configJson: config });
  try {
    // problems: a console error, such as the page's policy refusing a connection
    // (an attempt to reach the refused host) or a panic.
    const { page, problems } = await newPage(browser);
    const toAttacker = [];
    page.on('request', r => { if (new URL(r.url()).hostname.endsWith('attacker.example')) toAttacker.push(r.url()); });
    // Held back until the form has been sent, then let through.
    const held = [];
    let release = false;
    await page.route(/\/(split|chunk)_[a-z_0-9]+-[0-9a-f]+\.wasm$/, route => (release ? route.continue() : held.push(route)));
    await page.goto(`${server.url}signin`);
    await page.getByLabel('Username').fill('someone');
    await page.getByLabel('Password').fill('Correct-Horse-9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.ok(held.length > 0, 'the sign-in module was asked for, and held back');
    release = true;
    for (const route of held) await route.continue();
    const alert = page.getByRole('alert');
    await page.getByRole('heading', { name: 'This app is not configured yet' }).waitFor({ timeout: 15000 });
    assert.match(await alert.first().innerText(), /config\.json: endpoints\.cognitoIdp may name only this computer \(an emulator\) or an AWS domain\./);
    assert.equal(await page.getByLabel('Password').count(), 0, 'the form is gone');
    assert.deepEqual(toAttacker, [], 'nothing was sent to the refused host');
    assert.deepEqual(problems, [], 'nor tried (the policy would have refused it, and said so)');
    await page.close();
  } finally {
    server.close();
  }
});

const wasmName = url => new URL(url).pathname.replace(/-[0-9a-f]+(_bg)?\.wasm$/, '');
const signInReady = page => page.waitForFunction(() => performance.getEntriesByName('sign-in-ready').length > 0, null, { timeout: 15000 });

test('/signin paints from the first module alone, and takes typing while the rest is held back', async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page, problems } = await newPage(browser);
    const held = [];
    // Every module but the first: requested, never answered.
    await page.route(/\/(split|chunk)_[a-z_0-9]+-[0-9a-f]+\.wasm$/, route => { held.push(wasmName(route.request().url())); });
    await page.goto(`${server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    await page.getByLabel('Username').fill('someone');
    await page.getByLabel('Password', { exact: true }).fill('a password');
    assert.equal(await page.getByLabel('Username').inputValue(), 'someone');
    // The sign-in's module was asked for as soon as the form was shown, before any click.
    for (let i = 0; i < 150 && !held.includes('/split_signin'); i++) await new Promise(r => setTimeout(r, 100));
    assert.ok(held.includes('/split_signin'), `the sign-in module is fetched while the form waits: ${held}`);
    assert.deepEqual(problems, []);
  } finally {
    server.close();
  }
});

test('the release build is split: /signin fetches the first module, then the sign-in module before any click; other pages on demand', async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page, problems } = await newPage(browser);
    const wasm = [];
    page.on('request', r => r.url().endsWith('.wasm') && wasm.push(wasmName(r.url())));
    await page.goto(`${server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    await signInReady(page);
    assert.equal(wasm[0], '/cognito-app', `the first module first: ${wasm}`);
    const modules = wasm.filter(p => p.startsWith('/split_'));
    assert.deepEqual(modules, ['/split_signin'], `at /signin, before any click, only the sign-in module: ${wasm}`);
    assert.ok(wasm.slice(1).every(p => /^\/(split|chunk)_/.test(p)), `${wasm}`);

    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    assert.ok(wasm.includes('/split_signup'), `the sign-up module on demand: ${wasm}`);
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
    // The module this test keeps from loading (and the loader's report of it).
    expectProblems(/ERR_INTERNET_DISCONNECTED/, /TypeError: Failed to fetch/);
    await page.route(/\/split_signup-[0-9a-f]+\.wasm$/, route => route.abort('internetdisconnected'));
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
