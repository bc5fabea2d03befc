// Upload throughput: the app (headless Chromium, /files: the user's API presigns one PUT,
// which the browser sends) and `aws s3 cp`, the same 30 MB file (under the local stack's
// 32 MiB limit; the same name each run, so the user's quota holds it) to the same bucket
// of the local emulator, alternately, `runs` times each.
// Run by scripts/bench-upload.sh; prints the medians and writes e2e/artifacts/bench-upload.json.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ARTIFACTS, launch } from '../browser.mjs';
import { localConfig, newUser, PASSWORD, signIn } from '../local-app.mjs';
import { serve } from '../serve.mjs';

const runs = Number(process.argv[2] ?? 3);
const SIZE = 30 * 1000 * 1000;
const config = localConfig();
const file = `${ARTIFACTS}tmp/bench-30MB.bin`;
mkdirSync(`${ARTIFACTS}tmp`, { recursive: true });
writeFileSync(file, randomBytes(SIZE));

// The data bucket's CORS rules allow this port (scripts/local-aws.sh).
const server = await serve(new URL('../../dist/', import.meta.url).pathname, { configJson: JSON.stringify(config), port: 8091 });
const browser = await launch();
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mbps = seconds => SIZE / 1e6 / seconds;
const app = [];
const cli = [];
try {
  const page = await browser.newPage();
  const username = await newUser(config, 'bench');
  await signIn(page, server.url, username, PASSWORD);
  await page.waitForURL(/\/objects$/);
  for (let i = 0; i < runs; i++) {
    await page.goto(`${server.url}files`);
    await page.getByRole('heading', { name: 'Your files' }).waitFor();
    const t0 = performance.now();
    await page.getByLabel('Upload files').setInputFiles(file);
    await page.locator('li.upload').getByText('Uploaded').waitFor({ timeout: 300000 });
    app.push((performance.now() - t0) / 1000);

    const t1 = performance.now();
    execFileSync('aws', ['--endpoint-url', config.endpoints.s3, 's3', 'cp', '--only-show-errors', file, `s3://${config.bucket}/bench/cli-${i}.bin`], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: config.region, AWS_PAGER: '' },
    });
    cli.push((performance.now() - t1) / 1000);
  }
} finally {
  await browser.close();
  server.close();
}
const result = {
  file_bytes: SIZE,
  runs,
  app_seconds: app.map(s => +s.toFixed(2)),
  cli_seconds: cli.map(s => +s.toFixed(2)),
  app_mb_per_s: +mbps(median(app)).toFixed(1),
  cli_mb_per_s: +mbps(median(cli)).toFixed(1),
};
result.app_to_cli = +(result.app_mb_per_s / result.cli_mb_per_s).toFixed(2);
writeFileSync(`${ARTIFACTS}bench-upload.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(`app (Chromium, one presigned PUT)      : ${result.app_mb_per_s} MB/s (median of ${runs}: ${result.app_seconds.join(', ')} s)`);
console.log(`aws s3 cp (8 MiB parts, 10 at a time):    ${result.cli_mb_per_s} MB/s (median of ${runs}: ${result.cli_seconds.join(', ')} s)`);
console.log(`app / aws s3 cp: ${result.app_to_cli}`);
