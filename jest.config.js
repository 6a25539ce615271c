/** Unit and in-process tests. The real-n8n end-to-end suite has its own config (jest.e2e.config.js). */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	reporters: ['default', '<rootDir>/test/summaryReporter.js'],
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	setupFiles: ['<rootDir>/test/setupEnv.ts'],
	globalSetup: '<rootDir>/test/globalSetup.ts',
	globalTeardown: '<rootDir>/test/globalTeardown.ts',
	testTimeout: 30000,
};
