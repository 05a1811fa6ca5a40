/**
 * Ends the run with one plain line — `Tests: 828 passed, 0 failed, 1 skipped` — that any CI
 * can read, whatever it knows of vitest's own summary. Files that fail to load count as failed.
 *
 * Before it, the whole-suite secret grep (secret-audit.ts): every token issued during the run
 * against every output recorded. A leak counts as one failed test and fails the run.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { auditRecorded, SECRET_AUDIT_DIR_VAR } from './secret-audit.js';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed += 1;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    if (!secretGrepPassed()) failed += 1;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    if (failed > 0) process.exitCode = 1;
  }
}

function secretGrepPassed(): boolean {
  const dir = process.env[SECRET_AUDIT_DIR_VAR];
  if (!dir) return true;
  const started = Date.now();
  const { secrets, outputs, leaks } = auditRecorded(dir);
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (leaks.length === 0) {
    process.stdout.write(`\nSecret grep: ${secrets} secrets issued in this run, none whole in any of ${outputs} outputs (${took}).\n`);
    return true;
  }
  process.stdout.write(`\nSecret grep FAILED: ${leaks.length} whole secret(s) in reauth's output:\n`);
  for (const leak of leaks.slice(0, 20)) process.stdout.write(`  ${leak.secret} in ${leak.label}\n`);
  return false;
}
