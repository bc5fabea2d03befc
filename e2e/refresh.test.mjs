// Token refresh (issue "Account lifecycle", item 5), in headless Chromium against
// the local AWS emulator. The ID and access tokens live 60 minutes; the page's
// clock is moved forward (Playwright's clock) so they are about to expire, and
// the emulator's token-expiry control (/_fakecloud/cognito/expire-tokens) revokes
// them on the server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectProblems } from './browser.mjs';
import { newUser, refreshWith, signIn as signInAt, useLocalApp, fulfillAwsError } from './local-app.mjs';

const app = useLocalApp();

const MINUTE = 60_000;
const target = request => request.headers()['x-amz-target']?.replace('AWSCognitoIdentityProviderService.', '');
const isRefresh = request => target(request) === 'GetTokensFromRefreshToken';

/** A signed-in context: its first page, and the calls every page of it makes. */
async function signedIn() {
  const username = await newUser(app.config, 'refresh');
  const context = await app.browser.newContext();
  const calls = [];
  context.on('request', r => r.url().startsWith(app.config.endpoints.cognitoIdp) && r.method() === 'POST'
    && calls.push(isRefresh(r) ? 'Refresh' : target(r)));
  const page = await context.newPage();
  await signInAt(page, app.server.url, username);
  await page.waitForURL(/\/objects$/);
  return { username, context, page, calls, refreshes: () => calls.filter(c => c === 'Refresh').length };
}

/**
 * A new page of `context` whose clock runs `ahead` ms in the future (emulator-gap 10:
 * the emulator's expire-tokens hook would take the refresh token too).
 *
 * Playwright's clock is the context's, not the page's (`page.clock` is
 * `context.clock`): installing it moves every open page of the context. The pages
 * opened before (the one that signed in, possibly still loading its objects) are
 * closed first, or their clock would jump mid-flight and they would refresh too,
 * unseen by the test (seen: an extra refresh in 3 runs of 20).
 */
async function pageAhead(context, ahead) {
  for (const open of context.pages()) if (!aheadPages.has(open)) await open.close();
  const page = await context.newPage();
  aheadPages.add(page);
  await page.clock.install({ time: new Date(Date.now() + ahead) });
  return page;
}
const aheadPages = new WeakSet();

const idToken = page => page.evaluate(() =>
  Object.entries(localStorage).find(([k]) => k.endsWith('.idToken'))?.[1]);

const refreshToken = page => page.evaluate(() =>
  Object.entries(localStorage).find(([k]) => k.endsWith('.refreshToken'))?.[1]);


test('tokens about to expire are refreshed before use, once; the refresh token rotates', async () => {
  const { username, context, page, refreshes } = await signedIn();
  const before = await idToken(page);
  const firstRefreshToken = await refreshToken(page);
  const later = await pageAhead(context, 58.5 * MINUTE); // 90 s left: inside the 2-minute margin
  await later.goto(`${app.server.url}account`);
  await later.locator('#profile-email').getByText(`${username}@example.com`).waitFor();
  assert.equal(refreshes(), 1);
  const after = await idToken(later);
  assert.ok(after && after !== before, 'new tokens are stored');
  // Rotation: the refresh answered a new refresh token, stored in place of the first,
  // which no longer works (the emulator drops it at once; AWS after the client's
  // 60-second grace: emulator-gap 19).
  const secondRefreshToken = await refreshToken(later);
  assert.ok(secondRefreshToken && secondRefreshToken !== firstRefreshToken, 'the rotated refresh token is stored');
  const replay = await refreshWith(app.config, firstRefreshToken);
  assert.equal(replay.status, 400);
  assert.equal(replay.body.__type, 'NotAuthorizedException');
  // The renewed tokens are fresh: using them again does not refresh again.
  await later.reload();
  await later.locator('#profile-email').getByText(`${username}@example.com`).waitFor();
  assert.equal(refreshes(), 1);
});

test('a call refused for an expired token refreshes and is repeated', async () => {
  const { username, context, refreshes } = await signedIn();
  let refusals = 0;
  const order = [];
  // AWS's answer to a token that expired early (clock skew): the first GetUser gets it.
  await context.route(app.config.endpoints.cognitoIdp, async route => {
    // Only the user pool's calls (the objects view lists the shared folder meanwhile).
    if (!route.request().headers()['x-amz-target']?.startsWith('AWSCognitoIdentityProviderService.')) {
      await route.continue();
      return;
    }
    order.push(isRefresh(route.request()) ? 'Refresh' : target(route.request()));
    if (target(route.request()) === 'GetUser' && refusals === 0) {
      refusals += 1;
      await fulfillAwsError(route, 'NotAuthorizedException', 'Access Token has expired');
    } else {
      await route.continue();
    }
  });
  const page = await context.newPage();
  await page.goto(`${app.server.url}account`);
  await page.locator('#profile-email').getByText(`${username}@example.com`).waitFor();
  assert.equal(refusals, 1);
  assert.equal(refreshes(), 1);
  // (The account view lists the devices meanwhile, with the token that is still valid.)
  assert.deepEqual(order.filter(o => o !== 'ListDevices'), ['GetUser', 'Refresh', 'GetUser']);
});

test('tokens revoked by the emulator end the session with a clear message, in every tab', async () => {
  const { username, context, page } = await signedIn();
  const other = await context.newPage();
  await other.goto(`${app.server.url}objects`);
  const r = await fetch(`${app.config.endpoints.cognitoIdp}_fakecloud/cognito/expire-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userPoolId: app.config.userPoolId, username }),
  });
  assert.ok((await r.json()).expiredTokens >= 2, 'the access and refresh tokens were expired');
  // The next call is refused, the refresh too (its token is gone): signed out.
  await page.goto(`${app.server.url}account`);
  await page.waitForURL(/\/signin$/, { timeout: 15000 });
  await page.getByText('Your session has expired. Please sign in again.').waitFor();
  await other.waitForURL(/\/signin$/, { timeout: 10000 });
});

test('fault: the emulator unreachable at refresh time; the session survives and recovers', async () => {
  const { username, context, refreshes } = await signedIn();
  // Cut the sign-in service off for this browser: connections are refused.
  expectProblems(/ERR_CONNECTION_REFUSED/); // the connection this test cuts
  const cut = route => route.abort('connectionrefused');
  await context.route(`${app.config.endpoints.cognitoIdp}**`, cut);
  // 61 minutes on: the tokens have expired and must be refreshed, which fails.
  const page = await pageAhead(context, 61 * MINUTE);
  // The view loads the profile and the devices at once; both want fresh tokens,
  // and they share one attempt: the call that waited for the lock takes the
  // first one's outcome (no second attempt, e.g. after the 1.5 s the app allows
  // another tab's tokens to show in storage).
  const unreachable = page.getByRole('alert').filter({ hasText: 'Could not reach the sign-in service' });
  const oneAttempt = async (visits, what) => {
    // Both parts of the view say so (each with its Try again).
    await unreachable.nth(1).waitFor();
    await page.waitForTimeout(2500);
    assert.equal(refreshes(), visits, what);
    assert.equal(await unreachable.count(), 2);
  };
  await page.goto(`${app.server.url}account`);
  await oneAttempt(1, 'one refresh attempt for the visit');
  assert.match(page.url(), /\/account$/, 'still signed in');
  await page.reload();
  await oneAttempt(2, 'one refresh attempt for each visit');
  assert.match(page.url(), /\/account$/, 'still signed in after a reload');
  assert.ok(await idToken(page), 'the session is still stored');

  // The service is back: trying again refreshes and works.
  await context.unroute(`${app.config.endpoints.cognitoIdp}**`, cut);
  await page.getByRole('button', { name: 'Try again' }).first().click();
  await page.locator('#profile-email').getByText(`${username}@example.com`).waitFor();
  assert.equal(refreshes(), 3);
});

test('an open tab renews its tokens on its own, and when back online after a failed try', async () => {
  const { username, context, refreshes } = await signedIn();
  const page = await pageAhead(context, 0); // the page's timers are now Playwright's to run
  await page.goto(`${app.server.url}objects`);
  await page.locator('#who-email').getByText(`${username}@example.com`).waitFor();
  const before = await idToken(page);

  // Offline, 59 minutes pass: the periodic check tries to renew and cannot.
  expectProblems(/ERR_INTERNET_DISCONNECTED/); // offline on purpose
  await context.setOffline(true);
  await page.clock.fastForward(59 * MINUTE);
  await waitUntil(() => refreshes() === 1, 'a renewal was tried');
  assert.match(page.url(), /\/objects$/, 'still signed in');
  assert.equal(await idToken(page), before);

  // Back online: the renewal happens without any action on the page (new tokens
  // stored, from one more refresh of this context's session).
  await context.setOffline(false);
  await page.waitForFunction(old => Object.entries(localStorage).find(([k]) => k.endsWith('.idToken'))?.[1] !== old,
    before, { timeout: 15000 });
  assert.ok(refreshes() >= 2, `renewed when back online (refreshes: ${refreshes()})`);
  assert.match(page.url(), /\/objects$/);
});

/** Polls `condition` every 100 ms for up to 10 s. */
async function waitUntil(condition, what) {
  for (let i = 0; i < 100; i += 1) {
    if (condition()) return;
    await new Promise(r => setTimeout(r, 100));
  }
  assert.fail(`timed out: ${what}`);
}

/**
 * In every page of `context`: what other tabs write to `localStorage` under a
 * key ending in `.lease` is seen `delay` ms late (as when the machine is busy:
 * storage writes reach other tabs' processes after a delay nothing bounds).
 */
function slowLeasePropagation(context, delay) {
  return context.addInitScript(ms => {
    const leaseKey = k => typeof k === 'string' && k.endsWith('.lease');
    // (Not in documents without storage, such as a new page's first about:blank.)
    try { localStorage; } catch { return; }
    const { getItem, setItem, removeItem } = Storage.prototype;
    // What this page sees of each lease: as it was when the page started, then
    // its own writes at once and other tabs' writes `ms` late.
    const seen = new Map(Object.keys(localStorage).filter(leaseKey).map(k => [k, getItem.call(localStorage, k)]));
    addEventListener('storage', e => leaseKey(e.key) && setTimeout(() => seen.set(e.key, e.newValue), ms));
    Storage.prototype.getItem = function (k) { return leaseKey(k) ? seen.get(k) ?? null : getItem.call(this, k); };
    Storage.prototype.setItem = function (k, v) { if (leaseKey(k)) seen.set(k, String(v)); return setItem.call(this, k, v); };
    Storage.prototype.removeItem = function (k) { if (leaseKey(k)) seen.set(k, null); return removeItem.call(this, k); };
  }, delay);
}

for (const [lock, hideWebLocks] of [['Web Locks', false], ['no Web Locks: the lease, with storage writes seen 2 s late', true]]) {
  test(`two tabs refreshing at once make one refresh (${lock})`, async () => {
    const { username, context, refreshes } = await signedIn();
    if (hideWebLocks) {
      // As on an S3 website over plain http (no secure context: no navigator.locks).
      await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined }));
      // A lease kept in localStorage (write, wait 200 ms, read back) lets both tabs
      // through here; the one taken in an IndexedDB transaction does not.
      await slowLeasePropagation(context, 2000);
    }
    // A slow refresh, so the second tab asks while the first one's is under way.
    await context.route(app.config.endpoints.cognitoIdp, async route => {
      if (isRefresh(route.request())) await new Promise(r => setTimeout(r, 700));
      await route.continue();
    });
    const tabs = [await pageAhead(context, 58.5 * MINUTE), await pageAhead(context, 58.5 * MINUTE)];
    await Promise.all(tabs.map(t => t.goto(`${app.server.url}account`)));
    await Promise.all(tabs.map(t => t.locator('#profile-email').getByText(`${username}@example.com`).waitFor()));
    if (hideWebLocks) assert.equal(await tabs[0].evaluate(() => navigator.locks), undefined);
    assert.equal(refreshes(), 1);
    const [a, b] = await Promise.all(tabs.map(idToken));
    assert.equal(a, b, 'both tabs use the renewed tokens');
  });
}
