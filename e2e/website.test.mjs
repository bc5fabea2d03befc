// The app as hosted: deployed by `scripts/deploy.sh --local` to the emulator's
// website bucket and loaded from its S3 website endpoint, as users of the real
// deployment load it. Chromium resolves *.amazonaws.com to the local edge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, launch, newPage } from './browser.mjs';
import { emailedCode, localConfig } from './local-app.mjs';

const SITE = 'http://cognito-demo-site.s3-website-us-east-1.amazonaws.com/';
const PASSWORD = 'Correct-Horse-42';

let browser;
let config;
before(async () => {
  config = localConfig();
  const edge = new URL(config.endpoints.cognitoIdp).host; // 127.0.0.1:4566
  browser = await launch([`--host-resolver-rules=MAP *.amazonaws.com ${edge}`]);
});
after(async () => { await browser?.close(); });

test('the app loaded from the S3 website endpoint: register, verify, sign in, list', async () => {
  const { page, problems } = await newPage(browser);
  const username = `site${Date.now()}`;
  await page.goto(SITE);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 15000 });
  assert.equal(new URL(page.url()).host, new URL(SITE).host);

  await page.getByRole('link', { name: 'Register' }).click();
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(/\/verify$/);

  await page.getByLabel('Verification code').fill(await emailedCode(config, username));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/signin$/);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/objects$/);

  await page.getByLabel('Prefix').fill('public/docs/');
  await page.getByRole('button', { name: 'List objects' }).click();
  await page.locator('table.objects').getByText('public/docs/fish & chips.txt', { exact: true }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}website-objects.png`, fullPage: true });
  assert.deepEqual(problems, []);

  // A deep link is answered with the error document (index.html), and the app routes it.
  await page.goto(`${SITE}objects`);
  await page.locator('#who-username').getByText(username).waitFor();
});
