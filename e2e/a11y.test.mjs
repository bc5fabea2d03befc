// Accessibility: axe-core (e2e/a11y.mjs; WCAG 2.0/2.1/2.2 A and AA, and best
// practices) on every view of the release build, against the local AWS emulator,
// at desktop width (1280×800) and phone width (390×844, a mobile viewport), each
// in the light and the dark color scheme (prefers-color-scheme); a full-page
// screenshot of each to e2e/artifacts/a11y/<view>-<desktop|phone>-<light|dark>.png.
// Each view is checked once it has settled (its heading or form shown, its
// listing or answer loaded). One browser; one page per width, reused throughout.
//
// The views:
//   guest      signin          /signin
//              signin-error    /signin after a wrong password (the alert)
//              register        /register
//              register-error  /register with passwords that do not match (the alert)
//              verify          /verify
//              forgot-password /forgot-password
//              reset-password  /reset-password
//              objects-guest   /objects as a guest (the local config allows guests), shared folder listed
//              objects-folder  /objects?prefix=public%2Fdocs%2F: a folder, its breadcrumb
//              new-password    /signin's next step for an account an administrator made
//              mfa-code        /signin's next step when two-step verification is on (a code)
//              not-found       /no-such-page
//              callback-error  /callback?error=access_denied&… (the hosted page's refusal)
//   signed in  objects         /objects, the opening listing shown
//   (a new     files           /files, the (empty) folder listed
//   user, by   api             /api, the API's answer shown
//   the forms) account         /account, the profile loaded
//              signed-out      /signin after Sign out (its sentence)
//   setup      setup           the app with no config.json (it answers 404)
//
// And two checks of the check itself: axe runs under the app's own
// Content-Security-Policy (still in force, not weakened, nothing reported), and
// an unlabelled <input> put into the sign-in form is reported (rule `label`).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { A11Y_ARTIFACTS, AXE_VERSION, axeCheck, expectNoViolations, screenshot } from './a11y.mjs';
import { expectProblems } from './browser.mjs';
import { PASSWORD, fillSignIn, register, unique, verify } from './forms.mjs';
import { awsLocal, emailedCode, newUser, useLocalApp } from './local-app.mjs';

const app = useLocalApp();

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};
const SCHEMES = ['light', 'dark'];

/** The user the signed-in views are seen as (registered through the forms on first use). */
let username;

async function registeredUser(page) {
  if (username) return username;
  const name = unique('a11y');
  // A long address without a place to break: the views must wrap it, not scroll sideways.
  await register(page, app.server.url, name, { email: `${name}withalongaddressthathasnoplacetobreakatall@example.com` });
  await page.waitForURL(/\/verify$/);
  await verify(page, await emailedCode(app.config, name));
  await page.waitForURL(/\/signin$/);
  username = name;
  return name;
}

/** Signs the page's context in (once), ending on /objects. */
async function signedIn(state) {
  if (state.signedIn) return;
  const { page } = state;
  const name = await registeredUser(page);
  await page.goto(`${app.server.url}signin`);
  await fillSignIn(page, name);
  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(name).waitFor();
  state.signedIn = true;
}

/** A row of the shared folder's listing (seeded by scripts/local-aws.sh). */
const sharedListed = page => page.locator('table.objects').getByText('readme.txt', { exact: true }).waitFor();

/**
 * The emulator's API answers only the deployed site's origin (CORS) and leaves
 * the claims out of its answer (emulator-gap 29, as e2e/files.test.mjs): its
 * answer, passed on with the claims AWS's mapping template renders from the
 * token the authorizer checked, and the CORS header for this origin.
 */
async function routeApi(page) {
  const api = new URL(app.config.api);
  const origin = new URL(app.server.url).origin;
  await page.route(u => u.origin === api.origin && u.pathname.startsWith(api.pathname), async route => {
    if (route.request().method() === 'OPTIONS') {
      return route.fulfill({ status: 204, headers: {
        'access-control-allow-origin': origin, 'access-control-allow-methods': 'GET,OPTIONS', 'access-control-allow-headers': 'authorization',
      } });
    }
    const response = await route.fetch();
    const headers = { ...response.headers(), 'access-control-allow-origin': origin };
    const token = route.request().headers().authorization;
    if (response.status() !== 200 || !token) return route.fulfill({ response, headers });
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));
    const json = {
      ...(await response.json()), sub: claims.sub, username: claims.username, client_id: claims.client_id,
      scope: claims.scope, token_use: claims.token_use, iss: claims.iss, auth_time: String(claims.auth_time),
    };
    return route.fulfill({ response, headers, json });
  });
}

/** Each view: how to open it, and when it has settled. */
const VIEWS = [
  ['signin', async ({ page }) => {
    await page.goto(`${app.server.url}signin`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').waitFor();
  }],
  ['signin-error', async ({ page }) => {
    await page.goto(`${app.server.url}signin`);
    await fillSignIn(page, unique('nobody'), 'Wrong-Password-9');
    await page.getByRole('alert').getByText('Incorrect username or password.').waitFor();
  }],
  ['register', async ({ page }) => {
    await page.goto(`${app.server.url}register`);
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await page.getByLabel('Confirm password').waitFor();
  }],
  ['register-error', async ({ page }) => {
    await page.goto(`${app.server.url}register`);
    await page.getByLabel('Email').fill('someone@example.com');
    await page.getByLabel('Username').fill(unique('a11y'));
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password').fill(`${PASSWORD}x`);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('alert').getByText('The passwords do not match.').waitFor();
  }],
  ['verify', async ({ page }) => {
    await page.goto(`${app.server.url}verify`);
    await page.getByRole('heading', { name: 'Verify your email address' }).waitFor();
    await page.getByLabel('Verification code').waitFor();
  }],
  ['forgot-password', async ({ page }) => {
    await page.goto(`${app.server.url}forgot-password`);
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await page.getByRole('button', { name: 'Send code' }).waitFor();
  }],
  ['reset-password', async ({ page }) => {
    await page.goto(`${app.server.url}reset-password`);
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await page.getByLabel('Confirm new password').waitFor();
  }],
  ['objects-guest', async ({ page }) => {
    await page.goto(`${app.server.url}objects`);
    await page.getByRole('heading', { name: 'Browsing as a guest' }).waitFor();
    await sharedListed(page);
  }],
  ['objects-folder', async ({ page }) => {
    await page.goto(`${app.server.url}objects?prefix=public%2Fdocs%2F`);
    await page.getByRole('navigation', { name: 'Folder' }).waitFor();
    await page.locator('table.objects').getByText('fish & chips.txt', { exact: true }).waitFor();
  }],
  ['new-password', async ({ page }) => {
    // An account an administrator created: its first sign-in asks for a new password.
    const name = unique('admin');
    awsLocal(app.config, ['cognito-idp', 'admin-create-user', '--user-pool-id', app.config.userPoolId, '--username', name,
      '--temporary-password', 'Temporary-Pass-1', '--message-action', 'SUPPRESS',
      '--user-attributes', `Name=email,Value=${name}@example.com`, 'Name=email_verified,Value=true']);
    await page.goto(`${app.server.url}signin`);
    await fillSignIn(page, name, 'Temporary-Pass-1');
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  }],
  ['mfa-code', async ({ page }) => {
    // Two-step verification by text message: sign-in asks for the code.
    const name = await newUser(app.config, 'a11ymfa');
    awsLocal(app.config, ['cognito-idp', 'admin-update-user-attributes', '--user-pool-id', app.config.userPoolId, '--username', name,
      '--user-attributes', 'Name=phone_number,Value=+15555550199', 'Name=phone_number_verified,Value=true']);
    awsLocal(app.config, ['cognito-idp', 'admin-set-user-mfa-preference', '--user-pool-id', app.config.userPoolId, '--username', name,
      '--sms-mfa-settings', 'Enabled=true,PreferredMfa=true']);
    await page.goto(`${app.server.url}signin`);
    await fillSignIn(page, name, PASSWORD);
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await page.getByLabel('Code').waitFor();
  }],
  ['not-found', async ({ page }) => {
    await page.goto(`${app.server.url}no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  }],
  ['callback-error', async ({ page }) => {
    await page.goto(`${app.server.url}callback?error=access_denied&error_description=User%20cancelled&state=a11y`);
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: 'Back to sign in' }).waitFor();
  }],
  ['objects', async state => {
    await signedIn(state);
    const { page } = state;
    await page.goto(`${app.server.url}objects`);
    await page.locator('#who-username').getByText(username).waitFor();
    await sharedListed(page);
  }],
  ['files', async state => {
    await signedIn(state);
    const { page } = state;
    await page.goto(`${app.server.url}files`);
    await page.getByRole('heading', { name: 'Your files' }).waitFor();
    await page.locator('#no-files, table.files').first().waitFor();
  }],
  ['api', async state => {
    await signedIn(state);
    const { page } = state;
    await routeApi(page);
    await page.goto(`${app.server.url}api`);
    await page.getByRole('heading', { name: 'Your API' }).waitFor();
    await page.locator('#api-claims').getByRole('cell', { name: username, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Call it again' }).waitFor();
    await page.unrouteAll({ behavior: 'wait' });
  }],
  ['account', async state => {
    await signedIn(state);
    const { page } = state;
    await page.goto(`${app.server.url}account`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.locator('table.claims').getByText(`${username}withalongaddressthathasnoplacetobreakatall@example.com`).first().waitFor();
    await page.locator('#profile-email').getByText(`${username}withalongaddressthathasnoplacetobreakatall@example.com`).waitFor();
  }],
  ['signed-out', async state => {
    await signedIn(state);
    const { page } = state;
    await page.goto(`${app.server.url}objects`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin$/);
    await page.getByText('You are signed out.').waitFor();
    state.signedIn = false;
  }],
  ['setup', async ({ page }) => {
    await page.route('**/config.json', route => route.fulfill({ status: 404, body: '' }));
    try {
      await page.goto(app.server.url);
      await page.getByRole('heading', { name: 'This app is not configured yet' }).waitFor();
    } finally {
      await page.unroute('**/config.json');
    }
  }],
];

/** Per width: its page, the view it shows, whether it is signed in. */
const states = {};

async function stateFor(width) {
  states[width] ??= { page: await (await app.browser.newContext(VIEWPORTS[width])).newPage(), view: null, signedIn: false };
  return states[width];
}

/** Every violation found, for e2e/artifacts/a11y/violations.txt. */
const found = [];
after(() => {
  writeFileSync(`${A11Y_ARTIFACTS}violations.txt`, found.length ? `${found.join('\n')}\n` : '');
});

test(`axe-core ${AXE_VERSION} runs under the app's Content-Security-Policy, which stays in force`, async () => {
  const page = await (await app.browser.newContext()).newPage();
  await page.goto(`${app.server.url}signin`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /(^|;)\s*script-src 'self'[^;]*(;|$)/);
  assert.doesNotMatch(policy, /unsafe-inline|'unsafe-eval'/);
  await page.evaluate(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  const lines = await axeCheck(page, { name: 'csp' });
  assert.ok(Array.isArray(lines));
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'injecting and running axe breaks no rule of the policy');
  // The policy still holds for the page: an inline script is refused.
  expectProblems(/Executing inline script violates the following Content Security Policy directive/);
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true;';
    document.body.append(s);
  });
  await page.waitForFunction(() => window.cspViolations.length > 0);
  assert.equal(await page.evaluate(() => window.inlineRan), undefined);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), ['script-src-elem inline']);
  await page.context().close();
});

test('the check finds an unlabelled input put into the sign-in form', async () => {
  const page = await (await app.browser.newContext(VIEWPORTS.desktop)).newPage();
  await page.goto(`${app.server.url}signin`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.id = 'unlabelled-probe';
    input.type = 'text';
    document.querySelector('form').append(input);
  });
  const lines = await axeCheck(page, { name: 'signin-probe' });
  const label = lines.violations.filter(v => v.rule === 'label');
  assert.deepEqual(label.map(v => v.target), ['#unlabelled-probe'], lines.join('\n'));
  assert.match(lines.find(l => l.includes(' label ')), /^signin-probe: label \(critical\) #unlabelled-probe — Form elements must have labels: /);
  await assert.rejects(expectNoViolations(page, 'signin-probe'),
    /accessibility violation\(s\) in signin-probe:\n(.*\n)*signin-probe: label \(critical\) #unlabelled-probe — /);
  // Without it, no `label` violation.
  await page.locator('#unlabelled-probe').evaluate(e => e.remove());
  assert.deepEqual((await axeCheck(page, { name: 'signin' })).violations.filter(v => v.rule === 'label'), []);
  await page.context().close();
});

for (const width of Object.keys(VIEWPORTS)) {
  for (const [view, open] of VIEWS) {
    for (const scheme of SCHEMES) {
      const name = `${view}-${width}-${scheme}`;
      test(`a11y: ${name}`, async () => {
        const state = await stateFor(width);
        if (state.view !== view) {
          state.view = null;
          await open(state);
          state.view = view;
        }
        const { page } = state;
        await page.emulateMedia({ colorScheme: scheme });
        assert.equal(await page.evaluate(s => matchMedia(`(prefers-color-scheme: ${s})`).matches, scheme), true);
        await screenshot(page, name);
        const lines = await axeCheck(page, { name });
        found.push(...lines);
        assert.deepEqual([...lines], [], `${lines.length} accessibility violation(s):\n${lines.join('\n')}`);
        // Reflow (WCAG 1.4.10): nothing wider than the screen, so nothing scrolls sideways.
        // (Measured against the viewport set, not innerWidth: a phone browser widens
        // the window to fit a page that overflows.)
        const screenWidth = page.viewportSize().width;
        const [scrollWidth, wide] = await page.evaluate(w => [document.documentElement.scrollWidth,
          [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w)
            .slice(-3).map(e => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map(c => `.${c}`).join('')}`
              + ` (right edge ${Math.round(e.getBoundingClientRect().right)})`)], screenWidth);
        assert.ok(scrollWidth <= screenWidth, `the page is ${scrollWidth} px wide on a ${screenWidth} px screen: ${wide.join(', ')}`);
      });
    }
  }
}
