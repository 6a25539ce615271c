/**
 * A credentials helper for in-process tests: it hands n8n-core the decrypted data we give it and
 * applies a credential type's `authenticate` block the way n8n's own CredentialsHelper does
 * (generic headers / qs / body / auth, each value resolved as an expression with $credentials).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: ICredentialType[],
		private readonly data: CredentialsByType,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = this.credentialTypes.find((candidate) => candidate.name === typeName);
		const authenticate = type?.authenticate;
		if (!authenticate) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		const resolve = (value: unknown) =>
			workflow && node
				? workflow.expression.getParameterValue(
						value as string,
						null,
						0,
						0,
						node.name,
						[],
						'internal',
						{ $credentials: credentials },
					)
				: value;
		const options = requestOptions as unknown as Record<string, IDataObject | undefined>;
		for (const [target, values] of Object.entries(authenticate.properties)) {
			const resolved: IDataObject = {};
			for (const [key, value] of Object.entries(values as IDataObject)) {
				resolved[key] = resolve(value) as IDataObject[string];
			}
			options[target] = { ...(options[target] ?? {}), ...resolved };
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`getCredentials(${type}) is not used by these tests`);
	}

	async getDecrypted(
		_additionalData: unknown,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type "${type}" were given`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.find((candidate) => candidate.name === type)?.properties ?? [];
	}
}
