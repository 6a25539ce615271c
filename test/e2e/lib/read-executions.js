/**
 * Prints the executions of one workflow as JSON: [{ id, status, finished, mode, startedAt, stoppedAt, runData, error }].
 * Usage: N8N_DIR=<n8n install> <node that runs that n8n> read-executions.js <database.sqlite> <workflowId>
 *
 * Runs as a separate process with n8n's own Node, because it loads n8n's own sqlite3 build (the same
 * driver for n8n 1.x on Node 20 and 2.x on Node 24) and n8n's own `flatted`, the encoding of
 * execution_data.data. The database is in WAL mode, so reading while n8n runs is safe.
 */
'use strict';
const path = require('path');
const { createRequire } = require('module');

const [databaseFile, workflowId] = process.argv.slice(2);
const requireFromN8n = createRequire(path.join(process.env.N8N_DIR, 'node_modules/n8n/package.json'));
const sqlite3 = requireFromN8n('sqlite3');
const { parse } = requireFromN8n('flatted');

function fail(message) {
	process.stderr.write(`read-executions: ${message}\n`);
	process.exit(1);
}

const db = new sqlite3.Database(databaseFile, sqlite3.OPEN_READONLY, (openError) => {
	if (openError) fail(`cannot open ${databaseFile}: ${openError.message}`);
	const sql = `SELECT e.id, e.status, e.finished, e.mode, e.startedAt, e.stoppedAt, d.data
		FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
		WHERE e.workflowId = ? ORDER BY e.id`;
	db.all(sql, [workflowId], (queryError, rows) => {
		if (queryError) fail(queryError.message);
		const executions = rows.map((row) => {
			const data = row.data ? parse(row.data) : undefined;
			const resultData = (data && data.resultData) || {};
			return {
				id: String(row.id),
				status: row.status,
				finished: Boolean(row.finished),
				mode: row.mode,
				startedAt: row.startedAt,
				stoppedAt: row.stoppedAt,
				runData: resultData.runData || {},
				error: resultData.error ? resultData.error.message : undefined,
			};
		});
		db.close(() => process.stdout.write(JSON.stringify(executions)));
	});
});
