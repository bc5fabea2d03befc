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
