// What the tests of the deployed site share: the https://<id>.cloudfront.net/ site as
// scripts/deploy.sh --local left it (its build, config.json and policy), a browser that
// reaches it through the local edge, and a page that records every problem.
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { after, before } from 'node:test';
import { launch } from './browser.mjs';

export const STATE = new URL('../.tools/local-aws/', import.meta.url).pathname;
export const BUILD = new URL('../target/site/', import.meta.url).pathname;
export const DOMAIN = readFileSync(`${STATE}site-domain.txt`, 'utf8').trim();
export const SITE = `https://${DOMAIN}/`;
export const EDGE_PORT = Number(process.env.LOCAL_AWS_PORT ?? 4566);
export const SITE_PORT = process.env.LOCAL_SITE_PORT ?? 8443;
export const SITE_HTTP_PORT = process.env.LOCAL_SITE_HTTP_PORT ?? 8082;

export const outputs = Object.fromEntries(JSON.parse(readFileSync(`${STATE}stack.json`, 'utf8'))
  .Stacks[0].Outputs.map(o => [o.OutputKey, o.OutputValue]));
/** The deployed config.json (endpoints through the edge's TLS listener). */
export const deployed = JSON.parse(readFileSync(`${BUILD}config.json`, 'utf8'));
/** The policy in the deployed index.html's <meta>; the header adds frame-ancestors. */
export const metaCsp = readFileSync(`${BUILD}index.html`, 'utf8')
  .match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)[1];

/**
 * For a test file: a browser launched before its tests, closed after them; `site.browser`.
 */
export function useSiteBrowser() {
  const site = {};
  before(async () => {
    site.browser = await launch([
      // The distribution's name on 443 and 80 as CloudFront would have it, here the
      // local edge's TLS and plain listeners; the S3 website endpoint, the plain API edge.
      `--host-resolver-rules=MAP *.cloudfront.net:443 127.0.0.1:${SITE_PORT},`
        + ` MAP *.cloudfront.net:80 127.0.0.1:${SITE_HTTP_PORT}, MAP *.amazonaws.com 127.0.0.1:${EDGE_PORT}`,
    ]);
  });
  after(async () => { await site.browser?.close(); });
  return site;
}

/** GET `path` from the site over TLS, as the edge answers it (its certificate trusted). */
export function siteGet(path) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port: SITE_PORT, path, servername: DOMAIN,
      headers: { host: DOMAIN, 'accept-encoding': 'br, gzip' },
      ca: readFileSync(`${STATE}tls/edge.crt`),
    }, res => { res.resume(); res.on('end', () => resolve({ status: res.statusCode, headers: res.headers })); });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A page that records every problem: console errors, page errors, failed requests,
 * and each Content-Security-Policy violation (the `securitypolicyviolation` event,
 * reported through a binding the page's own policy cannot block).
 */
export async function sitePage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const problems = [];
  const violations = [];
  await page.exposeBinding('reportCspViolation', (_, v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', e =>
      window.reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.disposition})`));
  });
  page.on('console', m => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', r => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  const siteResponses = [];
  page.on('response', r => { if (new URL(r.url()).host === DOMAIN) siteResponses.push(r); });
  return { context, page, problems, violations, siteResponses };
}
