// Each e2e test's pass count over repeated runs (scripts/test.sh with E2E_REPEAT=N):
// reads the TAP files of the runs and prints one line a test, failures first.
//   node e2e/repeat-report.mjs target/e2e-run-1.tap target/e2e-run-2.tap …
import { readFileSync } from 'node:fs';

const files = process.argv.slice(2);
const counts = new Map(); // test name -> { pass, runs }
for (const file of files) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    // Top-level results only ("ok 3 - name", "not ok 4 - name"), not subtests or the plan.
    const m = /^(not ok|ok) \d+ - (.*?)(?: # .*)?$/.exec(line);
    if (!m) continue;
    const entry = counts.get(m[2]) ?? { pass: 0, runs: 0 };
    entry.runs += 1;
    if (m[1] === 'ok') entry.pass += 1;
    counts.set(m[2], entry);
  }
}
const rows = [...counts.entries()].sort((a, b) => (a[1].pass / a[1].runs) - (b[1].pass / b[1].runs) || a[0].localeCompare(b[0]));
console.log(`\ne2e tests over ${files.length} runs (passed/runs):`);
for (const [name, { pass, runs }] of rows) console.log(`  ${pass}/${runs}  ${name}`);
const flaky = rows.filter(([, c]) => c.pass !== c.runs).length;
console.log(`tests that passed in every run: ${rows.length - flaky} of ${rows.length}; tests that failed at least once: ${flaky}`);
