// Accessibility checks with axe-core (npm axe-core, Deque's rules engine) in a
// Playwright page, and full-page screenshots of what was checked.
//
// The app runs under a strict Content-Security-Policy (index.html's <meta>:
// script-src 'self' and one hash, no inline script, no eval), which this does
// not weaken: axe's source is evaluated through the DevTools protocol
// (page.evaluate of the source text, Runtime.evaluate), which the page's policy
// does not govern, as it governs <script> elements and the page's own eval. No
// element is added to the page, and axe itself evaluates no strings.
// (e2e/a11y.test.mjs checks that the policy is still in force, and that
// injecting and running axe reports no violation of it.)
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ARTIFACTS } from './browser.mjs';

const axe = createRequire(import.meta.url)('axe-core');

/** Where `screenshot` writes: e2e/artifacts/a11y/. */
export const A11Y_ARTIFACTS = `${ARTIFACTS}a11y/`;
mkdirSync(A11Y_ARTIFACTS, { recursive: true });

/** WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** axe's version, as installed (e2e/package.json). */
export const AXE_VERSION = axe.version;

/** Puts axe into `page`'s document, once per document. */
async function inject(page) {
  if (await page.evaluate(v => window.axe?.version === v, axe.version)) return;
  await page.evaluate(axe.source);
}

/** A node's target: its selectors, joined across iframes and shadow roots. */
const target = node => node.target.map(t => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | ');

/** What axe says to fix on a node, as one line. */
const summary = node => (node.failureSummary ?? '').replace(/\s*\n\s*/g, ' ').trim();

/**
 * Runs axe (WCAG 2.x A/AA and best practices) on `page`'s whole document: the
 * violations, one readable line per rule and element:
 * `<name>: <rule id> (<impact>) <target> — <help>: <what to fix>`.
 * Its `violations` property has the same as objects (rule, impact, target, help, summary).
 */
export async function axeCheck(page, { name = '' } = {}) {
  await inject(page);
  const found = await page.evaluate(async tags => {
    const results = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({ target: n.target, failureSummary: n.failureSummary, impact: n.impact })),
    }));
  }, AXE_TAGS);
  const violations = found.flatMap(v => v.nodes.map(n => ({
    rule: v.id, impact: n.impact ?? v.impact, target: target(n), help: v.help, summary: summary(n),
  })));
  const lines = violations.map(v => `${name ? `${name}: ` : ''}${v.rule} (${v.impact}) ${v.target} — ${v.help}${v.summary ? `: ${v.summary}` : ''}`);
  return Object.defineProperty(lines, 'violations', { value: violations }); // (not enumerable: deepEqual(lines, []) holds)
}

/** Throws with axe's lines if `page` has any violation. */
export async function expectNoViolations(page, name) {
  const lines = await axeCheck(page, { name });
  if (lines.length) {
    throw new Error(`${lines.length} accessibility violation(s) in ${name}:\n${lines.join('\n')}`);
  }
}

/** A full-page screenshot to e2e/artifacts/a11y/<name>.png. */
export async function screenshot(page, name) {
  const path = `${A11Y_ARTIFACTS}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
