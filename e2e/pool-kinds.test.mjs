// Pools that sign in by email and app clients with a secret (issue "Account
// lifecycle", item 9): the same build, configured by config.json only, in
// headless Chromium against the local AWS emulator. The test creates its own
// pool (UsernameAttributes = email, case-insensitive names) and two app clients
// (public, and with a secret) with the aws CLI.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ARTIFACTS, launch } from './browser.mjs';
import { awsLocal, localConfig, serveApp } from './local-app.mjs';

const PASSWORD = 'Correct-Horse-42';
const MINUTE = 60_000;

let base;
let pool;
let browser;
const servers = [];
before(async () => {
  base = localConfig();
  const stamp = `${Date.now()}`;
  const cli = args => awsLocal(base, ['cognito-idp', ...args]);
  const created = cli(['create-user-pool', '--pool-name', `e2e-by-email-${stamp}`,
    '--username-attributes', 'email', '--auto-verified-attributes', 'email',
    '--username-configuration', 'CaseSensitive=false',
    '--policies', 'PasswordPolicy={MinimumLength=8,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,RequireSymbols=false}']);
  const userPoolId = created.UserPool.Id;
  const client = extra => cli(['create-user-pool-client', '--user-pool-id', userPoolId, '--client-name', `web-${stamp}`,
    '--explicit-auth-flows', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', ...extra]).UserPoolClient;
  pool = { userPoolId, publicClient: client([]), secretClient: awsLikeSecretClient(client) };
  assert.ok(pool.secretClient.ClientSecret, 'the second client has a secret');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

/**
 * emulator-gap 31: the emulator's client secrets use base64's `/`, which AWS's never
 * hold (the model: `[\w+]+`, 24 to 64 characters); such a secret sent by a refresh
 * would fail the contract stage. A client whose secret AWS could have made instead
 * (about one in two is; 40 tries leave a failure chance near 1e-10).
 */
function awsLikeSecretClient(client) {
  for (let i = 0; i < 40; i += 1) {
    const made = client(['--generate-secret']);
    if (/^[\w+]{24,64}$/.test(made.ClientSecret)) return made;
  }
  throw new Error('the emulator made no client secret of the shape AWS makes in 40 tries');
}

/** The app served with the test pool and `client` (and whatever else `extra` sets). */
async function appFor(client, extra = {}) {
  const config = {
    ...base, userPoolId: pool.userPoolId, clientId: client.ClientId, signInWith: 'email',
    ...(client.ClientSecret ? { clientSecret: client.ClientSecret } : {}), ...extra,
  };
  // On the port the data bucket's CORS rules allow (the objects view lists the
  // shared folder after signing in), one server at a time.
  for (const s of servers.splice(0)) s.close();
  const server = await serveApp(config);
  servers.push(server);
  return server.url;
}

/** The code the emulator "emailed" for the only unconfirmed user `email` of the test pool. */
async function emailedCode(email) {
  const sub = awsLocal(base, ['cognito-idp', 'admin-get-user', '--user-pool-id', pool.userPoolId, '--username', email]).Username;
  const r = await fetch(`${base.endpoints.cognitoIdp}_fakecloud/cognito/confirmation-codes/${pool.userPoolId}/${sub}`);
  const body = await r.json();
  assert.ok(body.confirmationCode, `no code for ${email}: ${JSON.stringify(body)}`);
  return body.confirmationCode;
}

async function registerAndVerify(page, url, email) {
  await page.goto(`${url}register`);
  assert.equal(await page.getByLabel('Username').count(), 0, 'no username field: the email names the account');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(/\/verify$/);
  await page.getByLabel('Verification code').fill(await emailedCode(email.toLowerCase()));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/signin$/);
}

async function signIn(page, url, email) {
  await page.goto(`${url}signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a pool that signs in by email: register, verify, sign in with the address in any case', async () => {
  const url = await appFor(pool.publicClient);
  const page = await (await browser.newContext()).newPage();
  const email = `Mixed.Case${Date.now()}@Example.com`;
  await registerAndVerify(page, url, email);
  // Registered under the address as typed, lower-cased. (AWS then names the user by an
  // opaque id, USER_ID_FOR_SRP, which keys the stored session; the emulator keeps the
  // address as the name, so that difference is covered by the SRP vectors instead:
  // README, "Emulator gaps", 9.)
  const user = awsLocal(base, ['cognito-idp', 'admin-get-user', '--user-pool-id', pool.userPoolId, '--username', email.toLowerCase()]);
  assert.equal(user.UserAttributes.find(a => a.Name === 'email').Value, email.toLowerCase());

  await signIn(page, url, email.toUpperCase());
  await page.waitForURL(/\/objects$/);
  await page.locator('.who-bar').getByText(`Signed in as ${email.toLowerCase()}`).waitFor();
  await page.goto(`${url}account`);
  await page.locator('#profile-email').getByText(email.toLowerCase()).waitFor();
  await page.screenshot({ path: `${ARTIFACTS}by-email.png`, fullPage: true });
});

test('an app client with a secret: every call carries SECRET_HASH, refresh included', async () => {
  const url = await appFor(pool.secretClient);
  const context = await browser.newContext();
  const targets = [];
  context.on('request', r => {
    if (r.method() !== 'POST' || !r.url().startsWith(base.endpoints.cognitoIdp)) return;
    const body = JSON.parse(r.postData());
    // The secret's proof: SECRET_HASH, or on a refresh (GetTokensFromRefreshToken) the secret itself.
    const hash = body.SecretHash ?? body.AuthParameters?.SECRET_HASH ?? body.ChallengeResponses?.SECRET_HASH ?? body.ClientSecret;
    targets.push(`${r.headers()['x-amz-target'].split('.')[1]}${body.AuthFlow ? `:${body.AuthFlow}` : ''}${hash ? '' : ' (no hash)'}`);
  });
  const page = await context.newPage();
  // The secret is public in config.json: the sign-in view says so.
  await page.goto(`${url}signin`);
  await page.locator('#public-secret').getByText('holds an app client secret, which anyone who opens this page can read').waitFor();
  const email = `secret${Date.now()}@example.com`;
  await registerAndVerify(page, url, email);
  await signIn(page, url, email);
  await page.waitForURL(/\/objects$/);

  // 58.5 minutes on (the page's clock: emulator-gap 10), the tokens are refreshed before use
  // (GetTokensFromRefreshToken with the secret).
  // (Playwright's clock is the context's: the page that signed in is closed first, or
  // its clock would jump too and it would refresh on its own.)
  await page.close();
  const later = await context.newPage();
  await later.clock.install({ time: new Date(Date.now() + 58.5 * MINUTE) });
  await later.goto(`${url}account`);
  await later.locator('#profile-email').getByText(email).waitFor();
  const expected = ['SignUp', 'ConfirmSignUp', 'InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge', 'GetTokensFromRefreshToken'];
  for (const call of expected) assert.ok(targets.includes(call), `${call} with SECRET_HASH in ${targets.join(', ')}`);
  const unhashed = targets.filter(t => t.endsWith('(no hash)'));
  // (The identity pool's calls never carry one: they are not user pool calls.)
  assert.ok(unhashed.every(t => ['GetUser', 'ListDevices', 'GetId', 'GetCredentialsForIdentity'].some(c => t.startsWith(`${c} `))),
    `only token calls go without a hash: ${targets.join(', ')}`);
});

test('a wrong or missing client secret is reported as a configuration problem', async () => {
  const email = `nosecret${Date.now()}@example.com`;
  for (const secret of ['not-the-secret', undefined]) {
    const client = { ClientId: pool.secretClient.ClientId, ...(secret ? { ClientSecret: secret } : {}) };
    const url = await appFor(client);
    const page = await (await browser.newContext()).newPage();
    await signIn(page, url, email);
    await page.getByRole('alert').getByText('This app is misconfigured: its app client secret is missing or wrong.').waitFor();
  }
});
