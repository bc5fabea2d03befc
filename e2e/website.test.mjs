// The app as hosted: deployed by `scripts/deploy.sh --local` to the emulator's
// website bucket and loaded from its S3 website endpoint, as users of the real
// deployment load it. Chromium resolves *.amazonaws.com to the local edge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, launch, newPage } from './browser.mjs';
import { localConfig, registerVerifySignIn } from './local-app.mjs';

const SITE = 'http://cognito-demo-site.s3-website-us-east-1.amazonaws.com/';

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

  await registerVerifySignIn(page, config, username);

  await page.getByLabel('Prefix').fill('public/docs/');
  await page.getByRole('button', { name: 'List objects' }).click();
  await page.locator('table.objects').getByText('fish & chips.txt', { exact: true }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}website-objects.png`, fullPage: true });
  assert.deepEqual(problems, []);

  // A deep link is answered with the error document (index.html), and the app routes it.
  await page.goto(`${SITE}objects`);
  await page.locator('#who-username').getByText(username).waitFor();
});
