// Passkeys and the other ways in without a password (issue #22 items 2–6), end to end
// in headless Chromium on the https site (scripts/deploy.sh --local), with Chromium's
// virtual authenticator (DevTools protocol: ctap2, internal, resident keys, user
// verification).
//
// COVERS
// - a passkey added from the account view, only after the user shows it is them (the
//   password), then a sign-in with it and no password typed, the assertion verified
//   against the registration's public key; the list shows it (name, kind); removed with
//   a second question; a passkey sign-in after that is refused with its sentence;
// - the authenticator removed: the prompt ends with its sentence, the password still works;
// - options naming another site's RP ID: the browser refuses, the app says so (adding and
//   signing in);
// - an emailed code as the first factor: the choice shows exactly the offered ways, a
//   wrong code, "Send a new code", the right one;
// - a sign-up without a password ends signed in with no second prompt, then "Add a passkey";
// - a browser without WebAuthn's JSON methods: the same passkey added and used, through
//   ArrayBuffers (the options built, the credential read, by the app);
// - the password chosen in USER_AUTH's choice, then the authenticator app's code: all of it
//   the emulator's own (its SELECT_CHALLENGE, its server-side SRP, its TOTP check).
//
// The emulator (fakecloud 0.51, ../shared/reference/passwordless.md; emulator-gap 40) has no WEB_AUTHN,
// EMAIL_OTP or SELECT_CHALLENGE answers of its own for these accounts, no passwordless
// SignUp, no Session from ConfirmSignUp, and its StartWebAuthnRegistration names an RP ID
// no browser accepts and keeps no public key. For exactly those calls this test plays
// Cognito's side: @simplewebauthn/server makes the options Cognito would send and verifies
// every registration (attestation, origin, RP ID hash, challenge) and every assertion
// (signature with the stored public key, counter, user verification), and every request
// the app sends is held to AWS's documented shapes. The tokens it answers with are the
// emulator's own for the same user (its hosted sign-in), and everything else (password
// sign-in, GetUser, RevokeToken, the identity pool, S3) goes to the emulator.
// What Cognito would offer comes from the deployed configuration, not from this file: the
// relying party and user verification are the template's (resolved for this stack), the
// ways offered are the pool's sign-in policy (as the emulator keeps it) for what each
// account has, and the site's config.json is served with the `passwordless` that
// scripts/app-config.sh writes for this pool and app client (the emulator's own config
// says false, emulator-gap 40).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomInt, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { cose, decodeCredentialPublicKey } from '@simplewebauthn/server/helpers';
import { fulfillAws } from './contract.mjs';
import { fillSignIn } from './forms.mjs';
import { awsLocal, awsSession, cognito, emailedCode, fulfillAwsError, hostedTokens, localConfig, newUser, PASSWORD, totp, unique } from './local-app.mjs';
import { DOMAIN, SITE, STATE, deployed, outputs, sitePage, useSiteBrowser } from './site-common.mjs';

const site = useSiteBrowser();
const config = localConfig();
const ORIGIN = `https://${DOMAIN}`;
const CANCELLED = /The passkey request was cancelled or timed out|took too long and was stopped/;
const OTHER_SITE = /asks for a passkey of another site than this page's/;
const ROOT = new URL('../', import.meta.url).pathname;

/** scripts/app-config.sh's config.json for the deployed stack, as a deploy to AWS writes it (no emulator gap's hook). */
function appConfig() {
  const out = execFileSync('bash', ['-c', 'source scripts/app-config.sh && app_config "$1" "{}" aws --endpoint-url "$2"', '_',
    `${STATE}stack.json`, config.endpoints.cognitoIdp], {
    cwd: ROOT, encoding: 'utf8',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: config.region, AWS_PAGER: '' },
  });
  return JSON.parse(out);
}

/** A property of the template's user pool, resolved for the deployed stack (its parameters, its distribution). */
function userPoolProperty(property) {
  const stack = JSON.parse(readFileSync(`${STATE}stack.json`, 'utf8')).Stacks[0];
  const { Distribution } = awsLocal(config, ['cloudfront', 'get-distribution', '--id', outputs.DistributionId]);
  const params = (stack.Parameters ?? []).map(p => `${p.ParameterKey}=${p.ParameterValue}`);
  return JSON.parse(execFileSync('python3', ['scripts/local-aws/template-part.py', 'infra/template.yaml', 'UserPool', property,
    `Distribution.DomainName=${Distribution.DomainName}`, ...params], { cwd: ROOT, encoding: 'utf8' }));
}

const PASSWORDLESS = appConfig().passwordless;
const RP_ID = userPoolProperty('WebAuthnRelyingPartyID');
const USER_VERIFICATION = userPoolProperty('WebAuthnUserVerification');
const FIRST_FACTORS = awsLocal(config, ['cognito-idp', 'describe-user-pool', '--user-pool-id', config.userPoolId])
  .UserPool.Policies.SignInPolicy.AllowedFirstAuthFactors;

test('the deployed pool: passkeys for this site, codes by email, and a config.json that offers them', () => {
  assert.equal(RP_ID, DOMAIN, 'the relying party is the site\'s domain');
  assert.equal(USER_VERIFICATION, 'preferred');
  assert.deepEqual(FIRST_FACTORS, ['PASSWORD', 'WEB_AUTHN', 'EMAIL_OTP'], 'the local stack has an SES sender, no SMS role');
  assert.equal(PASSWORDLESS, true);
  assert.equal(deployed.passwordless, false, 'the emulator\'s own config.json (emulator-gap 40)');
});

/**
 * A page of the site with passwordless sign-in on, and a virtual authenticator;
 * `withoutConverters`: as a browser without WebAuthn's JSON methods
 * (`parseCreationOptionsFromJSON`, `parseRequestOptionsFromJSON`, `toJSON`).
 */
async function open({ withoutConverters = false } = {}) {
  const { context, page } = await sitePage(site.browser);
  if (withoutConverters) {
    await page.addInitScript(() => {
      delete PublicKeyCredential.parseCreationOptionsFromJSON;
      delete PublicKeyCredential.parseRequestOptionsFromJSON;
      delete PublicKeyCredential.prototype.toJSON;
    });
  }
  await page.route(`${SITE}config.json*`, route => route.fulfill({
    contentType: 'application/json', body: JSON.stringify({ ...deployed, passwordless: PASSWORDLESS }),
  }));
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { context, page, cdp, authenticatorId };
}

/** The emulator's tokens for `username`, as AWS answers a finished sign-in. */
async function signedIn(username) {
  const t = await hostedTokens(config, username);
  return { AuthenticationResult: { AccessToken: t.access_token, IdToken: t.id_token, RefreshToken: t.refresh_token, ExpiresIn: 3600, TokenType: 'Bearer' }, ChallengeParameters: {} };
}

/**
 * Cognito's side of what the emulator lacks, for one user: passkeys (kept here with their
 * public keys), USER_AUTH's choice, WEB_AUTHN and EMAIL_OTP, and the passwordless sign-up.
 * `sent` lists every user pool request the page made (target, body).
 */
async function playCognito(page, username) {
  const cog = {
    sent: [], passkeys: [], rpId: RP_ID, timeout: 60000, code: null, session: null, challenge: null,
    // AvailableChallenges: the pool's first factors this account can use (a password:
    // both of its ways; a passkey: once one is registered; a code: the verified email).
    available: () => FIRST_FACTORS.flatMap(f => ({
      PASSWORD: ['PASSWORD_SRP', 'PASSWORD'], WEB_AUTHN: cog.passkeys.length ? ['WEB_AUTHN'] : [], EMAIL_OTP: ['EMAIL_OTP'],
    })[f] ?? []),
    calls: target => cog.sent.filter(s => s.target === target).map(s => s.body),
    steps: () => cog.sent.filter(s => s.target === 'InitiateAuth' || s.target === 'RespondToAuthChallenge')
      .map(s => s.body.AuthFlow ?? s.body.ChallengeName),
  };
  const challenge = (route, name, parameters = {}, extra = {}) => {
    cog.session = awsSession();
    return fulfillAws(route, { ChallengeName: name, Session: cog.session, ChallengeParameters: parameters, ...extra });
  };
  const webAuthn = async route => {
    const options = await generateAuthenticationOptions({
      rpID: cog.rpId, userVerification: USER_VERIFICATION, timeout: cog.timeout,
      allowCredentials: cog.passkeys.map(p => ({ id: p.id, transports: p.transports })),
    });
    cog.challenge = options.challenge;
    return challenge(route, 'WEB_AUTHN', { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) });
  };
  const emailOtp = route => {
    cog.code = String(randomInt(1e7, 1e8));
    return challenge(route, 'EMAIL_OTP', { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'p***@e***' });
  };
  await page.route(deployed.endpoints.cognitoIdp, async route => {
    const target = route.request().headers()['x-amz-target']?.split('.')[1];
    if (!target || !route.request().headers()['x-amz-target'].startsWith('AWSCognitoIdentityProviderService.')) return route.continue();
    const body = route.request().postDataJSON();
    cog.sent.push({ target, body });
    const answers = body.ChallengeResponses;
    switch (target) {
      case 'StartWebAuthnRegistration': {
        assert.deepEqual(Object.keys(body), ['AccessToken']);
        const options = await generateRegistrationOptions({
          rpName: 'Cognito demo', rpID: cog.rpId, userName: username, attestationType: 'none', timeout: cog.timeout,
          excludeCredentials: cog.passkeys.map(p => ({ id: p.id, transports: p.transports })),
          authenticatorSelection: { residentKey: 'required', userVerification: USER_VERIFICATION },
        });
        cog.challenge = options.challenge;
        return fulfillAws(route, { CredentialCreationOptions: options });
      }
      case 'CompleteWebAuthnRegistration': {
        // AWS API reference: Credential is the RegistrationResponseJSON as a document (not text).
        assert.deepEqual(Object.keys(body).sort(), ['AccessToken', 'Credential']);
        const credential = body.Credential;
        assert.equal(typeof credential, 'object');
        assert.equal(credential.type, 'public-key');
        assert.ok(Array.isArray(credential.response.transports), 'the transports go with it');
        const { verified, registrationInfo } = await verifyRegistrationResponse({
          response: credential, expectedChallenge: cog.challenge, expectedOrigin: ORIGIN, expectedRPID: DOMAIN, requireUserVerification: true,
        });
        assert.ok(verified, 'the registration verifies');
        const { id, publicKey, counter } = registrationInfo.credential;
        cog.passkeys.push({
          id, publicKey, counter, transports: credential.response.transports, attachment: credential.authenticatorAttachment,
          alg: decodeCredentialPublicKey(publicKey).get(cose.COSEKEYS.alg), createdAt: Math.floor(Date.now() / 1000),
        });
        return fulfillAws(route, {});
      }
      case 'ListWebAuthnCredentials':
        assert.ok(body.AccessToken && (body.MaxResults ?? 20) <= 20);
        return fulfillAws(route, {
          Credentials: cog.passkeys.map(p => ({
            CredentialId: p.id, FriendlyCredentialName: 'Virtual authenticator', RelyingPartyId: cog.rpId,
            AuthenticatorAttachment: p.attachment, AuthenticatorTransports: p.transports, CreatedAt: p.createdAt,
          })),
        });
      case 'DeleteWebAuthnCredential':
        assert.deepEqual(Object.keys(body).sort(), ['AccessToken', 'CredentialId']);
        assert.ok(cog.passkeys.some(p => p.id === body.CredentialId));
        cog.passkeys = cog.passkeys.filter(p => p.id !== body.CredentialId);
        return fulfillAws(route, {});
      case 'SignUp':
        // A sign-up without a password: the emulator refuses one, so the user is made there
        // with a password nobody types (for its tokens), and AWS's answer is given here.
        assert.equal(body.Password, undefined, 'no password is sent');
        assert.equal(body.Username, username);
        await cognito(config, 'SignUp', { ClientId: config.clientId, Username: username, Password: PASSWORD, UserAttributes: body.UserAttributes });
        await cognito(config, 'ConfirmSignUp', { ClientId: config.clientId, Username: username, ConfirmationCode: await emailedCode(config, username) });
        cog.session = awsSession();
        cog.code = String(randomInt(1e5, 1e6));
        return fulfillAws(route, {
          UserConfirmed: false, UserSub: randomUUID(), Session: cog.session,
          CodeDeliveryDetails: { Destination: 'p***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
        });
      case 'ConfirmSignUp':
        assert.deepEqual([body.Username, body.Session], [username, cog.session]);
        if (body.ConfirmationCode !== cog.code) return fulfillAwsError(route, 'CodeMismatchException', 'Invalid verification code provided, please try again.');
        cog.session = awsSession();
        return fulfillAws(route, { Session: cog.session });
      case 'InitiateAuth':
        if (body.AuthFlow !== 'USER_AUTH') return route.continue();
        assert.equal(body.AuthParameters.USERNAME, username);
        assert.equal(body.AuthParameters.PASSWORD, undefined, 'the password never goes');
        if (body.Session) {
          assert.equal(body.Session, cog.session, 'ConfirmSignUp\'s session');
          return fulfillAws(route, await signedIn(username));
        }
        if (body.AuthParameters.PREFERRED_CHALLENGE === 'WEB_AUTHN') return webAuthn(route);
        if (body.AuthParameters.PREFERRED_CHALLENGE === 'EMAIL_OTP') return emailOtp(route);
        return challenge(route, 'SELECT_CHALLENGE', {}, { AvailableChallenges: cog.available() });
      case 'RespondToAuthChallenge': {
        if (!['SELECT_CHALLENGE', 'WEB_AUTHN', 'EMAIL_OTP'].includes(body.ChallengeName)) return route.continue();
        assert.equal(body.Session, cog.session, 'the challenge\'s own session comes back');
        assert.equal(answers.USERNAME, username);
        if (body.ChallengeName === 'SELECT_CHALLENGE') {
          assert.ok(cog.available().includes(answers.ANSWER), `offered: ${answers.ANSWER}`);
          return answers.ANSWER === 'WEB_AUTHN' ? webAuthn(route) : emailOtp(route);
        }
        if (body.ChallengeName === 'EMAIL_OTP') {
          if (answers.EMAIL_OTP_CODE !== cog.code) return fulfillAwsError(route, 'CodeMismatchException', 'Invalid code or auth state for the user.');
          return fulfillAws(route, await signedIn(username));
        }
        // WEB_AUTHN: CREDENTIAL is the AuthenticationResponseJSON as text.
        assert.equal(typeof answers.CREDENTIAL, 'string');
        const credential = JSON.parse(answers.CREDENTIAL);
        const stored = cog.passkeys.find(p => p.id === credential.id);
        if (!stored) return fulfillAwsError(route, 'NotAuthorizedException', 'Incorrect username or password.');
        const { verified, authenticationInfo } = await verifyAuthenticationResponse({
          response: credential, expectedChallenge: cog.challenge, expectedOrigin: ORIGIN, expectedRPID: DOMAIN,
          credential: { id: stored.id, publicKey: stored.publicKey, counter: stored.counter, transports: stored.transports },
          requireUserVerification: true,
        });
        assert.ok(verified && authenticationInfo.userVerified, 'the assertion verifies, with user verification');
        stored.counter = authenticationInfo.newCounter;
        return fulfillAws(route, await signedIn(username));
      }
      default:
        return route.continue();
    }
  });
  return cog;
}

/** Signs out from the top bar; ends on the sign-in view. */
async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/signin$/);
}

/** From the sign-in view: the account name, then "Continue without a password". */
async function continueWithoutPassword(page, username) {
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Continue without a password' }).click();
}

/** The account view's "Add a passkey", the password asked first. */
async function addPasskey(page) {
  await page.goto(`${SITE}account`);
  await page.getByRole('heading', { name: 'Passkeys' }).waitFor();
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/** A user signed in with the password, who has added a passkey. */
async function userWithPasskey(prefix) {
  const username = await newUser(config, prefix);
  const opened = await open();
  const cog = await playCognito(opened.page, username);
  await opened.page.goto(`${SITE}signin`);
  await fillSignIn(opened.page, username);
  await opened.page.waitForURL(/\/objects$/);
  await addPasskey(opened.page);
  await opened.page.getByRole('status').getByText('Your passkey is added.').waitFor();
  return { username, cog, ...opened };
}

test('a passkey: added after showing it is you, signs in with no password typed, listed, removed, then refused', async () => {
  const username = await newUser(config, 'pk');
  const { context, page, cdp, authenticatorId } = await open();
  const cog = await playCognito(page, username);
  await page.goto(`${SITE}signin`);
  await fillSignIn(page, username);
  await page.waitForURL(/\/objects$/);

  await page.goto(`${SITE}account`);
  await page.locator('#no-passkeys').waitFor();
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByLabel('Your password').waitFor();
  assert.deepEqual(cog.calls('StartWebAuthnRegistration'), [], 'nothing before the user has shown it is them');
  await page.getByLabel('Your password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('status').getByText('Your passkey is added.').waitFor();
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1);
  assert.equal(credentials[0].rpId, DOMAIN);
  assert.ok(credentials[0].isResidentCredential);
  const row = page.locator('table.passkeys tbody tr');
  await row.getByText('Built into a device').waitFor();
  assert.equal(await row.count(), 1);

  // Signed out and in again with the passkey: no password typed anywhere.
  const passwordSent = [];
  page.on('request', r => { if (r.postData()?.includes(PASSWORD)) passwordSent.push(r.url()); });
  await page.goto(`${SITE}objects`);
  await signOut(page);
  const before = cog.sent.length;
  await continueWithoutPassword(page, username);
  await page.getByRole('heading', { name: 'How do you want to continue?' }).waitFor();
  assert.deepEqual(await page.locator('.choices button').allInnerTexts(), ['Use a passkey', 'Email me a code', 'Use my password']);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(username).waitFor();
  assert.deepEqual(passwordSent, []);
  const signIn = cog.sent.slice(before).filter(s => s.target === 'InitiateAuth' || s.target === 'RespondToAuthChallenge');
  // AWS API reference, InitiateAuth and ChallengeResponseType.
  assert.deepEqual(signIn[0].body, { ClientId: deployed.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username } });
  assert.deepEqual(signIn[1].body.ChallengeResponses, { USERNAME: username, ANSWER: 'WEB_AUTHN' });
  assert.deepEqual(Object.keys(signIn[2].body.ChallengeResponses).sort(), ['CREDENTIAL', 'USERNAME']);

  // Listed, then removed after the second question.
  await page.goto(`${SITE}account`);
  await row.getByRole('button', { name: 'Remove' }).click();
  await row.getByText('It will no longer sign you in.').waitFor();
  assert.deepEqual(cog.calls('DeleteWebAuthnCredential'), [], 'nothing removed before the answer');
  await row.getByRole('button', { name: 'Yes, remove it' }).click();
  await page.locator('#no-passkeys').waitFor();
  // (The DevTools protocol gives the credential's id in base64, Cognito in base64url.)
  assert.equal(cog.calls('DeleteWebAuthnCredential')[0].CredentialId, Buffer.from(credentials[0].credentialId, 'base64').toString('base64url'));

  // The browser remembers the passkey was the way in; the authenticator still holds it,
  // the pool no longer: refused, with its sentence.
  await page.goto(`${SITE}objects`);
  await signOut(page);
  await continueWithoutPassword(page, username);
  await page.getByRole('alert').getByText('Incorrect username or password.').waitFor();
  assert.equal(cog.calls('InitiateAuth').at(-1).AuthParameters.PREFERRED_CHALLENGE, 'WEB_AUTHN');
  await context.close();
});

test('the authenticator gone: the prompt ends with its sentence, and the password still signs in', async () => {
  const { username, cog, context, page, cdp, authenticatorId } = await userWithPasskey('pkgone');
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  cog.timeout = 5000;
  await page.goto(`${SITE}objects`);
  await signOut(page);
  await continueWithoutPassword(page, username);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.getByRole('heading', { name: 'Use your passkey' }).waitFor();
  await page.getByRole('alert').getByText(CANCELLED).waitFor({ timeout: 20000 });
  await page.getByRole('button', { name: 'Choose another way' }).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await fillSignIn(page, username);
  await page.waitForURL(/\/objects$/);
  await context.close();
});

test('options for another site\'s RP ID: the browser refuses, the app says so', async () => {
  const username = await newUser(config, 'pkrp');
  const { context, page } = await open();
  const cog = await playCognito(page, username);
  cog.rpId = 'example.com';
  await page.goto(`${SITE}signin`);
  await fillSignIn(page, username);
  await page.waitForURL(/\/objects$/);
  await addPasskey(page);
  await page.getByRole('alert').getByText(OTHER_SITE).waitFor();
  assert.deepEqual(cog.calls('CompleteWebAuthnRegistration'), [], 'nothing made, nothing sent');

  // A passkey made for this site, then the pool's relying party moved elsewhere: signing in
  // asks for one of that other site.
  cog.rpId = RP_ID;
  await addPasskey(page);
  await page.getByRole('status').getByText('Your passkey is added.').waitFor();
  cog.rpId = 'example.com';
  await page.goto(`${SITE}objects`);
  await signOut(page);
  await continueWithoutPassword(page, username);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.getByRole('alert').getByText(OTHER_SITE).waitFor();
  assert.equal(cog.calls('RespondToAuthChallenge').filter(b => b.ChallengeName === 'WEB_AUTHN').length, 0);
  await context.close();
});

test('an emailed code: exactly the offered ways, a wrong code, a new code, the right one', async () => {
  const username = await newUser(config, 'otp');
  const { context, page } = await open();
  const cog = await playCognito(page, username);
  await page.goto(`${SITE}signin`);
  await continueWithoutPassword(page, username);
  await page.getByRole('heading', { name: 'How do you want to continue?' }).waitFor();
  assert.deepEqual(await page.locator('.choices button').allInnerTexts(), ['Email me a code', 'Use my password']);
  await page.getByRole('button', { name: 'Email me a code' }).click();
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  await page.getByText('p***@e***').waitFor();
  const first = cog.code;
  await page.getByLabel('Code').fill(first === '12345678' ? '87654321' : '12345678');
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('alert').getByText('That code is not correct').waitFor();

  const starts = cog.calls('InitiateAuth').length;
  await page.getByRole('button', { name: 'Send a new code' }).click();
  // The new code's step replaces the old one (and its sentence).
  await page.getByRole('alert').waitFor({ state: 'detached' });
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  assert.equal(cog.calls('InitiateAuth').length, starts + 1);
  const again = cog.calls('InitiateAuth').at(-1);
  assert.equal(again.AuthParameters.PREFERRED_CHALLENGE, 'EMAIL_OTP', 'a new code: USER_AUTH again, the email preferred');
  assert.notEqual(cog.code, first);
  await page.getByLabel('Code').fill(cog.code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/objects$/);
  const answer = cog.calls('RespondToAuthChallenge').at(-1);
  assert.deepEqual(answer.ChallengeResponses, { USERNAME: username, EMAIL_OTP_CODE: cog.code });
  await context.close();
});

test('a sign-up without a password ends signed in with no second prompt, then adds a passkey', async () => {
  const username = unique('nopw');
  const { context, page } = await open();
  const cog = await playCognito(page, username);
  await page.goto(`${SITE}register`);
  await page.getByLabel('No password').check();
  assert.equal(await page.getByLabel('Password', { exact: true }).count(), 0, 'no password field');
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByLabel('Verification code').waitFor(); // (the code is made when SignUp is answered)
  assert.equal(cog.calls('SignUp').length, 1);
  await page.getByLabel('Verification code').fill(cog.code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'You are signed in' }).waitFor();
  const afterConfirm = cog.sent.slice(cog.sent.findIndex(s => s.target === 'ConfirmSignUp') + 1)
    .filter(s => s.target === 'InitiateAuth' || s.target === 'RespondToAuthChallenge');
  assert.deepEqual(afterConfirm.map(s => s.body), [{ ClientId: deployed.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username }, Session: cog.session }]);

  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.waitForURL(/\/account$/);
  await page.getByRole('status').getByText('Your passkey is added.').waitFor();
  await page.locator('table.passkeys tbody tr').getByText('Built into a device').waitFor();
  await context.close();
});

test('a browser without WebAuthn\'s JSON methods: the passkey is added and signs in all the same', async () => {
  const username = await newUser(config, 'pkbuf');
  const { context, page } = await open({ withoutConverters: true });
  const cog = await playCognito(page, username);
  await page.goto(`${SITE}signin`);
  assert.deepEqual(await page.evaluate(() => [typeof PublicKeyCredential.parseCreationOptionsFromJSON,
    typeof PublicKeyCredential.parseRequestOptionsFromJSON, typeof PublicKeyCredential.prototype.toJSON]),
  ['undefined', 'undefined', 'undefined'], 'the converters are gone');
  await fillSignIn(page, username);
  await page.waitForURL(/\/objects$/);
  await addPasskey(page);
  await page.getByRole('status').getByText('Your passkey is added.').waitFor();
  // (Verified by @simplewebauthn/server in playCognito; here what the app read itself.)
  const { response } = cog.calls('CompleteWebAuthnRegistration')[0].Credential;
  assert.deepEqual(response.transports, ['internal']);
  assert.equal(response.publicKeyAlgorithm, cog.passkeys[0].alg, 'the algorithm of the attested key');
  assert.ok(response.publicKey && response.authenticatorData);

  await page.goto(`${SITE}objects`);
  await signOut(page);
  await continueWithoutPassword(page, username);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(username).waitFor();
  assert.deepEqual(cog.steps().slice(-3), ['USER_AUTH', 'SELECT_CHALLENGE', 'WEB_AUTHN'], 'the assertion verified (playCognito)');
  await context.close();
});

test('the password chosen in the choice, then the authenticator app: the emulator\'s own USER_AUTH, SRP and second step', async () => {
  const username = await newUser(config, 'pwchoice');
  // Two-step on for this account (authenticator app), through the API.
  const { access_token: AccessToken } = await hostedTokens(config, username);
  const { SecretCode } = await cognito(config, 'AssociateSoftwareToken', { AccessToken });
  await cognito(config, 'VerifySoftwareToken', { AccessToken, UserCode: totp(SecretCode) });
  await cognito(config, 'SetUserMFAPreference', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });

  const { context, page } = await open();
  const sent = [];
  page.on('request', r => {
    const target = r.headers()['x-amz-target'];
    if (target?.startsWith('AWSCognitoIdentityProviderService.')) sent.push({ target: target.split('.')[1], body: r.postDataJSON() });
  });
  await page.goto(`${SITE}signin`);
  await continueWithoutPassword(page, username);
  await page.getByRole('heading', { name: 'How do you want to continue?' }).waitFor();
  // The emulator offers the password ways only (emulator-gap 40).
  assert.deepEqual(await page.locator('.choices button').allInnerTexts(), ['Use my password']);
  await page.getByRole('button', { name: 'Use my password' }).click();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByLabel('Code').fill(totp(SecretCode, Date.now() + 30000));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(/\/objects$/);
  await page.locator('#who-username').getByText(username).waitFor();

  const steps = sent.filter(s => s.target === 'InitiateAuth' || s.target === 'RespondToAuthChallenge');
  assert.deepEqual(steps.map(s => s.body.AuthFlow ?? s.body.ChallengeName), ['USER_AUTH', 'SELECT_CHALLENGE', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA']);
  // SELECT_CHALLENGE's answer: PASSWORD_SRP with SRP_A, as the password's first SRP step.
  const select = steps[1].body.ChallengeResponses;
  assert.deepEqual(Object.keys(select).sort(), ['ANSWER', 'SRP_A', 'USERNAME']);
  assert.equal(select.ANSWER, 'PASSWORD_SRP');
  assert.match(select.SRP_A, /^[0-9a-f]+$/);
  assert.ok(!sent.some(s => JSON.stringify(s.body).includes(PASSWORD)), 'the password never goes');
  await context.close();
});
