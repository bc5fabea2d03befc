// The further steps of a sign-in (issue "Account lifecycle", items 1 and 4), in
// headless Chromium against the local AWS emulator: the new password of an
// account an administrator created, the authenticator app (TOTP) set up from the
// account view with its QR code, the code asked at sign-in, and SMS and email codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { ARTIFACTS } from './browser.mjs';
import { fulfillAws } from './contract.mjs';
import { PASSWORD, awsLocal, awsSession, newUser, refreshWith, signIn as signInAt, totp, unique, useLocalApp, wrongCode } from './local-app.mjs';

const app = useLocalApp();

const signIn = (page, username, password) => signInAt(page, app.server.url, username, password);

test('an account created by an administrator: temporary password, then a new one', async () => {
  const username = unique('admin');
  const TEMPORARY = 'Temporary-Pass-1';
  awsLocal(app.config, ['cognito-idp', 'admin-create-user', '--user-pool-id', app.config.userPoolId, '--username', username,
    '--temporary-password', TEMPORARY, '--message-action', 'SUPPRESS',
    '--user-attributes', `Name=email,Value=${username}@example.com`, 'Name=email_verified,Value=true']);

  const page = await (await app.browser.newContext()).newPage();
  await signIn(page, username, TEMPORARY);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  const NEW = 'Own-Password-2024';
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Confirm new password').fill('short');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('alert').getByText('The password needs').waitFor();
  await page.getByLabel('New password', { exact: true }).fill(NEW);
  await page.getByLabel('Confirm new password').fill(`${NEW}x`);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('alert').getByText('The passwords do not match.').waitFor();
  await page.screenshot({ path: `${ARTIFACTS}new-password.png`, fullPage: true });
  await page.getByLabel('New password', { exact: true }).fill(NEW);
  await page.getByLabel('Confirm new password').fill(NEW);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.waitForURL(/\/objects$/);
  const user = awsLocal(app.config, ['cognito-idp', 'admin-get-user', '--user-pool-id', app.config.userPoolId, '--username', username]);
  assert.equal(user.UserStatus, 'CONFIRMED');

  // The temporary password is gone; the new one signs in directly.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, username, TEMPORARY);
  await page.getByRole('alert').getByText('Incorrect username or password.').waitFor();
  await signIn(page, username, NEW);
  await page.waitForURL(/\/objects$/);
});

test('a new password with the attributes the pool requires', async () => {
  // The emulator never asks for attributes (its requiredAttributes is always []):
  // here its challenge is passed on with "name" required, as AWS would send it,
  // and the answer the app sends must carry the name (emulator-gap 8).
  const username = unique('adminattr');
  const TEMPORARY = 'Temporary-Pass-1';
  awsLocal(app.config, ['cognito-idp', 'admin-create-user', '--user-pool-id', app.config.userPoolId, '--username', username,
    '--temporary-password', TEMPORARY, '--message-action', 'SUPPRESS',
    '--user-attributes', `Name=email,Value=${username}@example.com`]);
  const page = await (await app.browser.newContext()).newPage();
  const answers = [];
  await page.route(app.config.endpoints.cognitoIdp, async route => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED') answers.push(body.ChallengeResponses);
    const response = await route.fetch();
    const json = await response.json();
    if (json.ChallengeName === 'NEW_PASSWORD_REQUIRED') {
      json.ChallengeParameters.requiredAttributes = JSON.stringify(['userAttributes.name']);
    }
    await fulfillAws(route, json, { response });
  });
  await signIn(page, username, TEMPORARY);
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  const NEW = 'Own-Password-2025';
  await page.getByLabel('New password', { exact: true }).fill(NEW);
  await page.getByLabel('Confirm new password').fill(NEW);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('alert').getByText('Enter your name.').waitFor();
  assert.equal(answers.length, 0, 'nothing is sent while a required attribute is empty');
  await page.getByLabel('New password', { exact: true }).fill(NEW);
  await page.getByLabel('Confirm new password').fill(NEW);
  await page.getByLabel('Name').fill('Grace Hopper');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.waitForURL(/\/objects$/);
  assert.equal(answers.length, 1);
  assert.equal(answers[0]['userAttributes.name'], 'Grace Hopper');
  assert.equal(answers[0].NEW_PASSWORD, NEW);
});

test('authenticator app: set up with the QR code, then sign-in asks for its code', async () => {
  const username = await newUser(app.config, 'totp');
  const page = await (await app.browser.newContext()).newPage();
  await signIn(page, username);
  await page.waitForURL(/\/objects$/);
  await page.goto(`${app.server.url}account`);
  await page.locator('#two-step-status').getByText('Off').waitFor();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();

  const shown = await page.locator('#totp-secret').innerText();
  const key = shown.replace(/\s/g, '');
  assert.match(key, /^[A-Z2-7]{16,}$/, `a base32 key: ${shown}`);
  // The QR code, read back from the screen by an independent decoder.
  const png = PNG.sync.read(await page.getByRole('img', { name: 'QR code for your authenticator app' }).screenshot());
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(decoded, 'the QR code decodes');
  const uri = new URL(decoded.data);
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.host, 'totp');
  assert.equal(decodeURIComponent(uri.pathname), `/Cognito demo:${username}@example.com`);
  assert.equal(uri.searchParams.get('secret'), key);
  assert.equal(uri.searchParams.get('issuer'), 'Cognito demo');
  await page.screenshot({ path: `${ARTIFACTS}totp-setup.png`, fullPage: true });

  await page.getByLabel('Code from the app').fill(wrongCode(key));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.getByRole('alert').getByText('That code is not correct').waitFor();
  await page.getByLabel('Code from the app').fill(totp(key));
  await page.getByRole('button', { name: 'Verify and turn on' }).click();
  await page.locator('#two-step-status').getByText('On: signing in asks for a code').waitFor();
  const mfa = awsLocal(app.config, ['cognito-idp', 'admin-get-user', '--user-pool-id', app.config.userPoolId, '--username', username]);
  assert.equal(mfa.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');

  // Sign-in now takes the password and a code.
  await page.goto(`${app.server.url}objects`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, username);
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByText('authenticator app shows').waitFor();
  await page.getByLabel('Code').fill(wrongCode(key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').getByText('That code is not correct').waitFor();
  await page.screenshot({ path: `${ARTIFACTS}totp-sign-in.png`, fullPage: true });
  await page.getByLabel('Code').fill(totp(key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/objects$/);

  // Turning it off asks who is there first: the password and a current code.
  await page.goto(`${app.server.url}account`);
  await page.getByRole('button', { name: 'Turn off' }).click();
  const setting = () => awsLocal(app.config, ['cognito-idp', 'admin-get-user', '--user-pool-id', app.config.userPoolId,
    '--username', username]).PreferredMfaSetting;
  assert.equal(setting(), 'SOFTWARE_TOKEN_MFA', 'one click turned it off');
  const nextCode = totp(key, Date.now() + 30000); // not the code just used to sign in
  await page.getByLabel('Your password').fill('Wrong-Password-9');
  await page.getByLabel('Current code').fill(nextCode);
  await page.getByRole('button', { name: 'Turn off two-step' }).click();
  await page.getByRole('alert').getByText('Incorrect username or password.').waitFor();
  assert.equal(await page.getByLabel('Your password').inputValue(), '', 'the password field is cleared');
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByLabel('Current code').fill(wrongCode(key));
  await page.getByRole('button', { name: 'Turn off two-step' }).click();
  await page.getByRole('alert').getByText('That code is not correct').waitFor();
  assert.equal(setting(), 'SOFTWARE_TOKEN_MFA');
  // Turned off, the password is enough again. The session signed in again for it
  // replaces the one before: that one's refresh token is revoked.
  const before = await page.evaluate(() =>
    Object.entries(localStorage).find(([k]) => k.endsWith('.refreshToken'))?.[1]);
  const revoked = [];
  page.on('request', r => r.headers()['x-amz-target']?.endsWith('.RevokeToken') && revoked.push(JSON.parse(r.postData()).Token));
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByLabel('Current code').fill(nextCode);
  await page.getByRole('button', { name: 'Turn off two-step' }).click();
  await page.locator('#two-step-status').getByText('Off').waitFor();
  assert.notEqual(setting(), 'SOFTWARE_TOKEN_MFA');
  for (let i = 0; i < 50 && revoked.length === 0; i++) await page.waitForTimeout(100);
  assert.deepEqual(revoked, [before], 'the old refresh token is revoked');
  assert.equal((await refreshWith(app.config, before)).body.__type, 'NotAuthorizedException');
  await page.goto(`${app.server.url}objects`);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, username);
  await page.waitForURL(/\/objects$/);
});

test('a code sent by text message is asked for, with where it went', async () => {
  const username = await newUser(app.config, 'sms');
  awsLocal(app.config, ['cognito-idp', 'admin-update-user-attributes', '--user-pool-id', app.config.userPoolId, '--username', username,
    '--user-attributes', 'Name=phone_number,Value=+15555550123', 'Name=phone_number_verified,Value=true']);
  awsLocal(app.config, ['cognito-idp', 'admin-set-user-mfa-preference', '--user-pool-id', app.config.userPoolId, '--username', username,
    '--sms-mfa-settings', 'Enabled=true,PreferredMfa=true']);
  const page = await (await app.browser.newContext()).newPage();
  const sentBefore = await textMessages('+15555550123');
  await signIn(page, username);
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByText(/sent by text message to [+*]+0123\./).waitFor();
  let code;
  for (let i = 0; i < 50 && !code; i += 1) {
    const sent = await textMessages('+15555550123');
    code = sent.slice(sentBefore.length).map(m => m.match(/\b\d{6}\b/)?.[0]).find(Boolean);
    if (!code) await new Promise(r => setTimeout(r, 100));
  }
  assert.ok(code, 'the emulator sent a text message with a code');
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/objects$/);
});

/** Text messages the emulator "sent" to `phone`. */
async function textMessages(phone) {
  const r = await fetch(`${app.config.endpoints.cognitoIdp}_fakecloud/sns/sms`);
  const { messages } = await r.json();
  return messages.filter(m => m.phoneNumber === phone).map(m => m.message);
}

test('a code sent by email is asked for (AWS EMAIL_OTP, which the emulator does not send)', async () => {
  // The emulator's real answer to the password proof (tokens) is held back and an
  // EMAIL_OTP challenge, shaped as AWS sends it, goes to the app instead; the app's
  // answer to it gets the held tokens (emulator-gap 33).
  const username = await newUser(app.config, 'emailotp');
  const page = await (await app.browser.newContext()).newPage();
  let held;
  let answered;
  const session = awsSession();
  await page.route(app.config.endpoints.cognitoIdp, async route => {
    const body = JSON.parse(route.request().postData() ?? '{}');
    if (body.ChallengeName === 'PASSWORD_VERIFIER') {
      const response = await route.fetch();
      held = await response.json();
      assert.ok(held.AuthenticationResult, 'the emulator signed the user in');
      await fulfillAws(route, {
        ChallengeName: 'EMAIL_OTP', Session: session,
        ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'e***@e***', USERNAME: username },
      }, { response });
    } else if (body.ChallengeName === 'EMAIL_OTP') {
      answered = body;
      await fulfillAws(route, held);
    } else {
      await route.continue();
    }
  });
  await signIn(page, username);
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByText('Enter the 6-digit code sent to e***@e***.').waitFor();
  await page.getByLabel('Code').fill('12345');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').getByText('6 digits').waitFor();
  assert.equal(answered, undefined, 'a malformed code is not sent');
  await page.getByLabel('Code').fill('123 456');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/objects$/);
  assert.equal(answered.Session, session);
  assert.equal(answered.ChallengeResponses.EMAIL_OTP_CODE, '123456');
  assert.equal(answered.ChallengeResponses.USERNAME, username);
});
