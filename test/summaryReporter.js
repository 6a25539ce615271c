/**
 * Jest reporter that appends this run's pass/fail counts as one JSON line to $TEST_SUMMARY_FILE,
 * so .ci/run can close with a single "N passed, N failed" line over all jest runs.
 */
const fs = require('fs');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const file = process.env.TEST_SUMMARY_FILE;
		if (!file) return;
		const line = { passed: results.numPassedTests, failed: results.numFailedTests, skipped: results.numPendingTests };
		fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
	}
}

module.exports = SummaryReporter;
