// Threat protection's context data (issue "Security, round two", item 5): with the
// pool's threat protection on (config.json `threatProtection`), the page loads Cognito's
// collector script, which the build's policy names then only, and sends its
// `UserContextData.EncodedData` with the sign-up, confirmation, sign-in and
// password-reset requests; with it off, no script and no field.
//
// Cognito's script (amazon-cognito-assets.<region>.amazoncognito.com) cannot be reached
// from a machine without internet: the test answers its URL with a stand-in that
// defines what the real one defines (`AmazonCognitoAdvancedSecurityData.getData(username,
// userPoolId, clientId)`, a string), so the app's side is what is tested. The
// requests go to the emulator, which accepts the field and ignores it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expectProblems, launch } from './browser.mjs';
import { emailedCode, localConfig, registerHere, registerVerifySignIn, serveApp, unique } from './local-app.mjs';

const COLLECTOR = /^https:\/\/amazon-cognito-assets\.([a-z0-9-]+)\.amazoncognito\.com\/amazon-cognito-advanced-security-data\.min\.js$/;
const STAND_IN = `window.AmazonCognitoAdvancedSecurityData = {
  getData: (username, userPoolId, clientId) => 'ctx.' + btoa(JSON.stringify([username, userPoolId, clientId])),
};`;
const DIST_INDEX = new URL('../dist/index.html', import.meta.url).pathname;

/** The build's policy for `config` (scripts/csp.sh, as the build and deploy.sh compute it). */
function policyFor(config) {
  const dir = mkdtempSync(join(tmpdir(), 'csp-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return execFileSync('bash', ['scripts/csp.sh', 'policy', DIST_INDEX, join(dir, 'config.json')], { encoding: 'utf8' }).trim();
}

/** index.html with the policy a build for `config` has. */
const builtFor = config => text => {
  const meta = /<meta http-equiv="Content-Security-Policy" content="[^"]*">/;
  assert.match(text, meta, 'index.html has the build\'s policy <meta>');
  return text.replace(meta, `<meta http-equiv="Content-Security-Policy" content="${policyFor(config)}">`);
};

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * The app served with `config` (and the policy of `builtFor`), a page whose collector
 * requests are answered by the stand-in, and the user pool requests it sends.
 */
async function open(config, builtForConfig) {
  const server = await serveApp(config, { html: builtFor(builtForConfig) });
  const context = await browser.newContext();
  const page = await context.newPage();
  const collectorRequests = [];
  const sent = [];
  const violations = [];
  await page.route(COLLECTOR, route => {
    collectorRequests.push(route.request().url());
    return route.fulfill({ contentType: 'text/javascript', body: STAND_IN });
  });
  page.on('request', r => {
    const target = r.headers()['x-amz-target'];
    if (target?.startsWith('AWSCognitoIdentityProviderService.')) sent.push({ op: target.split('.')[1], body: JSON.parse(r.postData()) });
  });
  page.on('console', m => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  return { server, context, page, collectorRequests, sent, violations, close: async () => { await context.close(); server.close(); } };
}

/** Runs `body` with the app of `open`, closed whatever happens (the server holds the port). */
async function withApp(config, builtForConfig, body) {
  const app = await open(config, builtForConfig);
  try {
    await body(app);
  } finally {
    await app.close();
  }
}

/** The collector has loaded (in the background, while the user types). */
const collectorLoaded = page => page.waitForFunction(() => typeof window.AmazonCognitoAdvancedSecurityData === 'object', null, { timeout: 10000 });

const expected = (config, username) => `ctx.${Buffer.from(JSON.stringify([username, config.userPoolId, config.clientId])).toString('base64')}`;

test('the policy names Cognito\'s collector only when threat protection is on', () => {
  const config = localConfig();
  for (const mode of ['AUDIT', 'ENFORCED']) {
    const policy = policyFor({ ...config, threatProtection: mode });
    const scripts = policy.split(';').find(d => d.trim().startsWith('script-src')).trim().split(/\s+/);
    assert.ok(scripts.includes(`https://amazon-cognito-assets.${config.region}.amazoncognito.com/amazon-cognito-advanced-security-data.min.js`), policy);
  }
  for (const off of [{ ...config, threatProtection: 'OFF' }, (({ threatProtection, ...rest }) => rest)(config)]) {
    assert.doesNotMatch(policyFor(off), /amazoncognito\.com/);
  }
});

test('threat protection on: the collector is loaded and its data goes with sign-up, its confirmation, sign-in and the password reset', async () => {
  const config = { ...localConfig(), threatProtection: 'ENFORCED' };
  await withApp(config, config, async app => {
    const { page, sent } = app;
    const username = unique('ctx');
    await page.goto(`${app.server.url}register`);
    await collectorLoaded(page);
    await registerHere(page, config, username);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Username').fill(username);
    await page.getByRole('button', { name: /send/i }).click();
    await page.waitForURL(/\/reset-password/);
    await page.getByLabel('Verification code').fill(await emailedCode(config, username));
    await page.getByLabel('New password', { exact: true }).fill('Another-Horse-43');
    await page.getByLabel('Confirm new password').fill('Another-Horse-43');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/signin/);

    assert.deepEqual(app.collectorRequests, [`https://amazon-cognito-assets.${config.region}.amazoncognito.com/amazon-cognito-advanced-security-data.min.js`], 'loaded once');
    const takes = ['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'ForgotPassword', 'ConfirmForgotPassword'];
    for (const op of takes) {
      const requests = sent.filter(s => s.op === op && (op !== 'InitiateAuth' || s.body.AuthFlow === 'USER_SRP_AUTH'));
      assert.ok(requests.length > 0, `${op} sent`);
      for (const r of requests) assert.deepEqual(r.body.UserContextData, { EncodedData: expected(config, username) }, op);
    }
    // Requests that do not take it (the access token's, RevokeToken) go without.
    for (const r of sent.filter(s => !takes.includes(s.op))) assert.equal(r.body.UserContextData, undefined, r.op);
    assert.deepEqual(app.violations, []);
  });
});

test('threat protection off: no collector, no context data', async () => {
  const config = { ...localConfig(), threatProtection: 'OFF' };
  await withApp(config, config, async app => {
    await app.page.goto(`${app.server.url}signin`);
    await registerVerifySignIn(app.page, config, unique('noctx'));
    assert.deepEqual(app.collectorRequests, []);
    assert.ok(app.sent.length >= 4);
    for (const r of app.sent) assert.equal(r.body.UserContextData, undefined, r.op);
  });
});

test('threat protection on but the collector blocked (a policy without it): signing in still works, without context data', async () => {
  const config = { ...localConfig(), threatProtection: 'AUDIT' };
  // The browser refuses the script and says so; that is this test's point.
  expectProblems(/Loading the script 'https:\/\/amazon-cognito-assets\..*violates the following Content Security Policy/, /request failed: https:\/\/amazon-cognito-assets\..* csp/);
  await withApp(config, { ...config, threatProtection: 'OFF' }, async app => {
    await app.page.goto(`${app.server.url}signin`);
    await registerVerifySignIn(app.page, config, unique('blocked'));
    assert.deepEqual(app.collectorRequests, [], 'the browser refused to fetch it');
    assert.ok(app.violations.some(v => v.includes('amazon-cognito-assets')), app.violations.join('\n'));
    for (const r of app.sent) assert.equal(r.body.UserContextData, undefined, r.op);
  });
});
