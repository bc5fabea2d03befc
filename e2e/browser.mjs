// Headless Chromium from Debian, driven by playwright-core (Playwright's own
// browser download does not work offline). As root Chromium needs --no-sandbox.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterEach } from 'node:test';
import { chromium } from 'playwright-core';
import { recordContext } from './contract.mjs';

export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

// The local edge's self-signed certificate (scripts/local-aws.sh): the browser
// accepts exactly its key, and still checks every other certificate.
const SPKI = new URL('../.tools/local-aws/tls/spki.txt', import.meta.url).pathname;
const trustEdge = existsSync(SPKI) ? [`--ignore-certificate-errors-spki-list=${readFileSync(SPKI, 'utf8').trim()}`] : [];

export async function launch(extraArgs = []) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...trustEdge, ...extraArgs,
    ],
  });
  // Every context (and so every page: newPage makes its own) records what it
  // sends to AWS for the contract stage (e2e/contract.mjs), and every page's
  // problems for the check after each test.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...options) => {
    const context = recordContext(await newContext(...options));
    context.on('page', watch);
    return context;
  };
  return browser;
}

/** What went wrong in any page since the current test started. */
const seen = [];
/** What the current test expects to go wrong (patterns). */
const expected = [];

/**
 * Problems the current test causes on purpose (a connection it cuts, an error
 * it provokes): patterns matched against the recorded problem lines.
 */
export function expectProblems(...patterns) {
  expected.push(...patterns);
}

/**
 * A problem line for a console message of kind error, or `null` for none.
 * The browser's own log line for an HTTP error status ("Failed to load
 * resource: the server responded with a status of 400") is not one: AWS
 * answers 4xx to wrong passwords and codes, which the tests provoke and the
 * app explains; a resource that could not load at all shows as a failed request.
 */
function consoleProblem(message) {
  if (message.type() !== 'error') return null;
  const text = message.text();
  return /^Failed to load resource: the server responded with a status of \d+/.test(text) ? null : `console: ${text}`;
}

/** Records `page`'s console errors, uncaught errors and failed requests. */
function watch(page) {
  page.on('console', m => { const p = consoleProblem(m); if (p) seen.push(p); });
  page.on('pageerror', e => seen.push(`page error: ${e.message}`));
  // (A request cancelled because the page went elsewhere, net::ERR_ABORTED, is no problem.)
  page.on('requestfailed', r => r.failure()?.errorText !== 'net::ERR_ABORTED'
    && seen.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
}

// After every test of a test file (node --test runs each file in a process of
// its own): no problem in any page but those the test said it expects.
if (process.env.NODE_TEST_CONTEXT) {
  afterEach(() => {
    const unexpected = seen.filter(p => !expected.some(pattern => pattern.test(p)));
    seen.length = 0;
    expected.length = 0;
    assert.deepEqual(unexpected, [], 'problems in the pages of this test');
  });
}

/**
 * A new page, and its own list of problems (console errors, uncaught errors,
 * failed requests) for a test that asserts on one page's (every page is also
 * checked after each test).
 */
export async function newPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', m => { const p = consoleProblem(m); if (p) problems.push(p); });
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  // (A request cancelled because the page went elsewhere, net::ERR_ABORTED, is no problem.)
  page.on('requestfailed', r => r.failure()?.errorText !== 'net::ERR_ABORTED'
    && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return { page, problems };
}
