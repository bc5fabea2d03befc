// The account forms as a visitor fills them (register, verify, sign in), and
// unique names for new accounts: what every e2e test shares (Playwright pages).
export const PASSWORD = 'Correct-Horse-42';

/** A name no other test run has used: `prefix` + time + random digits. */
export const unique = prefix => `${prefix}${Date.now()}${Math.floor(Math.random() * 1e6)}`;

/** On the registration view: fills it for `username` and sends it. */
export async function fillRegister(page, username, { email = `${username}@example.com`, password = PASSWORD } = {}) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Register' }).click();
}

/** Opens `url`register and registers `username`. */
export async function register(page, url, username, options) {
  await page.goto(`${url}register`);
  await fillRegister(page, username, options);
}

/** On the verification view: enters `code` and sends it. */
export async function verify(page, code) {
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

/** On the sign-in view: fills it and sends it. */
export async function fillSignIn(page, username, password = PASSWORD) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens `url`signin and signs in. */
export async function signIn(page, url, username, password = PASSWORD) {
  await page.goto(`${url}signin`);
  await fillSignIn(page, username, password);
}
