// Ends the run with one plain line, `end2end: N passed, N failed, N skipped`, counted from
// each test's final outcome. A test that failed and then passed on its retry (CI only) counts
// as passed, and is named above that line as flaky, so that it is seen and mended.
import type { FullResult, Reporter, TestCase } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private tests = new Set<TestCase>();

  onTestEnd(test: TestCase) {
    this.tests.add(test);
  }

  onEnd(_result: FullResult) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const test of this.tests) {
      const outcome = test.outcome();
      if (outcome === 'expected') counts.passed++;
      else if (outcome === 'skipped') counts.skipped++;
      else if (outcome === 'flaky') {
        counts.passed++;
        console.log(`end2end: FLAKY (passed on retry): ${test.titlePath().join(' › ')}`);
      } else counts.failed++;
    }
    console.log(`end2end: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
}
