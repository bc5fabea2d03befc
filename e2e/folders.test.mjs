// Folders, as a file browser shows them, against the local AWS emulator (as a
// guest: the shared folder is open to visitors there): the listing asks S3 for
// one folder at a time (delimiter=/), a folder opens in place with its prefix in
// the address, the address can be reloaded and shared, the breadcrumb and the
// browser's back button go back up; sizes are human, times local with the exact
// UTC time in the cell's title.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newPage } from './browser.mjs';
import { useLocalApp } from './local-app.mjs';

const app = useLocalApp();

/** The S3 ListObjectsV2 requests the page sends. */
function recordListings(page) {
  const listings = [];
  page.on('request', r => {
    const url = new URL(r.url());
    if (url.searchParams.get('list-type') === '2') listings.push(url.searchParams);
  });
  return listings;
}

test('a folder opens in place, is in the address, survives a reload and a shared link, and the way back up works', async () => {
  const { page, problems } = await newPage(app.browser);
  const listings = recordListings(page);
  await page.goto(`${app.server.url}objects`);
  const table = page.locator('table.objects');

  // The shared folder: its sub-folders, then its objects, each by its name in it.
  await table.getByText('readme.txt', { exact: true }).waitFor();
  const names = await table.locator('tbody td.key').allInnerTexts();
  assert.deepEqual(names, ['bulk/', 'docs/', 'readme.txt']);
  assert.equal(listings.at(-1).get('prefix'), 'public/');
  assert.equal(listings.at(-1).get('delimiter'), '/');
  assert.match(await page.getByRole('status').first().innerText(), /Page 1: 2 folders and 1 object$/);
  // "hello\n": 6 bytes; the time as the browser shows local times, the exact one in the title.
  const row = table.locator('tr', { hasText: 'readme.txt' });
  assert.equal(await row.locator('td').nth(1).innerText(), '6 B');
  const time = row.locator('td').nth(2);
  const iso = await time.getAttribute('title');
  assert.match(iso, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(await time.innerText(), await page.evaluate(t => new Date(t).toLocaleString('default'), iso));

  // Open a folder: in place (the same document: a mark on it stays), its prefix in the address.
  const inPlace = () => page.evaluate(() => window.stillHere === true);
  await page.evaluate(() => { window.stillHere = true; });
  await table.getByRole('link', { name: 'docs/', exact: true }).click();
  await page.waitForURL(/\/objects\?prefix=public%2Fdocs%2F$/);
  await table.getByText('fish & chips.txt', { exact: true }).waitFor();
  assert.equal(await inPlace(), true, 'the folder opened in place');
  assert.equal(listings.at(-1).get('prefix'), 'public/docs/');
  assert.equal(await page.getByLabel('Prefix').inputValue(), 'public/docs/');
  const crumbs = page.getByRole('navigation', { name: 'Folder' });
  assert.deepEqual(await crumbs.getByRole('link').allInnerTexts(), [app.config.bucket, 'public/', 'docs/']);
  assert.equal(await crumbs.getByRole('link', { name: 'docs/' }).getAttribute('aria-current'), 'page');

  // Reload: the same folder.
  await page.reload();
  await table.getByText('fish & chips.txt', { exact: true }).waitFor();
  assert.equal(listings.at(-1).get('prefix'), 'public/docs/');

  // Up with the breadcrumb, then back with the browser.
  await page.evaluate(() => { window.stillHere = true; });
  await crumbs.getByRole('link', { name: 'public/' }).click();
  await page.waitForURL(/\/objects\?prefix=public%2F$/);
  await table.getByText('readme.txt', { exact: true }).waitFor();
  await page.goBack();
  await page.waitForURL(/prefix=public%2Fdocs%2F$/);
  await table.getByText('fish & chips.txt', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Prefix').inputValue(), 'public/docs/');
  assert.equal(await inPlace(), true, 'up and back in place');

  // The address as a link, opened in another page: the same folder.
  const shared = page.url();
  const other = await newPage(app.browser);
  await other.page.goto(shared);
  await other.page.locator('table.objects').getByText('fish & chips.txt', { exact: true }).waitFor();
  assert.deepEqual(other.problems, []);
  assert.deepEqual(problems, []);
});
