import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import type { INodeProperties } from 'n8n-workflow';

import { Cellosign } from '../nodes/Cellosign/Cellosign.node';

const root = join(__dirname, '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('Cellosign node description', () => {
	const { description } = new Cellosign();
	const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;

	it('should keep the public names that workflow JSON depends on', () => {
		expect(description.name).toBe('cellosign');
		expect(description.displayName).toBe('Cellosign');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'cellosignApi', required: true }]);
		expect(description.icon).toEqual({ light: 'file:cellosign.svg', dark: 'file:cellosign.dark.svg' });
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(property('resource').options).toEqual([expect.objectContaining({ name: 'Session', value: 'session' })]);
		expect(
			(property('operation').options as Array<{ name: string; value: string; action: string }>).map(
				({ name, value, action }) => [name, value, action],
			),
		).toEqual([
			['Create', 'create', 'Create a session'],
			['Delete', 'delete', 'Delete a session'],
			['Get', 'get', 'Get a session'],
			['Get Many', 'getAll', 'Get many sessions'],
		]);
	});

	it.each([
		['getAll', ['returnAll', 'limit', 'filters']],
		['get', ['reference']],
		['delete', ['reference']],
		[
			'create',
			['templateSource', 'templateId', 'templateJson', 'ttl', 'initialValues', 'labels', 'recipient', 'integrations', 'fieldOverrides'],
		],
	])('should show the %s parameters only for that operation', (operation, names) => {
		const shown = description.properties
			.filter((p) => (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation))
			.map((p) => p.name);
		expect(shown).toEqual(names);
	});

	it('should offer every documented filter under a stable name', () => {
		expect((property('filters').options as INodeProperties[]).map((o) => o.name).sort()).toEqual(
			[
				'assignee', 'author', 'createdAfter', 'createdAt', 'createdBefore', 'expiredAfter', 'expiredAt', 'expiredBefore',
				'isExpired', 'isSubmitted', 'process', 'sentTo', 'submittedAfter', 'submittedAt', 'submittedBefore',
			].sort(),
		);
	});

	it('should default Get Many to 50 results and Create to a ttl of 72 hours', () => {
		expect(property('returnAll').default).toBe(false);
		expect(property('limit')).toMatchObject({ default: 50, typeOptions: { minValue: 1 } });
		expect(property('ttl')).toMatchObject({ default: 72, typeOptions: { minValue: 1, maxValue: 960 } });
	});
});

describe('package layout', () => {
	it('should register every node and credential by a dist path that has a source file', () => {
		const entries: string[] = [...packageJson.n8n.nodes, ...packageJson.n8n.credentials];
		expect(entries).toEqual([
			'dist/nodes/Cellosign/Cellosign.node.js',
			'dist/nodes/CellosignTrigger/CellosignTrigger.node.js',
			'dist/credentials/CellosignApi.credentials.js',
			'dist/credentials/CellosignSecretApi.credentials.js',
		]);
		for (const entry of entries) {
			expect(existsSync(join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
		}
	});

	it('should be installable as a community package: no runtime dependencies, only dist shipped', () => {
		expect(packageJson.dependencies).toBeUndefined();
		expect(packageJson.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(packageJson.files).toEqual(['dist']);
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(Object.keys(packageJson.scripts).filter((s) => /^(pre|post)?install$|^prepare$|^prepublish/.test(s))).toEqual([]);
	});

	it('should ship distinct light and dark icons', () => {
		for (const dir of ['nodes/Cellosign', 'credentials']) {
			const light = readFileSync(join(root, dir, 'cellosign.svg'), 'utf8');
			const dark = readFileSync(join(root, dir, 'cellosign.dark.svg'), 'utf8');
			expect(light).toMatch(/^<svg /);
			expect(dark).not.toBe(light);
		}
	});
});
