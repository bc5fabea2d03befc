// Keyboard only (WCAG 2.1.1 Keyboard, 2.4.1 Bypass Blocks, 2.4.3 Focus Order,
// 2.4.7 Focus Visible), against the local AWS emulator: register, verify the
// emailed code, sign in, open a folder on /objects, upload a file on "Your
// files", sign out — moving and activating with Tab, Shift+Tab, Enter and Space
// only, and typing into the focused field. No click, fill, focus or goto after
// the first load of /register; the one dialog outside the page, the system's
// file chooser (which a keyboard user gets too), is answered with `setFiles`.
// At every focus stop on the way the focus must be visible (:focus-visible and
// an outline or a box shadow, on screen). Screenshots after each step to
// e2e/artifacts/keyboard/<n>-<step>.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { ARTIFACTS, newPage } from './browser.mjs';
import { PASSWORD, unique } from './forms.mjs';
import { emailedCode, useLocalApp } from './local-app.mjs';

const app = useLocalApp();
const SHOTS = `${ARTIFACTS}keyboard/`;
mkdirSync(SHOTS, { recursive: true });

/**
 * The focused element as a keyboard user meets it: tag, role, accessible name
 * (aria-labelledby, aria-label, its <label>s, its text, its title: enough for
 * this app's controls), id, value, where it is (top bar, table), and whether
 * its focus is visible — `:focus-visible`, an outline (style not `none`, width
 * > 0) or a box shadow, and a box of some size on screen. `null` when nothing
 * is focused (the body).
 */
const focused = page => page.evaluate(() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const text = s => (s ?? '').replace(/\s+/g, ' ').trim();
  const byIds = ids => ids.split(/\s+/).map(id => document.getElementById(id)?.textContent).join(' ');
  const name = text(
    (e.getAttribute('aria-labelledby') && byIds(e.getAttribute('aria-labelledby')))
    || e.getAttribute('aria-label')
    || (e.labels?.length ? [...e.labels].map(l => l.textContent).join(' ') : '')
    || (e.tagName === 'INPUT' ? '' : e.textContent)
    || e.getAttribute('title'));
  const tag = e.tagName.toLowerCase();
  const type = e.getAttribute('type') ?? '';
  const implicit = tag === 'a' && e.hasAttribute('href') ? 'link'
    : tag === 'button' || (tag === 'input' && ['button', 'submit', 'reset', 'file'].includes(type)) ? 'button'
    : tag === 'input' && ['checkbox', 'radio'].includes(type) ? type
    : tag === 'input' || tag === 'textarea' ? 'textbox'
    : tag === 'main' ? 'main'
    : tag === 'select' ? 'combobox' : '';
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  const box = e.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth;
  const where = e.closest('nav[aria-label="Main"]') ? 'top bar' : e.closest('table') ? `table.${e.closest('table').className.split(' ').join('.')}` : e.closest('main') ? 'main' : '';
  return {
    tag, type, role: e.getAttribute('role') ?? implicit, name, id: e.id, where,
    value: 'value' in e && tag !== 'button' ? e.value : undefined,
    focusVisible: e.matches(':focus-visible'),
    outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    boxShadow: style.boxShadow,
    visible: e.matches(':focus-visible') && (outline || shadow) && onScreen,
    onScreen,
  };
});

/** One line for a focused element (`(nothing)` for the body). */
const describe = f => (f ? `${f.role || f.tag} "${f.name}"${f.id ? ` #${f.id}` : ''}${f.where ? ` in ${f.where}` : ''}` : '(nothing: body)');

/**
 * Whether the focused element `f` matches `want`: a function of it, or an
 * object whose fields must all equal its own ({ role, name, id, where }).
 */
const matches = (f, want) => f !== null && (typeof want === 'function'
  ? want(f)
  : Object.entries(want).every(([k, v]) => f[k] === v));

/** Focus stops whose focus was not visible, for the report at the end. */
const invisible = [];

/**
 * Presses Tab (or Shift+Tab with `back`) until the focused element matches
 * `want` (see `matches`); fails with the stops visited if it is not reached
 * within `max` presses. At every stop the focus must be visible (recorded in
 * `invisible` and asserted at once). Returns the stops visited.
 */
async function tabTo(page, want, { max = 40, back = false, step = '' } = {}) {
  const visited = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    visited.push(f);
    if (f && !f.visible) {
      const line = `${step}: ${describe(f)} — :focus-visible ${f.focusVisible}, outline ${f.outline}, box-shadow ${f.boxShadow}, on screen ${f.onScreen}`;
      invisible.push(line);
      assert.fail(`focus not visible at ${line}`);
    }
    if (matches(f, want)) return visited;
  }
  assert.fail(`${step}: ${back ? 'Shift+Tab' : 'Tab'} did not reach ${typeof want === 'function' ? want.toString() : JSON.stringify(want)} in ${max} presses; visited:\n  ${visited.map(describe).join('\n  ')}`);
}

/** Types `text` into the focused field, which must be `name` and empty (or hold `text` already: left as it is). */
async function typeInto(page, name, text) {
  const f = await focused(page);
  assert.equal(f?.name, name, `typing into ${describe(f)}, not "${name}"`);
  if (f.value === text) return;
  assert.equal(f.value, '', `"${name}" already holds something else`);
  await page.keyboard.type(text);
  assert.equal((await focused(page)).value, text, `"${name}" holds what was typed`);
}

let shot = 0;
const screenshot = (page, step) => page.screenshot({ path: `${SHOTS}${++shot}-${step}.png`, fullPage: true });

test('keyboard only: register, verify, sign in, open a folder, upload a file, sign out', { timeout: 120000 }, async () => {
  const { page, problems } = await newPage(app.browser);
  await page.setViewportSize({ width: 1280, height: 800 });
  const username = unique('kbd');
  const field = name => ({ role: 'textbox', name });
  const button = name => ({ role: 'button', name });

  // The only load: /register, once its form is shown.
  await page.goto(`${app.server.url}register`);
  await page.getByRole('heading', { name: 'Create an account' }).waitFor();
  await page.getByLabel('Address').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
  assert.equal(await focused(page), null, 'nothing focused before the first key');

  // 1. The first Tab: the skip link (shown when focused); Enter: focus on <main id="main">.
  const first = await tabTo(page, { role: 'link', name: 'Skip to the content' }, { max: 1, step: 'first Tab on /register' });
  assert.equal(first.length, 1);
  await screenshot(page, 'skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.matches('main#main'));
  assert.match(page.url(), /\/register#main$/);
  assert.equal(await page.getByRole('heading', { name: 'Create an account' }).isVisible(), true, 'still the registration form');

  // 2. Register. From the content, the form's first field is the next stop (the
  // top bar skipped). The confirmation typed first, then Shift+Tab back to Password.
  const email = await tabTo(page, field('Email'), { max: 1, step: 'register: Tab from <main>' });
  assert.equal(email.length, 1, 'the skip link skipped the top bar');
  await typeInto(page, 'Email', `${username}@example.com`);
  await tabTo(page, field('Username'), { max: 1, step: 'register' });
  await typeInto(page, 'Username', username);
  await tabTo(page, field('Password'), { max: 1, step: 'register' });
  await tabTo(page, field('Confirm password'), { max: 1, step: 'register' });
  await typeInto(page, 'Confirm password', PASSWORD);
  const backToPassword = await tabTo(page, field('Password'), { max: 1, back: true, step: 'register: Shift+Tab from Confirm password' });
  assert.equal(backToPassword.length, 1, 'Shift+Tab from Confirm password goes straight back to Password');
  await typeInto(page, 'Password', PASSWORD);
  const toSubmit = await tabTo(page, button('Register'), { max: 6, step: 'register' });
  assert.deepEqual(toSubmit.map(f => f?.name), ['Confirm password', 'Name (optional)', 'Address (optional)', 'Register'],
    'in the order shown');
  await screenshot(page, 'register');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/verify$/);
  await page.getByRole('heading', { name: 'Verify your email address' }).waitFor();

  // 3. Verify: the username is carried over; the code is typed.
  assert.equal(await page.getByLabel('Username').inputValue(), username, 'the username carried from the registration');
  await tabTo(page, field('Verification code'), { step: 'verify' });
  await typeInto(page, 'Verification code', await emailedCode(app.config, username));
  await tabTo(page, button('Verify'), { max: 1, step: 'verify' });
  await screenshot(page, 'verify');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/signin$/);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();

  // 4. Sign in: the username carried over; the password, then the form's button.
  assert.equal(await page.getByLabel('Username').inputValue(), username, 'the username carried from the verification');
  await tabTo(page, field('Password'), { step: 'sign in' });
  await typeInto(page, 'Password', PASSWORD);
  await tabTo(page, { role: 'button', name: 'Sign in', where: 'main' }, { max: 1, step: 'sign in' });
  await screenshot(page, 'sign-in');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(username).waitFor();
  const table = page.locator('table.objects');
  await table.getByText('readme.txt', { exact: true }).waitFor();

  // 5. Open the docs/ folder of the listing.
  await tabTo(page, { role: 'link', name: 'docs/', where: 'table.objects' }, { step: 'objects' });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/objects\?prefix=public%2Fdocs%2F$/);
  assert.match(page.url(), /\?prefix=public%2Fdocs%2F$/);
  await table.getByText('fish & chips.txt', { exact: true }).waitFor();
  await screenshot(page, 'folder');

  // 6. Your files: upload through the file input (Space opens the system's
  // chooser, answered here), then "Uploaded" and the file in the list.
  await tabTo(page, { role: 'link', name: 'Your files', where: 'top bar' }, { step: 'to Your files' });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/files$/);
  await page.getByRole('heading', { name: 'Your files' }).waitFor();
  await page.locator('#no-files').waitFor();
  await tabTo(page, { role: 'button', name: 'Upload files', id: 'upload' }, { step: 'files' });
  const name = 'keyboard notes.txt';
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), page.keyboard.press('Space')]);
  assert.equal(chooser.isMultiple(), true);
  await chooser.setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from('typed, not clicked\n') });
  await page.locator('li.upload', { hasText: name }).getByText('Uploaded').waitFor({ timeout: 30000 });
  await page.locator('table.files').getByRole('cell', { name, exact: true }).waitFor();
  await screenshot(page, 'upload');

  // 7. Sign out with the top bar's button.
  await tabTo(page, { role: 'button', name: 'Sign out', where: 'top bar' }, { step: 'to Sign out' });
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/signin$/);
  await page.getByText('You are signed out.').waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).waitFor();
  await screenshot(page, 'signed-out');

  assert.deepEqual(invisible, [], 'focus visible at every stop');
  assert.deepEqual(problems, []);
});
