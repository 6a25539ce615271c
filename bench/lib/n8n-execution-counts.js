/**
 * Prints the executions of an n8n database counted by workflow and status, as JSON:
 * { "<workflowId>": { "success": 1200, "running": 3, ... }, ... }
 * Usage: N8N_DIR=<n8n install> <node that runs that n8n> n8n-execution-counts.js <database.sqlite>
 *
 * Like test/e2e/lib/read-executions.js it runs with n8n's own Node and sqlite3 build, read-only
 * (the database is in WAL mode, so reading while n8n runs is safe), but it reads no run data:
 * the throughput benchmark polls it between rounds to wait until n8n has finished every execution.
 */
'use strict';
const path = require('path');
const { createRequire } = require('module');

const [databaseFile] = process.argv.slice(2);
const requireFromN8n = createRequire(path.join(process.env.N8N_DIR, 'node_modules/n8n/package.json'));
const sqlite3 = requireFromN8n('sqlite3');

function fail(message) {
	process.stderr.write(`n8n-execution-counts: ${message}\n`);
	process.exit(1);
}

const db = new sqlite3.Database(databaseFile, sqlite3.OPEN_READONLY, (openError) => {
	if (openError) fail(`cannot open ${databaseFile}: ${openError.message}`);
	const sql = 'SELECT workflowId, status, COUNT(*) AS n FROM execution_entity GROUP BY workflowId, status';
	db.all(sql, [], (queryError, rows) => {
		if (queryError) fail(queryError.message);
		const counts = {};
		for (const row of rows) {
			counts[row.workflowId] = counts[row.workflowId] || {};
			counts[row.workflowId][row.status] = row.n;
		}
		db.close(() => process.stdout.write(JSON.stringify(counts)));
	});
});
