// The contract stage's recorder (issue "Hold every request to AWS's own
// models"): every request a test page sends to a Cognito user pool, an identity
// pool or S3, and every answer a test fabricates in AWS's place, as JSON lines
// for scripts/contract/check.py, which holds them to botocore's models. The
// harness records them (Playwright's view of the page's traffic), not the app.
// Recording is on when E2E_CONTRACT_DIR names a folder (scripts/test.sh sets it).
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const DIR = process.env.E2E_CONTRACT_DIR;
const FILE = DIR ? join(DIR, `${basename(process.argv[1] ?? 'node')}-${process.pid}.jsonl`) : null;
if (DIR) mkdirSync(DIR, { recursive: true });
const TEST = basename(process.argv[1] ?? '');

function write(line) {
  if (FILE) appendFileSync(FILE, `${JSON.stringify({ test: TEST, ...line })}\n`);
}

/** Is this a request to an AWS API the models cover (by what it says, not where it goes)? */
function isAws(url, headers) {
  const target = headers['x-amz-target'] ?? '';
  if (target.startsWith('AWSCognitoIdentityProviderService.') || target.startsWith('AWSCognitoIdentityService.')) return true;
  if ((headers.authorization ?? '').includes('/s3/aws4_request')) return true;
  try {
    return (new URL(url).searchParams.get('X-Amz-Credential') ?? '').includes('/s3/aws4_request');
  } catch {
    return false;
  }
}

const TEXT = /json|xml|text/;

/** Records `request` if it is one for the models. */
async function recordRequest(request) {
  if (!FILE) return;
  let headers;
  try {
    headers = await request.allHeaders();
  } catch {
    headers = request.headers(); // the page went away first
  }
  if (!isAws(request.url(), headers)) return;
  const buffer = request.postDataBuffer();
  write({
    kind: 'request',
    method: request.method(),
    url: request.url(),
    headers,
    body: buffer && (TEXT.test(headers['content-type'] ?? '') || request.method() === 'POST') ? buffer.toString('utf8') : null,
    bodyBytes: buffer?.length ?? 0,
  });
}

/** Records what every page of `context` sends to AWS. */
export function recordContext(context) {
  if (FILE) context.on('request', request => { recordRequest(request).catch(() => {}); });
  return context;
}

/**
 * Answers an intercepted AWS JSON call in AWS's place with `json` (status 200
 * unless given), and records the answer for the models' output shapes.
 * `response`: the real answer this one is made from, if any.
 */
export function fulfillAws(route, json, { status = 200, response } = {}) {
  const target = route.request().headers()['x-amz-target'];
  write({ kind: 'answer', target, status, body: JSON.stringify(json) });
  return route.fulfill({
    ...(response ? { response } : {}),
    status,
    headers: { 'access-control-allow-origin': '*', 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(json),
  });
}
