// The signed-in user's own files and own API, on the https site (scripts/deploy.sh
// --local): uploads (one request, and multipart) with progress, downloads compared byte
// for byte, delete, cancel and network loss mid-upload (no upload left open), awkward
// names, the size limit; the API view with the user's claims, and the authorizer
// refusing no token and a forged one. The emulator's S3 verifies every signature.
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

/** Multipart uploads still open under `prefix` (the administrator's view). */
function openUploads(prefix) {
  const answer = awsLocal(localConfig(), ['s3api', 'list-multipart-uploads', '--bucket', outputs.DataBucket, '--prefix', prefix]);
  return answer.Uploads ?? [];
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

test('upload one small and one multipart file with progress, download both byte for byte, delete one', async () => {
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
  await page.getByLabel('Upload files').setInputFiles([small, big]);
  const uploads = page.locator('li.upload');
  await uploads.filter({ hasText: 'big.bin' }).getByText('Uploaded').waitFor({ timeout: 60000 });
  await uploads.filter({ hasText: 'notes.txt' }).getByText('Uploaded').waitFor();
  assert.ok(page.progressSeen > 0, 'progress between 0 and 100 % was shown');
  const files = page.locator('table.files');
  await files.getByRole('cell', { name: 'notes.txt', exact: true }).waitFor();
  await files.getByRole('cell', { name: 'big.bin', exact: true }).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}files.png`, fullPage: true });

  // The requests: one PUT for the small file; create, two parts, complete for the big one.
  const about = key => s3.filter(r => r.key === `${folder}${key}`).map(r => `${r.method} ${[...r.query.keys()].join('&')}`);
  assert.deepEqual(about('notes.txt'), ['PUT ']);
  assert.deepEqual(about('big.bin').filter(x => !x.startsWith('OPTIONS')),
    ['POST uploads', 'PUT partNumber&uploadId', 'PUT partNumber&uploadId', 'POST uploadId']);

  // Downloads: the bytes and the name as uploaded (a presigned GET that sets the name).
  const got = await download(page, 'notes.txt');
  assert.deepEqual([got.name, got.bytes], ['notes.txt', small.buffer]);
  const gotBig = await download(page, 'big.bin');
  assert.equal(gotBig.name, 'big.bin');
  assert.ok(gotBig.bytes.equals(big.buffer), 'the multipart file came back byte for byte');

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

test('a cancelled multipart upload, and one cut by network loss, leave no upload open', async () => {
  const { context, page, folder } = await signedInOnFiles();
  const s3Origin = new URL(deployed.endpoints.s3).origin;
  // Hold the second part until the test has clicked Cancel.
  let release;
  let reached;
  const held = new Promise(r => { release = r; });
  const inFlight = new Promise(r => { reached = r; });
  const secondPart = u => u.origin === s3Origin && u.searchParams.get('partNumber') === '2';
  await page.route(secondPart, async route => {
    reached();
    await held;
    await route.continue().catch(() => {}); // the page aborted it meanwhile
  });
  await page.getByLabel('Upload files').setInputFiles({ name: 'cancelled.bin', mimeType: 'application/octet-stream', buffer: randomBytes(17 * MiB) });
  const row = page.locator('li.upload', { hasText: 'cancelled.bin' });
  await inFlight;
  await row.getByText(/ MB of 17\.8 MB$/).waitFor();
  assert.equal(openUploads(folder).length, 1, 'the upload is open while it runs');
  await row.getByRole('button', { name: 'Cancel' }).click();
  await row.getByText('Upload cancelled.').waitFor();
  release();
  await page.unroute(secondPart);
  for (let i = 0; i < 50 && openUploads(folder).length > 0; i++) await page.waitForTimeout(100);
  assert.deepEqual(openUploads(folder), [], 'aborted: no upload left open');

  // The network lost mid-way: the part fails, the sentence says so, the upload is aborted.
  expectProblems(/ERR_INTERNET_DISCONNECTED/); // the connection this test cuts
  await page.route(secondPart, route => route.abort('internetdisconnected'));
  await page.getByLabel('Upload files').setInputFiles({ name: 'cut.bin', mimeType: 'application/octet-stream', buffer: randomBytes(17 * MiB) });
  await page.locator('li.upload', { hasText: 'cut.bin' }).getByText('Could not reach S3.').waitFor({ timeout: 30000 });
  for (let i = 0; i < 50 && openUploads(folder).length > 0; i++) await page.waitForTimeout(100);
  assert.deepEqual(openUploads(folder), []);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  const keys = awsLocal(localConfig(), ['s3api', 'list-objects-v2', '--bucket', outputs.DataBucket, '--prefix', folder]).Contents ?? [];
  assert.deepEqual(keys, [], 'nothing half-written');
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
  assert.deepEqual(scopes.sort(), ['api/whoami.read', 'aws.cognito.signin.user.admin']);
  // The app's own call with a forged token (here replaced on its way): the sentence.
  await page.unrouteAll();
  await page.route(u => u.origin === apiOrigin && u.pathname.endsWith('/whoami'),
    route => route.continue({ headers: { ...route.request().headers(), authorization: forged } }));
  await page.getByRole('button', { name: 'Call it again' }).click();
  await page.getByRole('alert').getByText('Your API refused your sign-in (HTTP 401)').waitFor();
  await context.close();
});
