// The other ways in, on the https site (scripts/deploy.sh --local): the hosted sign-in
// page with PKCE (the emulator's /oauth2/authorize login form, its /oauth2/token), its
// refusals, and guests of the identity pool. Where the emulator lacks a piece (no
// /logout: the local edge answers it as AWS does, emulator-gap 21; no linking of a guest's
// identity, emulator-gap 24) the requests the app sends are asserted all the same.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { launch } from './browser.mjs';
import { fillSignIn } from './forms.mjs';
import { localConfig, newUser, PASSWORD, refreshWith } from './local-app.mjs';
import { serve } from './serve.mjs';
import { deployed, SITE, sitePage as sitePageOf, useSiteBrowser } from './site-common.mjs';

const site = useSiteBrowser();
const sitePage = () => sitePageOf(site.browser);
const HOSTED = deployed.hostedUi.domain;
const prefix = `CognitoIdentityServiceProvider.${deployed.clientId}`;

/** Every hosted-page and Cognito request the page sends, as { url, target, body }. */
function recordRequests(page) {
  const seen = [];
  page.on('request', r => {
    const url = new URL(r.url());
    if (url.origin === HOSTED) {
      seen.push({ url, target: r.headers()['x-amz-target'], body: r.postData() ?? '' });
    }
  });
  return seen;
}

/** From the sign-in view to the emulator's login form; the authorize address the app built. */
async function toHostedPage(page, requests) {
  await page.goto(`${SITE}signin`);
  await page.getByRole('button', { name: 'Use the hosted sign-in page' }).click();
  await page.waitForURL(u => u.origin === HOSTED && u.pathname === '/oauth2/authorize');
  await page.getByLabel('Username').waitFor();
  return requests.find(r => r.url.pathname === '/oauth2/authorize').url.searchParams;
}

/**
 * Clicks `button` and follows the way back through the hosted page's /logout: the
 * view goes to /signin in place, then the page leaves for /logout, which sends back a
 * /signin document (the only one loaded after the click): waits for that one.
 */
async function clickThroughLogout(page, button) {
  const backFromLogout = page.waitForEvent('domcontentloaded');
  await button.click();
  await backFromLogout;
  await page.waitForURL(`${SITE}signin`, { waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
}

async function storedKeys(page) {
  return page.evaluate(() => ({
    local: Object.fromEntries(Object.entries(localStorage)),
    session: Object.keys(sessionStorage).filter(k => k.startsWith('cognito-demo.oauth')),
  }));
}

test('hosted sign-in with PKCE: callback, signed in, reload, list, sign out ends the hosted session', async () => {
  const username = await newUser(localConfig(), 'hosted');
  const { context, page, violations } = await sitePage();
  const requests = recordRequests(page);

  const authorize = await toHostedPage(page, requests);
  assert.equal(authorize.get('response_type'), 'code');
  assert.equal(authorize.get('client_id'), deployed.clientId);
  assert.equal(authorize.get('redirect_uri'), `${SITE}callback`);
  assert.equal(authorize.get('scope'), deployed.hostedUi.scopes.join(' '));
  assert.equal(authorize.get('code_challenge_method'), 'S256');
  assert.match(authorize.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.match(authorize.get('state'), /^[A-Za-z0-9_-]{22}$/);
  assert.equal(authorize.get('identity_provider'), null, 'no provider named: the page itself');

  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${SITE}objects`);
  await page.locator('#who-username').getByText(username).waitFor();

  // The exchange: the code with the verifier whose SHA-256 is the challenge sent (checked
  // here with node's crypto, and by the emulator's /oauth2/token, which verifies PKCE).
  const exchanges = requests.filter(r => r.url.pathname === '/oauth2/token');
  assert.equal(exchanges.length, 1);
  const sent = new URLSearchParams(exchanges[0].body);
  assert.equal(sent.get('grant_type'), 'authorization_code');
  assert.equal(sent.get('client_id'), deployed.clientId);
  assert.equal(sent.get('redirect_uri'), `${SITE}callback`);
  assert.match(sent.get('code'), /\S+/);
  const verifier = sent.get('code_verifier');
  assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(createHash('sha256').update(verifier).digest('base64url'), authorize.get('code_challenge'));

  // Stored as an SRP sign-in stores it; the code and the flow's secrets are gone.
  assert.ok(!page.url().includes('code='));
  const stored = await storedKeys(page);
  assert.equal(stored.local[`${prefix}.LastAuthUser`], username);
  for (const k of ['idToken', 'accessToken', 'refreshToken', 'clockDrift']) assert.ok(stored.local[`${prefix}.${username}.${k}`], k);
  assert.equal(stored.local[`${prefix}.${username}.hostedSignIn`], 'true');
  assert.deepEqual(stored.session, [], 'state and verifier used once');

  // amazon-cognito-identity-js reads this session as valid.
  const lib = createRequire(import.meta.url)('amazon-cognito-identity-js');
  const copy = new Map(Object.entries(stored.local));
  const memory = { getItem: k => copy.get(k) ?? null, setItem: (k, v) => copy.set(k, String(v)), removeItem: k => copy.delete(k), clear: () => copy.clear() };
  const user = new lib.CognitoUserPool({ UserPoolId: deployed.userPoolId, ClientId: deployed.clientId, Storage: memory }).getCurrentUser();
  assert.equal(user?.getUsername(), username);
  const session = await new Promise((resolve, reject) => user.getSession((e, s) => (e ? reject(e) : resolve(s))));
  assert.ok(session.isValid(), 'the library considers the hosted session valid');

  // Reload: still signed in, with no request to the user pool; the shared files list.
  const before = requests.length;
  await page.reload();
  await page.locator('#who-username').getByText(username).waitFor();
  await page.locator('table.objects').getByText('readme.txt', { exact: true }).waitFor();
  assert.deepEqual(requests.slice(before).filter(r => r.target?.startsWith('AWSCognitoIdentityProviderService')), []);
  assert.ok(requests.slice(before).some(r => r.target === 'AWSCognitoIdentityService.GetCredentialsForIdentity'));

  // Sign out: the refresh token revoked, then the hosted page's /logout, back to /signin
  // (the request is asserted: the emulator has no hosted session to end, emulator-gap 21).
  await clickThroughLogout(page, page.getByRole('button', { name: 'Sign out' }));
  const revoke = requests.find(r => r.target === 'AWSCognitoIdentityProviderService.RevokeToken');
  assert.equal(JSON.parse(revoke.body).Token, stored.local[`${prefix}.${username}.refreshToken`]);
  const logout = requests.find(r => r.url.pathname === '/logout');
  assert.ok(logout, 'the hosted session is ended at /logout');
  assert.equal(logout.url.searchParams.get('client_id'), deployed.clientId);
  assert.equal(logout.url.searchParams.get('logout_uri'), `${SITE}signin`);
  assert.ok(requests.indexOf(revoke) < requests.indexOf(logout));
  assert.deepEqual(Object.keys((await storedKeys(page)).local).filter(k => k.startsWith('Cognito')), []);

  // The same code again (state and verifier as they were): refused by the token endpoint.
  await page.evaluate(([s, v]) => {
    sessionStorage.setItem('cognito-demo.oauth.state', s);
    sessionStorage.setItem('cognito-demo.oauth.verifier', v);
  }, [authorize.get('state'), verifier]);
  await page.goto(`${SITE}callback?code=${encodeURIComponent(sent.get('code'))}&state=${authorize.get('state')}`);
  await page.getByRole('alert').getByText('The sign-in could not be completed (invalid_grant). Please sign in again.').waitFor();
  assert.equal(requests.filter(r => r.url.pathname === '/oauth2/token').length, 2);
  assert.equal(new URL(page.url()).search, '', 'the code is gone from the address bar');
  assert.deepEqual(Object.keys((await storedKeys(page)).local).filter(k => k.startsWith('Cognito')), []);
  assert.deepEqual(violations, []);
  await context.close();
});

test('sign out everywhere after a hosted sign-in ends the hosted session too', async () => {
  const username = await newUser(localConfig(), 'hosted');
  const { context, page, violations } = await sitePage();
  const requests = recordRequests(page);
  await toHostedPage(page, requests);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${SITE}objects`);
  await page.locator('#who-username').getByText(username).waitFor();
  assert.equal((await storedKeys(page)).local[`${prefix}.${username}.hostedSignIn`], 'true');

  // GlobalSignOut, then the hosted page's /logout (asserted: the emulator keeps no hosted
  // session to end, emulator-gap 21), which comes back to /signin.
  await page.getByRole('link', { name: 'Your account' }).click();
  await clickThroughLogout(page, page.getByRole('button', { name: 'Sign out everywhere' }));
  const global = requests.find(r => r.target === 'AWSCognitoIdentityProviderService.GlobalSignOut');
  const logout = requests.find(r => r.url.pathname === '/logout');
  assert.ok(global, 'GlobalSignOut sent');
  assert.ok(logout, 'the hosted session is ended at /logout');
  assert.ok(requests.indexOf(global) < requests.indexOf(logout));
  assert.equal(logout.url.searchParams.get('client_id'), deployed.clientId);
  assert.equal(logout.url.searchParams.get('logout_uri'), `${SITE}signin`);
  assert.deepEqual(Object.keys((await storedKeys(page)).local).filter(k => k.startsWith('Cognito')), []);
  assert.deepEqual(violations, []);
  await context.close();
});

test('a sign-in that replaces another user\'s session ends it for good: refresh token revoked, tokens removed', async () => {
  const first = await newUser(localConfig(), 'hosted');
  const second = await newUser(localConfig(), 'hosted');
  const { context, page, violations } = await sitePage();
  const requests = recordRequests(page);
  // This tab starts a hosted sign-in; meanwhile another tab signs someone else in.
  await toHostedPage(page, requests);
  const other = await context.newPage();
  await other.goto(`${SITE}signin`);
  await fillSignIn(other, first, PASSWORD);
  await other.locator('#who-username').getByText(first).waitFor();
  const firstToken = await other.evaluate(k => localStorage.getItem(k), `${prefix}.${first}.refreshToken`);
  assert.ok(firstToken);

  // The hosted sign-in ends as the second user: the first one's session is replaced.
  await page.getByLabel('Username').fill(second);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${SITE}objects`);
  await page.locator('#who-username').getByText(second).waitFor();
  const revoked = () => requests.filter(r => r.target === 'AWSCognitoIdentityProviderService.RevokeToken')
    .map(r => JSON.parse(r.body).Token);
  for (let i = 0; i < 50 && revoked().length === 0; i++) await page.waitForTimeout(100);
  assert.deepEqual(revoked(), [firstToken], "the replaced session's refresh token is revoked");
  const keys = Object.keys((await storedKeys(page)).local);
  assert.deepEqual(keys.filter(k => k.startsWith(`${prefix}.${first}.`)), [], "the first user's tokens are removed");
  const after = await refreshWith(localConfig(), firstToken);
  assert.equal(after.status, 400);
  assert.equal(after.body.__type, 'NotAuthorizedException');
  assert.deepEqual(violations, []);
  await context.close();
});

test('a tampered state, and the page\'s access_denied, are refused with their sentence', async () => {
  const username = await newUser(localConfig(), 'hosted');
  const { context, page, violations } = await sitePage();
  const requests = recordRequests(page);

  // The state is changed on its way through the login form.
  await toHostedPage(page, requests);
  await page.locator('input[name=state]').evaluate(e => { e.value = 'tampered-state'; });
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${SITE}callback`);
  await page.getByRole('alert').getByText('This sign-in did not start here (its state does not match). Please sign in again.').waitFor();
  await page.getByRole('link', { name: 'Back to sign in' }).waitFor();

  // A wrong password: the page sends the person back with error=access_denied.
  await toHostedPage(page, requests);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${SITE}callback`);
  await page.getByRole('alert').getByText('The sign-in was cancelled or refused. You can sign in again.').waitFor();

  assert.deepEqual(requests.filter(r => r.url.pathname === '/oauth2/token'), [], 'no code was exchanged');
  const stored = await storedKeys(page);
  assert.deepEqual(Object.keys(stored.local).filter(k => k.startsWith('Cognito')), [], 'no session stored');
  assert.deepEqual(stored.session, []);
  assert.deepEqual(violations, []);
  await context.close();
});

test('a crafted /callback with another state says only that, and the sign-in this tab started still completes', async () => {
  const username = await newUser(localConfig(), 'hosted');
  const { context, page, violations } = await sitePage();
  const requests = recordRequests(page);
  await toHostedPage(page, requests);
  const authorizeUrl = page.url();

  // Someone's link: an error code and text of their choosing, and a state this tab never sent.
  const text = 'Your account is locked: call +1 555 0100 now';
  await page.goto(`${SITE}callback?error=server_error&error_description=${encodeURIComponent(text)}&state=forged`);
  await page.getByRole('alert').getByText('This sign-in did not start here (its state does not match). Please sign in again.').waitFor();
  assert.ok(!(await page.content()).includes('555 0100'), "the link's text is not on the page");
  // (This tab's sessionStorage on the app's origin: the state and verifier the sign-in keeps.)
  assert.deepEqual((await storedKeys(page)).session.sort(), ['cognito-demo.oauth.state', 'cognito-demo.oauth.verifier'],
    'the pending sign-in is not used up');

  // The real answer still signs in.
  await page.goto(authorizeUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${SITE}objects`);
  await page.locator('#who-username').getByText(username).waitFor();
  assert.deepEqual((await storedKeys(page)).session, [], 'used once, by its own answer');
  assert.deepEqual(violations, []);
  await context.close();
});

test('a guest lists public/ with guest credentials and is refused elsewhere; signing in carries the identity', async () => {
  const { context, page, violations } = await sitePage();
  const requests = recordRequests(page);
  await page.goto(`${SITE}signin`);
  await page.getByRole('link', { name: 'Browse the shared files as a guest' }).click();
  await page.getByRole('heading', { name: 'Browsing as a guest' }).waitFor();
  const table = page.locator('table.objects');
  await table.getByText('readme.txt', { exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'My files' }).count(), 0);

  // GetId and GetCredentialsForIdentity with no Logins: a guest identity.
  const identity = requests.filter(r => r.target?.startsWith('AWSCognitoIdentityService.'));
  assert.deepEqual(identity.map(r => r.target.split('.')[1]), ['GetId', 'GetCredentialsForIdentity']);
  assert.deepEqual(JSON.parse(identity[0].body), { IdentityPoolId: deployed.identityPoolId });
  const guestId = JSON.parse(identity[1].body).IdentityId;
  assert.deepEqual(JSON.parse(identity[1].body), { IdentityId: guestId });
  assert.equal(await page.evaluate(k => localStorage.getItem(k), `aws.cognito.identity-id.${deployed.identityPoolId}`), guestId);

  // The guest role reads public/ only.
  for (const prefix of ['private/', '']) {
    await page.getByLabel('Prefix').fill(prefix);
    await page.getByRole('button', { name: 'List objects' }).click();
    await page.getByRole('alert').getByText('You are not allowed to').waitFor();
    await page.getByLabel('Prefix').fill('public/docs/');
    await page.getByRole('button', { name: 'List objects' }).click();
    await table.getByText('fish & chips.txt', { exact: true }).waitFor();
  }

  // Signing in: the guest's identity id is sent with the user's login, for the pool to link
  // (the request is asserted, not the emulator's answer: it links nothing, emulator-gap 24).
  const username = await newUser(localConfig(), 'guest');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${SITE}objects`);
  await page.locator('#who-username').getByText(username).waitFor();
  await table.getByText('readme.txt', { exact: true }).waitFor();
  // The first credentials request after signing in (the guest's were cached until then).
  const afterSignIn = JSON.parse(requests.filter(r => r.target === 'AWSCognitoIdentityService.GetCredentialsForIdentity')[1].body);
  assert.equal(afterSignIn.IdentityId, guestId);
  assert.ok(afterSignIn.Logins?.[`cognito-idp.us-east-1.amazonaws.com/${deployed.userPoolId}`], 'sent with the ID token');
  assert.deepEqual(violations, []);
  await context.close();
});

test('without guest access in config.json, /objects asks to sign in, with no error shown', async () => {
  const config = { ...localConfig(), guests: false };
  const server = await serve(new URL('../dist/', import.meta.url).pathname, { configJson: JSON.stringify(config) });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const requests = [];
    page.on('request', r => r.headers()['x-amz-target'] && requests.push(r.headers()['x-amz-target']));
    await page.goto(`${server.url}objects`);
    await page.waitForURL(/\/signin$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The other ways in come with the sign-in's module: asserted once they are there.
    await page.locator('.ways-in').waitFor({ state: 'attached' });
    assert.equal(await page.getByRole('link', { name: 'Browse the shared files as a guest' }).count(), 0);
    assert.equal(await page.getByRole('alert').count(), 0);
    assert.deepEqual(requests, [], 'no identity pool request for a visitor');
  } finally {
    await browser.close();
    server.close();
  }
});
