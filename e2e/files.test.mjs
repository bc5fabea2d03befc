// The signed-in user's own files and own API, on the https site (scripts/deploy.sh
// --local): uploads (presigned by the upload function of the user's API, one PUT each)
// with progress, downloads compared byte for byte, delete, cancel and network loss
// mid-upload (nothing left), awkward names, the size limit in the page and kept by the
// server (the function, S3's signature check, the role), the quota; the API view with the
// user's claims, and the authorizer refusing no token, a forged one and the ID token. The
// emulator's S3 verifies every signature; the function runs as on AWS (emulator-gap 36).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { ARTIFACTS, expectProblems } from './browser.mjs';
import { awsLocal, localConfig, newUser, PASSWORD } from './local-app.mjs';
import { deployed, outputs, SITE, sitePage as sitePageOf, useSiteBrowser } from './site-common.mjs';

const site = useSiteBrowser();
const sitePage = options => sitePageOf(site.browser, options);
const MiB = 1024 * 1024;

/** Signed in on the site (SRP through the form), on /files; the user's folder. */
async function signedInOnFiles(contextOptions) {
  const username = await newUser(localConfig(), 'files');
  const opened = await sitePage(contextOptions);
  const { page } = opened;
  await page.goto(`${SITE}signin`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${SITE}objects`);
  await page.getByRole('link', { name: 'Your files' }).click();
  await page.getByRole('heading', { name: 'Your files' }).waitFor();
  await page.locator('#no-files').waitFor();
  const identityId = await page.evaluate(() =>
    Object.entries(localStorage).find(([k]) => k.startsWith('aws.cognito.identity-id.'))?.[1]);
  return { ...opened, username, folder: `private/${identityId}/` };
}

/** The S3 requests the page sends: method, path (decoded) and query. */
function recordS3(page) {
  const seen = [];
  page.on('request', r => {
    const url = new URL(r.url());
    if (`${url.origin}` === new URL(deployed.endpoints.s3).origin && url.pathname.startsWith(`/${outputs.DataBucket}/`)) {
      seen.push({ method: r.method(), key: decodeURIComponent(url.pathname.slice(outputs.DataBucket.length + 2)), query: url.searchParams });
    }
  });
  return seen;
}

/** The keys under `prefix` (the administrator's view). */
function keysUnder(prefix) {
  return (awsLocal(localConfig(), ['s3api', 'list-objects-v2', '--bucket', outputs.DataBucket, '--prefix', prefix]).Contents ?? [])
    .map(o => o.Key);
}

/**
 * Clicks Download for `name`: the saved file's name (as the browser makes it safe for
 * the disk: Chrome turns `<` into `_`), the exact name the link asks S3 to send
 * (`filename*` of its `response-content-disposition`), and the bytes.
 */
async function download(page, name) {
  const row = page.locator('table.files tr', { has: page.getByRole('cell', { name, exact: true }) });
  const [file] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
  const disposition = new URL(file.url()).searchParams.get('response-content-disposition');
  const exact = decodeURIComponent(disposition.match(/filename\*=UTF-8''(.*)$/)[1]);
  return { name: file.suggestedFilename(), exact, bytes: readFileSync(await file.path()) };
}

test('upload a small and a big file with progress, download both byte for byte, delete one', async () => {
  const { context, page, violations, folder } = await signedInOnFiles();
  const s3 = recordS3(page);
  const small = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('a small file\n') };
  const big = { name: 'big.bin', mimeType: 'application/octet-stream', buffer: randomBytes(9 * MiB + 123) };
  // Progress is shown while the big one goes (sampled from the page as it changes).
  await page.exposeFunction('sawProgress', v => { page.progressSeen = (page.progressSeen ?? 0) + (v > 0 && v < 1 ? 1 : 0); });
  await page.evaluate(() => {
    new MutationObserver(() => {
      for (const p of document.querySelectorAll('progress')) window.sawProgress(p.value / p.max);
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['value'] });
  });
  // A slower uplink (4 MB/s), so that the big file's progress shows between 0 and 100 %.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 4 * 1000 * 1000 });
  await page.getByLabel('Upload files').setInputFiles([small, big]);
  const uploads = page.locator('li.upload');
  await uploads.filter({ hasText: 'big.bin' }).getByText('Uploaded').waitFor({ timeout: 60000 });
  await uploads.filter({ hasText: 'notes.txt' }).getByText('Uploaded').waitFor();
  assert.ok(page.progressSeen > 0, 'progress between 0 and 100 % was shown');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const files = page.locator('table.files');
  await files.getByRole('cell', { name: 'notes.txt', exact: true }).waitFor();
  await files.getByRole('cell', { name: 'big.bin', exact: true }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}files.png`, fullPage: true });

  // The requests: one PUT each, to the URL the upload function presigned: its signature
  // covers the size (content-length) and the type, made with the function's credentials.
  for (const key of ['notes.txt', 'big.bin']) {
    const puts = s3.filter(r => r.key === `${folder}${key}` && r.method !== 'OPTIONS');
    assert.deepEqual(puts.map(r => r.method), ['PUT'], key);
    assert.equal(puts[0].query.get('X-Amz-SignedHeaders'), 'content-length;content-type;host', key);
    assert.match(puts[0].query.get('X-Amz-Credential'), /\/s3\/aws4_request$/);
  }

  // Downloads: the bytes and the name as uploaded (a presigned GET that sets the name).
  const got = await download(page, 'notes.txt');
  assert.deepEqual([got.name, got.bytes], ['notes.txt', small.buffer]);
  const gotBig = await download(page, 'big.bin');
  assert.equal(gotBig.name, 'big.bin');
  assert.ok(gotBig.bytes.equals(big.buffer), 'the big file came back byte for byte');

  // Delete asks once more; then the file is gone from the list and the bucket.
  const row = files.locator('tr', { has: page.getByRole('cell', { name: 'notes.txt', exact: true }) });
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByText('Delete notes.txt?').waitFor();
  await row.getByRole('button', { name: 'Yes, delete' }).click();
  await files.getByRole('cell', { name: 'notes.txt', exact: true }).waitFor({ state: 'detached' });
  assert.ok(s3.some(r => r.method === 'DELETE' && r.key === `${folder}notes.txt`));
  await files.getByRole('cell', { name: 'big.bin', exact: true }).waitFor();
  assert.deepEqual(violations, []);
  await context.close();
});

test('names with spaces, &, <, +, % and other scripts round-trip exactly', async () => {
  const { context, page } = await signedInOnFiles();
  const name = 'a b&c<d+e%f résumé – 日本語.txt';
  const buffer = Buffer.from('awkward\n');
  await page.getByLabel('Upload files').setInputFiles({ name, mimeType: 'text/plain', buffer });
  await page.locator('li.upload').getByText('Uploaded').waitFor();
  await page.locator('table.files').getByRole('cell', { name, exact: true }).waitFor();
  const got = await download(page, name);
  assert.deepEqual([got.exact, got.bytes], [name, buffer]);
  assert.equal(got.name, name.replace('<', '_'), 'saved under the name, as Chrome makes it safe for the disk');
  await context.close();
});

test('a cancelled upload, and one cut by network loss, leave nothing', async () => {
  const { context, page, folder } = await signedInOnFiles();
  const s3Origin = new URL(deployed.endpoints.s3).origin;
  // Hold the upload until the test has clicked Cancel.
  let release;
  let reached;
  const held = new Promise(r => { release = r; });
  const inFlight = new Promise(r => { reached = r; });
  const upload = u => u.origin === s3Origin && u.searchParams.has('X-Amz-SignedHeaders') && u.pathname.startsWith(`/${outputs.DataBucket}/private/`);
  await page.route(upload, async route => {
    if (route.request().method() !== 'PUT') return route.continue();
    reached();
    await held;
    await route.continue().catch(() => {}); // the page aborted it meanwhile
  });
  await page.getByLabel('Upload files').setInputFiles({ name: 'cancelled.bin', mimeType: 'application/octet-stream', buffer: randomBytes(17 * MiB) });
  const row = page.locator('li.upload', { hasText: 'cancelled.bin' });
  await inFlight;
  await row.getByRole('button', { name: 'Cancel' }).click();
  await row.getByText('Upload cancelled.').waitFor();
  release();
  await page.unroute(upload);
  await page.waitForTimeout(500);
  assert.deepEqual(keysUnder(folder), [], 'nothing written');

  // The network lost mid-way: the upload fails, the sentence says so, nothing is written.
  expectProblems(/ERR_INTERNET_DISCONNECTED/); // the connection this test cuts
  await page.route(upload, route => route.request().method() === 'PUT' ? route.abort('internetdisconnected') : route.continue());
  await page.getByLabel('Upload files').setInputFiles({ name: 'cut.bin', mimeType: 'application/octet-stream', buffer: randomBytes(17 * MiB) });
  await page.locator('li.upload', { hasText: 'cut.bin' }).getByText('Could not reach S3.').waitFor({ timeout: 30000 });
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  assert.deepEqual(keysUnder(folder), [], 'nothing half-written');
  await context.close();
});

test('the server keeps the limits: the function refuses a bigger file and another user\'s token, S3 refuses another size than the one signed, the quota holds', async () => {
  const { context, page, folder } = await signedInOnFiles({ ignoreHTTPSErrors: true });
  // The user's API from the page, with its own tokens (as the app calls it).
  const stored = which => page.evaluate(w => localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(`.${w}`))), which);
  const [accessToken, idToken] = [await stored('accessToken'), await stored('idToken')];
  const ask = body => page.evaluate(async ([url, token, b]) => {
    const r = await fetch(url, { method: 'POST', headers: { authorization: token, 'content-type': 'application/json' }, body: JSON.stringify(b) });
    return [r.status, await r.json()];
  }, [`${deployed.api}uploads`, accessToken, { contentType: 'application/octet-stream', endpoint: deployed.endpoints.s3, idToken, ...body }]);

  // Over the limit (32 MiB here: emulator-gap 30): refused by the function.
  const [status, refusal] = await ask({ name: 'huge.bin', size: 32 * MiB + 1 });
  assert.deepEqual([status, refusal.code, refusal.limit], [413, 'TooLarge', 32 * MiB]);
  // Another user's ID token with this user's access token: refused.
  const [notMine] = await ask({ name: 'x.bin', size: 1, idToken: `${idToken.split('.')[0]}.${Buffer.from(JSON.stringify({ sub: 'someone-else' })).toString('base64url')}.x` });
  assert.equal(notMine, 403);

  // A URL signed for 5 bytes: 6 bytes are refused by S3's signature check, 5 accepted.
  const [ok, signed] = await ask({ name: 'five.bin', size: 5 });
  assert.equal(ok, 200);
  assert.equal(signed.key, `${folder}five.bin`);
  const put = body => page.evaluate(async ([url, headers, b]) => (await fetch(url, { method: 'PUT', headers, body: b })).status, [signed.url, signed.headers, body]);
  assert.equal(await put('123456'), 403);
  assert.deepEqual(keysUnder(folder), []);
  assert.equal(await put('12345'), 200);
  assert.deepEqual(keysUnder(folder), [`${folder}five.bin`]);

  // The quota (64 MiB here: emulator-gap 30): a folder holding 63 MB takes no 5 MB file more.
  const dir = `${ARTIFACTS}tmp/`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}sixty-three.bin`, Buffer.alloc(63 * 1000 * 1000));
  awsLocal(localConfig(), ['s3api', 'put-object', '--bucket', outputs.DataBucket, '--key', `${folder}sixty-three.bin`, '--body', `${dir}sixty-three.bin`]);
  await page.getByLabel('Upload files').setInputFiles({ name: 'one-more.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(5 * 1000 * 1000) });
  await page.locator('li.upload', { hasText: 'one-more.bin' }).getByText('Your files may take 67.1 MB in all, and this one does not fit: delete some first.').waitFor();
  assert.ok(!keysUnder(folder).includes(`${folder}one-more.bin`));
  await context.close();
});

test('a file over the limit is refused before any request, with its sentence', async () => {
  const { context, page } = await signedInOnFiles();
  const s3 = recordS3(page);
  const dir = `${ARTIFACTS}tmp/`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}too-big.bin`;
  assert.equal(deployed.maxUploadBytes, 32 * MiB); // the local limit: emulator-gap 30
  writeFileSync(path, Buffer.alloc(40 * 1000 * 1000));
  await page.getByLabel('Upload files').setInputFiles(path);
  await page.locator('li.upload', { hasText: 'too-big.bin' }).getByText('This file is 40.0 MB and the limit is 33.6 MB.').waitFor();
  assert.deepEqual(s3.filter(r => r.method !== 'GET'), [], 'no upload request');
  await context.close();
});

test('your API: the claims the authorizer saw in the access token; no token, a forged one and the ID token are refused', async () => {
  // (This context accepts the edge's certificate for node-side fetches too: route.fetch.)
  const { context, page, username } = await signedInOnFiles({ ignoreHTTPSErrors: true });
  const apiOrigin = new URL(deployed.api).origin;
  const calls = [];
  // The emulator's mapping templates have no $context.authorizer.claims (emulator-gap 29):
  // its answer (the authorizer let the call through: 200) gets the claims AWS's
  // template renders from the token it checked.
  await page.route(u => u.origin === apiOrigin && u.pathname.endsWith('/whoami'), async route => {
    const token = route.request().headers().authorization;
    calls.push(token);
    const response = await route.fetch();
    if (response.status() !== 200) return route.fulfill({ response });
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));
    const json = { ...(await response.json()), sub: claims.sub, username: claims.username, client_id: claims.client_id, scope: claims.scope, token_use: claims.token_use, iss: claims.iss, auth_time: String(claims.auth_time) };
    return route.fulfill({ response, json });
  });
  await page.getByRole('link', { name: 'Objects' }).click();
  await page.getByRole('link', { name: 'Your API' }).click();
  const table = page.locator('#api-claims');
  await table.getByRole('cell', { name: username, exact: true }).waitFor();
  await table.getByRole('cell', { name: 'access', exact: true }).waitFor();
  const stored = which => page.evaluate(([u, w]) => localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(`${u}.${w}`))), [username, which]);
  const [idToken, accessToken] = [await stored('idToken'), await stored('accessToken')];
  assert.deepEqual(calls, [accessToken], 'the access token, as the authorizer reads it');

  // Refused by the authorizer: no token, a forged one (read from the page, with its CORS header).
  const answer = headers => page.evaluate(async ([url, h]) => {
    const r = await fetch(url, { headers: h });
    return [r.status, await r.text()];
  }, [`${deployed.api}whoami`, headers]);
  const [none] = await answer({});
  assert.equal(none, 401);
  const forged = `${idToken.split('.').slice(0, 2).join('.')}.${Buffer.from('not the pool\'s signature').toString('base64url')}`;
  const [refused] = await answer({ authorization: forged });
  assert.equal(refused, 401);
  // The method names the scope api/whoami.read: the ID token (valid, the pool's) is
  // refused with AWS's answer, the access token (with the scope) accepted.
  assert.deepEqual(await answer({ authorization: idToken }), [401, '{"message":"Unauthorized"}']);
  assert.equal((await answer({ authorization: accessToken }))[0], 200);
  // The pool's pre-token-generation trigger (the template's Python function, run by the
  // emulator) added the scope to the access token of the app's SRP sign-in.
  const scopes = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url')).scope.split(' ');
  assert.deepEqual(scopes.sort(), ['api/files.write', 'api/whoami.read', 'aws.cognito.signin.user.admin']);
  // The app's own call with a forged token (here replaced on its way): the sentence.
  await page.unrouteAll();
  await page.route(u => u.origin === apiOrigin && u.pathname.endsWith('/whoami'),
    route => route.continue({ headers: { ...route.request().headers(), authorization: forged } }));
  await page.getByRole('button', { name: 'Call it again' }).click();
  await page.getByRole('alert').getByText('Your API refused your sign-in (HTTP 401)').waitFor();
  await context.close();
});
