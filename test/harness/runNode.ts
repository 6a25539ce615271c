/**
 * Runs one node of this package through n8n-core's real WorkflowExecute, so declarative routing,
 * displayOptions, pagination hooks, credentials and error handling run exactly as in n8n.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ICredentialType,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { CellosignApi } from '../../credentials/CellosignApi.credentials';
import { type CredentialsByType, TestCredentialsHelper } from './credentials';

export interface RunNodeOptions {
	nodeType: INodeType;
	parameters: INodeParameters;
	/** Decrypted credential data by credential type name, e.g. `{ cellosignApi: {...} }`. */
	credentials?: CredentialsByType;
	input?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentialTypes?: ICredentialType[];
}

export interface RunNodeResult {
	/** The node's first output, or [] when it failed. */
	items: INodeExecutionData[];
	/** The error that stopped the node, as n8n stores it on the execution. */
	error?: ExecutionError;
	run: IRun;
}

const NODE_NAME = 'Node Under Test';

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const { nodeType, parameters, credentials = {}, continueOnFail = false } = options;
	const description = nodeType.description;
	const version = Array.isArray(description.version)
		? Math.max(...description.version)
		: description.version;

	const node: INode = {
		id: 'b5f6c7d8-0000-4000-8000-000000000001',
		name: NODE_NAME,
		type: `n8n-nodes-cellosign.${description.name}`,
		typeVersion: version,
		position: [0, 0],
		parameters,
		continueOnFail,
		onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		credentials: Object.fromEntries(
			(description.credentials ?? []).map((credential) => [
				credential.name,
				{ id: `cred-${credential.name}`, name: `Test ${credential.name}` },
			]),
		),
	};

	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};

	const workflowData: IWorkflowBase = {
		id: 'workflowUnderTest',
		name: 'Workflow under test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;

	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections: workflowData.connections,
		active: false,
		nodeTypes,
		staticData: {},
		settings: workflowData.settings,
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	const finished = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolve(fullRunData));
	});

	const credentialTypes = options.credentialTypes ?? [new CellosignApi()];
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(credentialTypes, credentials),
		hooks,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not used in these tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node,
					data: { main: [options.input ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
	});

	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await execution.processRunExecutionData(workflow);
	const run = await finished;

	const taskData = run.data.resultData.runData[NODE_NAME]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: run.data.resultData.error ?? taskData?.error,
		run,
	};
}
