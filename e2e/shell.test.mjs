// The release build loads and renders in headless Chromium without console errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

// Where the main file's parts are: the first module, then SRP's module and the
// sign-in's module with their chunks (scripts/bundle.py).
const BUNDLE = JSON.parse(readFileSync(new URL('../target/split/bundle.json', import.meta.url), 'utf8'));
// The end of SRP's module in the main file (its chunks come before it).
const SRP_END = BUNDLE.head + Object.entries(BUNDLE.parts)
  .filter(([name]) => name.startsWith('split_srp-')).map(([, [at, length]]) => at + length)[0];

/**
 * Holds back every module loaded on demand. The sign-in's modules come in the
 * main file after the first module: the file's first request is answered with
 * its first `cut` bytes only (the first module's, unless told), so the loader asks
 * for the file again for the rest; that request, and every other module's, waits
 * in `held` until `release()`. `asked()`: the paths asked for and held.
 */
async function holdBackModules(page, cut = BUNDLE.head) {
  const held = [];
  let answered = false;
  let released = false;
  await page.route(/\/cognito-app-[0-9a-f]+_bg\.wasm$/, async route => {
    if (answered) return released ? route.continue() : held.push(route);
    answered = true;
    const body = (await (await route.fetch()).body()).subarray(0, cut);
    return route.fulfill({ status: 200, contentType: 'application/wasm', body });
  });
  await page.route(/\/(split|chunk)_[a-z_0-9]+-[0-9a-f]+\.wasm$/, route => (released ? route.continue() : held.push(route)));
  return {
    asked: () => held.map(route => wasmName(route.request().url())),
    release: async () => {
      released = true;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

let browser;
before(async () => { browser = await launch(); });
/** Closes every page, before the test's server goes: a load still under way would fail after the test. */
const closePages = () => Promise.all(browser.contexts().map(c => c.close()));
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
    // The whole load, to its end (the sign-in's module, then the other ways in), without a problem.
    await signInReady(page);
    await page.locator('.ways-in').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(problems, []);
  } finally {
    await closePages();
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
    await closePages();
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
    const modules = await holdBackModules(page);
    await page.goto(`${server.url}signin`);
    await page.getByLabel('Username').fill('someone');
    await page.getByLabel('Password').fill('Correct-Horse-9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.ok(modules.asked().includes('/cognito-app'), `the sign-in module was asked for, and held back: ${modules.asked()}`);
    await modules.release();
    const alert = page.getByRole('alert');
    await page.getByRole('heading', { name: 'This app is not configured yet' }).waitFor({ timeout: 15000 });
    assert.match(await alert.first().innerText(), /config\.json: endpoints\.cognitoIdp may name only this computer \(an emulator\) or an AWS domain\./);
    assert.equal(await page.getByLabel('Password').count(), 0, 'the form is gone');
    assert.deepEqual(toAttacker, [], 'nothing was sent to the refused host');
    assert.deepEqual(problems, [], 'nor tried (the policy would have refused it, and said so)');
    await page.close();
  } finally {
    await closePages();
    server.close();
  }
});

const wasmName = url => new URL(url).pathname.replace(/-[0-9a-f]+(_bg)?\.wasm$/, '');
const signInReady = page => page.waitForFunction(() => performance.getEntriesByName('sign-in-ready').length > 0, null, { timeout: 15000 });

test('/signin paints from the first module alone, and takes typing while the rest is held back', async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page, problems } = await newPage(browser);
    // Every module but the first: requested, never answered (the sign-in's, after
    // the first module in the same file, cut off).
    const modules = await holdBackModules(page);
    await page.goto(`${server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    await page.getByLabel('Username').fill('someone');
    await page.getByLabel('Password', { exact: true }).fill('a password');
    assert.equal(await page.getByLabel('Username').inputValue(), 'someone');
    // The sign-in's module was wanted as soon as the form was shown, before any click
    // (here its part of the file was cut off, so the loader asks for the file again).
    for (let i = 0; i < 150 && !modules.asked().includes('/cognito-app'); i++) await new Promise(r => setTimeout(r, 100));
    assert.deepEqual(modules.asked(), ['/cognito-app'], `only the sign-in module is wanted while the form waits: ${modules.asked()}`);
    assert.deepEqual(problems, []);
  } finally {
    await closePages();
    server.close();
  }
});

test("SRP's A is computed from its module, first after the first module, while the sign-in's module is held back", async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page, problems } = await newPage(browser);
    const modules = await holdBackModules(page, SRP_END);
    await page.goto(`${server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    await page.waitForFunction(() => performance.getEntriesByName('sign-in-a-ready').length > 0, null, { timeout: 15000 });
    // The rest of the file (the sign-in's module) is asked for again and held: not ready.
    for (let i = 0; i < 150 && !modules.asked().includes('/cognito-app'); i++) await new Promise(r => setTimeout(r, 100));
    assert.deepEqual(modules.asked(), ['/cognito-app'], `the rest of the main file is wanted: ${modules.asked()}`);
    assert.equal(await page.evaluate(() => performance.getEntriesByName('sign-in-ready').length), 0);
    await modules.release();
    await signInReady(page);
    assert.deepEqual(problems, []);
  } finally {
    await closePages();
    server.close();
  }
});

test('the release build is split: /signin fetches the first module with the sign-in module behind it, then the other ways in, before any click; other pages on demand', async () => {
  const server = await serve(DIST, { configJson: CONFIG });
  try {
    const { page, problems } = await newPage(browser);
    const wasm = [];
    page.on('request', r => r.url().endsWith('.wasm') && wasm.push(wasmName(r.url())));
    await page.goto(`${server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
    await signInReady(page);
    await page.locator('.ways-in').waitFor({ state: 'attached' });
    // The first module's file holds the sign-in's module too, after it (scripts/bundle.py);
    // then the other ways in and the bar's links, once signing in is loaded.
    assert.equal(wasm[0], '/cognito-app', `the first module first: ${wasm}`);
    assert.equal(wasm.filter(p => p === '/cognito-app').length, 1, `the main file once: ${wasm}`);
    const modules = wasm.filter(p => p.startsWith('/split_'));
    assert.deepEqual(modules, ['/split_signin_more'], `at /signin, before any click: ${wasm}`);
    assert.ok(wasm.slice(1).every(p => /^\/(split|chunk)_/.test(p)), `${wasm}`);

    await page.getByRole('link', { name: 'Register' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    assert.ok(wasm.includes('/split_signup'), `the sign-up module on demand: ${wasm}`);
    assert.ok(!wasm.some(p => p.includes('split_objects')), 'not the objects module');
    assert.deepEqual(problems, []);
  } finally {
    await closePages();
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
    await closePages();
    server.close();
  }
});
