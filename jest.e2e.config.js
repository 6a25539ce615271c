/**
 * Real-n8n end-to-end tests (`npm run test:e2e`): the packed package installed into a real n8n
 * (2.41.1 on Node 24 by default; N8N_VERSION=1.123.81 for n8n 1.x on Node 20) against the
 * Cellosign simulator. globalSetup provisions n8n (minutes once, cached in
 * ~/.cache/n8n-nodes-cellosign) and packs the package once; each test file starts its own n8n.
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	reporters: ['default', '<rootDir>/test/summaryReporter.js'],
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	// Every file runs an n8n of its own: one at a time (2 cores, fixed per-instance work).
	maxWorkers: 1,
	// One test may start n8n, run several CLI commands (3-5 s each) and wait for executions.
	testTimeout: 180_000,
	slowTestThreshold: 60,
	verbose: true,
};
