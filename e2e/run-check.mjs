// Checks the README's run command: the app at the URL it prints is seen by a
// headless browser, on the local emulator, and registering prints the code.
// Usage: node e2e/run-check.mjs <url> <log of scripts/run.sh>
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, newPage, ARTIFACTS } from './browser.mjs';

const [url = 'http://127.0.0.1:8080/', log] = process.argv.slice(2);
const deadline = Date.now() + 600_000; // the first `trunk serve` compiles the app
for (;;) {
  try {
    if ((await fetch(url)).ok) break;
  } catch { /* not up yet */ }
  assert.ok(Date.now() < deadline, `nothing answered on ${url}`);
  await new Promise(r => setTimeout(r, 1000));
}
const browser = await launch();
try {
  const { page, problems } = await newPage(browser);
  await page.goto(url);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 60_000 });
  const username = `run${Date.now()}`;
  await page.goto(`${url}register`);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill('Correct-Horse-42');
  await page.getByLabel('Confirm password').fill('Correct-Horse-42');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForURL(/\/verify$/);
  await page.screenshot({ path: `${ARTIFACTS}run-verify.png` });
  // The run command prints the code a person would have received by email.
  for (let i = 0; ; i++) {
    if (log && new RegExp(`verification code for ${username}: \\d{6}`).test(readFileSync(log, 'utf8'))) break;
    assert.ok(i < 20, 'the run command did not print the verification code');
    await new Promise(r => setTimeout(r, 500));
  }
  assert.deepEqual(problems, []);
  console.log(`run command: the app at ${url} works on the emulator, and printed the code for ${username}`);
} finally {
  await browser.close();
}
