// Headless Chromium from Debian, driven by playwright-core (Playwright's own
// browser download does not work offline). As root Chromium needs --no-sandbox.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
  // sends to AWS for the contract stage (e2e/contract.mjs).
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...options) => recordContext(await newContext(...options));
  return browser;
}

/** A new page that records console errors and failed requests. */
export async function newPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', m => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  // (A request cancelled because the page went elsewhere, net::ERR_ABORTED, is no problem.)
  page.on('requestfailed', r => r.failure()?.errorText !== 'net::ERR_ABORTED'
    && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return { page, problems };
}
