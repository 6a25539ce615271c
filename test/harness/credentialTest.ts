/**
 * Runs a credential type's `test` the way n8n's CredentialsTester does: the test request becomes
 * the routing of a throw-away declarative node that n8n-core executes with the credential; on an
 * HTTP error the first `responseCode` rule matching the status supplies the message.
 */
import type { ICredentialDataDecryptedObject, ICredentialType, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runNode } from './runNode';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const test = credentialType.test;
	if (!test) throw new Error(`${credentialType.name} has no test request`);
	const probe: INodeType = {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } },
			],
		},
	};
	const { error } = await runNode({
		nodeType: probe,
		parameters: {},
		credentials: { [credentialType.name]: data },
		credentialTypes: [credentialType],
	});
	if (!error) return { status: 'OK', message: 'Connection tested successfully' };

	const status = Number((error as { httpCode?: string }).httpCode);
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseCode' && rule.properties.value === status) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'Error', message: error.message };
}
