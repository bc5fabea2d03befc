// The whole journey in headless Chromium, on the release build, against the
// local AWS emulator (scripts/local-aws.sh start; scripts/test.sh does it):
// register → emailed code → verify → sign in → reload (no request) → list →
// sign out → reload (signed out), plus the error cases. Screenshots of each
// view go to e2e/artifacts/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ARTIFACTS, expectProblems, newPage } from './browser.mjs';
import { PASSWORD, fillSignIn, register as registerAt, unique, verify } from './forms.mjs';
import { emailedCode as codeFor, useLocalApp, fulfillAwsError, newUser, refreshWith } from './local-app.mjs';

const app = useLocalApp();

const AWS = () => app.config.endpoints.cognitoIdp; // the emulator's edge, e.g. http://127.0.0.1:4566/
/** A request to the user pool API (not the identity pool or S3 on the same edge). */
const isUserPoolCall = r => r.url() === AWS() && (r.headers()['x-amz-target'] ?? '').startsWith('AWSCognitoIdentityProviderService.');
const shot = (page, name) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

const emailedCode = username => codeFor(app.config, username);

const register = (page, username, options) => registerAt(page, app.server.url, username, options);
const signIn = fillSignIn;

async function registeredAndVerified(page) {
  const username = unique('e2e');
  await register(page, username);
  await page.waitForURL(/\/verify$/);
  await verify(page, await emailedCode(username));
  await page.waitForURL(/\/signin$/);
  return username;
}

test('register, verify, sign in, reload, list, sign out', async () => {
  const { page, problems } = await newPage(app.browser);
  const username = unique('e2e');

  await register(page, username);
  await shot(page, '1-register');
  // The username rides to the next step in this tab's sessionStorage: not in the address.
  await page.waitForURL(/\/verify$/);
  assert.equal(await page.getByLabel('Username').inputValue(), username);
  assert.ok(!page.url().includes(username), page.url());
  // A new code on request (ResendConfirmationCode): the one emailed last is the one that works.
  await page.getByRole('button', { name: 'Resend code' }).click();
  await page.getByRole('status').getByText('A new code was sent to').waitFor();
  await page.getByLabel('Verification code').fill(await emailedCode(username));
  await shot(page, '2-verify');
  await page.getByRole('button', { name: 'Verify' }).click();

  await page.waitForURL(/\/signin$/);
  assert.equal(await page.getByLabel('Username').inputValue(), username, 'the username is filled in');
  await page.getByRole('status').getByText('verified').waitFor();
  // (The warning would come with the other ways in, from the sign-in's module.)
  await page.locator('.ways-in').waitFor({ state: 'attached' });
  assert.equal(await page.locator('#public-secret').count(), 0, 'no client secret, no warning');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await shot(page, '3-signin');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(username).waitFor();
  assert.equal(await page.locator('#who-email').innerText(), `${username}@example.com`);
  const stored = await page.evaluate(() => Object.keys(localStorage));
  assert.ok(stored.some(k => k.endsWith('.LastAuthUser')), `session stored: ${stored}`);
  // The view opens on the shared folder (a reload before it answers would cancel that request).
  await page.locator('table.objects').getByText('readme.txt', { exact: true }).waitFor();

  // Reload: still signed in, and no request to AWS was needed for that.
  // (The objects view then lists the shared folder: identity pool and S3 requests.)
  const awsRequests = [];
  page.on('request', r => isUserPoolCall(r) && awsRequests.push(r.headers()['x-amz-target']));
  await page.reload();
  await page.locator('#who-username').getByText(username).waitFor();
  await page.locator('table.objects').waitFor();
  assert.deepEqual(awsRequests, [], 'restoring the session sends no request to the user pool');

  // List the seeded keys under public/docs/: shown literally, never as HTML.
  await page.getByLabel('Prefix').fill('public/docs/');
  await page.getByRole('button', { name: 'List objects' }).click();
  const table = page.locator('table.objects');
  await table.waitFor();
  // Each shown by its name in the folder, its whole key in the cell's title.
  for (const name of ['fish & chips.txt', '<b>not bold<%2Fb>.html', 'résumé – ünïcødé 日本語.txt', 'quarterly report 2026.txt']) {
    const cell = table.getByText(name, { exact: true });
    await cell.waitFor({ timeout: 5000 });
    assert.equal(await cell.getAttribute('title'), `public/docs/${name}`);
  }
  assert.equal(await table.locator('b').count(), 0, 'a key is never rendered as HTML');
  await shot(page, '4-objects');

  // Paging through public/bulk/ (1,050 keys, 100 a page).
  await page.getByLabel('Prefix').fill('public/bulk/');
  await page.getByRole('button', { name: 'List objects' }).click();
  await table.getByText('item-0001.txt', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Next page' }).click();
  await table.getByText('item-0101.txt', { exact: true }).waitFor();
  assert.match(await page.getByRole('status').first().innerText(), /Page 2: 0 folders and 100 objects/);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await table.getByText('item-0001.txt', { exact: true }).waitFor();

  // Nothing secret in the DOM or the URL.
  const html = await page.content();
  const secrets = await page.evaluate(() => Object.entries(localStorage)
    .filter(([k]) => /(idToken|accessToken|refreshToken)$/.test(k)).map(([, v]) => v));
  for (const s of secrets) assert.ok(!html.includes(s), 'a token is in the DOM');
  assert.ok(!html.includes(PASSWORD) && !page.url().includes(PASSWORD), 'the password is in the DOM or URL');

  // Sign-out revokes the refresh token at Cognito: a copy taken before is refused after.
  // (Not tried before sign-out: with rotation on, a try would itself replace it.)
  const refreshToken = await page.evaluate(() =>
    Object.entries(localStorage).find(([k]) => k.endsWith('.refreshToken'))?.[1]);
  assert.ok(refreshToken);
  const revokes = [];
  page.on('request', r => r.headers()['x-amz-target']?.endsWith('.RevokeToken') && revokes.push(JSON.parse(r.postData())));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin$/);
  await page.getByText('You are signed out.').waitFor();
  assert.deepEqual(revokes, [{ Token: refreshToken, ClientId: app.config.clientId }]);
  const after = await refreshWith(app.config, refreshToken);
  assert.equal(after.status, 400);
  assert.equal(after.body.__type, 'NotAuthorizedException');
  await shot(page, '5-signed-out');
  // Signed out, the objects view is a guest's (the pool allows guests): no user, no session.
  await page.goto(`${app.server.url}objects`);
  await page.getByRole('heading', { name: 'Browsing as a guest' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'My files' }).count(), 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('Cognito')).length), 0);
  assert.deepEqual(problems, []);
});

/** A new user, signed in, on the objects view with its opening listing shown. */
test('on a slow network the sign-in module arrives while the user types: after the click, only the sign-in requests', async () => {
  const username = await newUser(app.config, 'slow');
  const { page, problems } = await newPage(app.browser);
  // The load benchmark's phone-like network: 150 ms a request, 1.6 Mbit/s down, 750 kbit/s up.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 });
  const requests = [];
  page.on('request', r => requests.push(r));
  await page.goto(`${app.server.url}signin`);
  await page.getByLabel('Username').pressSequentially(username, { delay: 40 });
  await page.getByLabel('Password', { exact: true }).pressSequentially(PASSWORD, { delay: 40 });
  // Typing a name and a password takes longer than the module needs on this network.
  await page.waitForFunction(() => performance.getEntriesByName('sign-in-ready').length > 0, null, { timeout: 30000 });
  const before = requests.map(r => new URL(r.url()).pathname);
  // It comes in the first module's file, right behind it (scripts/bundle.py): no request of its own.
  const wasmBefore = before.filter(p => p.endsWith('.wasm'));
  assert.match(wasmBefore[0] ?? '', /^\/cognito-app-[0-9a-f]+_bg\.wasm$/, `the first module's file first: ${wasmBefore}`);
  assert.ok(!wasmBefore.some(p => /split_signin-/.test(p)), `no request of its own for the sign-in module: ${wasmBefore}`);
  assert.ok(!requests.some(isUserPoolCall), 'no user pool request before the click');

  const clicked = requests.length;
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/objects$/, { timeout: 30000 });
  await page.locator('#who-username').getByText(username).waitFor({ timeout: 30000 });
  const after = requests.slice(clicked);
  // Up to the objects view's own module: the sign-in's requests and nothing else.
  const firstModule = after.findIndex(r => r.url().endsWith('.wasm'));
  const signingIn = (firstModule < 0 ? after : after.slice(0, firstModule));
  assert.deepEqual(signingIn.map(r => r.headers()['x-amz-target'] ?? new URL(r.url()).pathname), [
    'AWSCognitoIdentityProviderService.InitiateAuth',
    'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
  ]);
  assert.ok(!after.some(r => /split_signin-|cognito-app-[0-9a-f]+_bg\.wasm/.test(r.url())), 'the sign-in module is not fetched again');
  assert.deepEqual(problems, []);
});

async function signedInOnObjects(page) {
  const username = await registeredAndVerified(page);
  await signIn(page, username, PASSWORD);
  await page.waitForURL(/\/objects$/);
  await page.locator('table.objects').waitFor();
  return username;
}


test('offline, sign-out still clears the session at once, and says the token was not revoked', async () => {
  const { page, problems } = await newPage(app.browser);
  await signedInOnObjects(page);
  // Cognito cannot be reached; the revocation waits on a request that never answers.
  expectProblems(/ERR_INTERNET_DISCONNECTED/);
  let release;
  await page.route(AWS(), async route => {
    if (!route.request().headers()['x-amz-target']?.endsWith('.RevokeToken')) return route.continue();
    await new Promise(r => { release = r; });
    await route.abort('internetdisconnected');
  });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Signing out…' }).waitFor();
  // While the request hangs, the stored session is already gone (other tabs, a reload).
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter(k => k.startsWith('CognitoIdentityServiceProvider')).length), 0);
  release();
  await page.waitForURL(/\/signin$/);
  await page.getByText('You are signed out on this device, but Cognito could not be told').waitFor();
  assert.deepEqual(problems.filter(p => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
});

test('a hostile bucket name is refused before any request leaves the page', async () => {
  const { page, problems } = await newPage(app.browser);
  await signedInOnObjects(page);
  for (const [name, rule] of [
    ['evil.example.com/x?', 'hold only lower-case letters, digits, dots and hyphens'],
    ['user@evil.example.com', 'hold only lower-case letters, digits, dots and hyphens'],
    ['127.0.0.1', 'not look like an IP address'],
  ]) {
    const sent = [];
    const log = r => sent.push(r.url());
    page.on('request', log);
    await page.getByLabel('Bucket').fill(name);
    await page.getByRole('button', { name: 'List objects' }).click();
    await page.getByRole('alert').getByText(`“${name}” is not a bucket name: it may ${rule}.`).waitFor();
    await page.waitForTimeout(300);
    page.off('request', log);
    assert.deepEqual(sent, [], `requests for ${name}`);
  }
  assert.deepEqual(problems, []);
});

test('a request with no answer is given up at its deadline (15 s), with a sentence', async () => {
  const { page } = await newPage(app.browser);
  const username = await registeredAndVerified(page);
  const held = [];
  await page.route(AWS(), async route => {
    if (route.request().headers()['x-amz-target']?.endsWith('.InitiateAuth')) held.push(route); // never answered
    else await route.continue();
  });
  const started = Date.now();
  await signIn(page, username, PASSWORD);
  await page.getByRole('alert').getByText('The sign-in service took too long to answer. Check your connection and try again.')
    .waitFor({ timeout: 25000 });
  const waited = Date.now() - started;
  assert.ok(waited >= 14000 && waited < 22000, `gave up after ${waited} ms`);
  assert.equal(held.length, 1);
  assert.equal(await page.getByRole('button', { name: 'Sign in' }).isEnabled(), true, 'the form is usable again');
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('a wrong password shows the same sentence as an unknown user', async () => {
  const { page } = await newPage(app.browser);
  const username = await registeredAndVerified(page);
  await signIn(page, username, 'Wrong-Password-9');
  const alert = page.getByRole('alert');
  await alert.getByText('Incorrect username or password.').waitFor();
  await shot(page, 'error-wrong-password');
  await signIn(page, unique('nobody'), PASSWORD);
  await alert.getByText('Incorrect username or password.').waitFor();
});

test('a wrong code, and an existing username, are explained', async () => {
  const { page } = await newPage(app.browser);
  const username = unique('e2e');
  await register(page, username);
  await page.waitForURL(/\/verify$/);
  const right = await emailedCode(username);
  await page.getByLabel('Verification code').fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').getByText('That code is not correct').waitFor();
  await shot(page, 'error-wrong-code');

  await register(page, username);
  await page.getByRole('alert').getByText('An account with this username already exists').waitFor();
  // Sent: the password fields are cleared, whatever the answer.
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '');
  assert.equal(await page.getByLabel('Confirm password').inputValue(), '');
  assert.equal(await page.getByLabel('Username').inputValue(), username);
  await shot(page, 'error-username-exists');
});

test('a password mismatch is caught before any request', async () => {
  const { page } = await newPage(app.browser);
  const requests = [];
  page.on('request', r => r.method() === 'POST' && requests.push(r.url()));
  await page.goto(`${app.server.url}register`);
  await page.getByLabel('Email').fill('x@example.com');
  await page.getByLabel('Username').fill(unique('e2e'));
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(`${PASSWORD}x`);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('alert').getByText('The passwords do not match.').waitFor();
  assert.deepEqual(requests, []);
});

test('an unconfirmed user is sent to verification', async () => {
  // AWS answers UserNotConfirmedException; fakecloud 0.51 lets unconfirmed users
  // sign in (emulator-gap 4), so this one answer is AWS's, recorded.
  const { page } = await newPage(app.browser);
  const username = unique('e2e');
  await register(page, username);
  await page.waitForURL(/\/verify$/);
  await page.route(AWS(), async route => {
    const target = route.request().headers()['x-amz-target'];
    if (target === 'AWSCognitoIdentityProviderService.InitiateAuth') {
      await fulfillAwsError(route, 'UserNotConfirmedException', 'User is not confirmed.');
    } else {
      await route.continue();
    }
  });
  await page.goto(`${app.server.url}signin`);
  await signIn(page, username);
  await page.waitForURL(/\/verify$/);
  await page.getByRole('status').getByText('not confirmed yet').waitFor();
  await page.unroute(AWS());
  await page.getByLabel('Verification code').fill(await emailedCode(username));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/signin$/);
  await signIn(page, username);
  await page.waitForURL(/\/objects$/);
});

test('the stored session is shared with amazon-cognito-identity-js, both ways', async () => {
  const { createRequire } = await import('node:module');
  const lib = createRequire(import.meta.url)('amazon-cognito-identity-js');
  const { page } = await newPage(app.browser);
  const username = await registeredAndVerified(page);
  await signIn(page, username);
  await page.waitForURL(/\/objects$/);
  const written = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

  // 1. What the app wrote, the JS library reads as a valid session.
  const storage = new Map(Object.entries(written));
  const memory = {
    getItem: k => (storage.has(k) ? storage.get(k) : null),
    setItem: (k, v) => storage.set(k, String(v)),
    removeItem: k => storage.delete(k),
    clear: () => storage.clear(),
  };
  const pool = new lib.CognitoUserPool({ UserPoolId: app.config.userPoolId, ClientId: app.config.clientId, Storage: memory });
  const user = pool.getCurrentUser();
  assert.ok(user, 'the library finds the last signed-in user');
  const session = await new Promise((resolve, reject) => user.getSession((e, s) => (e ? reject(e) : resolve(s))));
  assert.ok(session.isValid(), 'the library considers the session valid');
  const last = written[`CognitoIdentityServiceProvider.${app.config.clientId}.LastAuthUser`];
  assert.equal(session.getIdToken().getJwtToken(), written[`CognitoIdentityServiceProvider.${app.config.clientId}.${last}.idToken`]);

  // 2. What the JS library writes (cacheTokens), the app restores with no request.
  const prefix = `CognitoIdentityServiceProvider.${app.config.clientId}`;
  const jsStorage = new Map();
  const jsMemory = { ...memory, getItem: k => jsStorage.get(k) ?? null, setItem: (k, v) => jsStorage.set(k, String(v)) };
  const jsPool = new lib.CognitoUserPool({ UserPoolId: app.config.userPoolId, ClientId: app.config.clientId, Storage: jsMemory });
  const jsUser = new lib.CognitoUser({ Username: last, Pool: jsPool, Storage: jsMemory });
  jsUser.setSignInUserSession(new lib.CognitoUserSession({
    IdToken: new lib.CognitoIdToken({ IdToken: written[`${prefix}.${last}.idToken`] }),
    AccessToken: new lib.CognitoAccessToken({ AccessToken: written[`${prefix}.${last}.accessToken`] }),
    RefreshToken: new lib.CognitoRefreshToken({ RefreshToken: written[`${prefix}.${last}.refreshToken`] }),
  }));
  assert.ok(jsStorage.size >= 4, 'the library cached the tokens');
  await page.evaluate(entries => {
    localStorage.clear();
    for (const [k, v] of entries) localStorage.setItem(k, v);
  }, [...jsStorage.entries()]);
  const awsRequests = [];
  page.on('request', r => isUserPoolCall(r) && awsRequests.push(r.headers()['x-amz-target']));
  await page.goto(`${app.server.url}objects`);
  await page.locator('#who-username').getByText(username).waitFor();
  await page.locator('table.objects').waitFor();
  assert.deepEqual(awsRequests, []);
});
