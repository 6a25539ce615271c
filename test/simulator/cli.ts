/**
 * Standalone simulator: `npm run simulator -- [options]` (script: `tsx test/simulator/cli.ts`).
 *
 *   --port N              port on 127.0.0.1 (default 0: a free one)
 *   --seed N              seed N deterministic sessions into the first project (default 0)
 *   --token T             access token (default sim-token-0123456789)
 *   --project P           project name; repeat for more projects (default demo-project)
 *   --template ID         known template id; repeat for more (default tpl-direct-debit)
 *   --postback-url URL    with --every: post a postback for a random session every SECONDS
 *   --every SECONDS
 *   --event TYPE          event type of those postbacks (default WHEF_CLIENT_FORM_SUBMITTED)
 *   --secret-url URL --secret-user U --secret-password P [--secret-flavour password|microsoftGraph]
 *                         obtain a bearer token for the postbacks first (Cellosign "Secret")
 *   --log                 print one line per API request
 *   --json                print the start-up facts as one JSON line instead of text
 * Runs until Ctrl-C / SIGTERM, then stops the server and exits 0.
 */
import { CellosignSimulator } from './simulator';
import { EVENT_TYPES, EventType, PostbackSecret } from './types';

interface CliOptions {
	port: number;
	seed: number;
	token?: string;
	projects: string[];
	templates: string[];
	postbackUrl?: string;
	everySeconds?: number;
	event: EventType;
	secretUrl?: string;
	secretUser?: string;
	secretPassword?: string;
	secretFlavour?: 'password' | 'microsoftGraph';
	log: boolean;
	json: boolean;
}

function fail(message: string): never {
	process.stderr.write(`simulator: ${message}\n`);
	process.exit(2);
}

function numberArg(name: string, value: string | undefined, min: number): number {
	const parsed = Number(value);
	if (value === undefined || !Number.isFinite(parsed) || parsed < min) fail(`${name} needs a number >= ${min}`);
	return parsed;
}

export function parseArgs(argv: string[]): CliOptions {
	const options: CliOptions = { port: 0, seed: 0, projects: [], templates: [], event: 'WHEF_CLIENT_FORM_SUBMITTED', log: false, json: false };
	for (let i = 0; i < argv.length; i++) {
		const name = argv[i];
		const value = (): string => {
			const next = argv[++i];
			if (next === undefined) fail(`${name} needs a value`);
			return next;
		};
		switch (name) {
			case '--port': options.port = numberArg(name, value(), 0); break;
			case '--seed': options.seed = Math.floor(numberArg(name, value(), 0)); break;
			case '--token': options.token = value(); break;
			case '--project': options.projects.push(value()); break;
			case '--template': options.templates.push(value()); break;
			case '--postback-url': options.postbackUrl = value(); break;
			case '--every': options.everySeconds = numberArg(name, value(), 0.1); break;
			case '--event': {
				const event = value();
				if (!(EVENT_TYPES as readonly string[]).includes(event)) fail(`--event must be one of ${EVENT_TYPES.join(', ')}`);
				options.event = event as EventType;
				break;
			}
			case '--secret-url': options.secretUrl = value(); break;
			case '--secret-user': options.secretUser = value(); break;
			case '--secret-password': options.secretPassword = value(); break;
			case '--secret-flavour': {
				const flavour = value();
				if (flavour !== 'password' && flavour !== 'microsoftGraph') fail('--secret-flavour must be password or microsoftGraph');
				options.secretFlavour = flavour;
				break;
			}
			case '--log': options.log = true; break;
			case '--json': options.json = true; break;
			default: fail(`unknown option ${name}`);
		}
	}
	if ((options.postbackUrl === undefined) !== (options.everySeconds === undefined)) fail('--postback-url and --every go together');
	return options;
}

function secretOf(options: CliOptions): PostbackSecret | undefined {
	if (options.secretUrl === undefined) return undefined;
	if (options.secretUser === undefined || options.secretPassword === undefined) {
		fail('--secret-url needs --secret-user and --secret-password');
	}
	return { tokenUrl: options.secretUrl, username: options.secretUser, password: options.secretPassword, flavour: options.secretFlavour };
}

async function main(): Promise<void> {
	const options = parseArgs(process.argv.slice(2));
	const secret = secretOf(options);
	const sim = await CellosignSimulator.start({
		port: options.port,
		token: options.token,
		projects: options.projects.length > 0 ? options.projects : undefined,
		templates: options.templates.length > 0 ? options.templates : undefined,
		log: options.log ? (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`) : undefined,
	});
	sim.seedSessions(options.seed);
	const facts = { baseUrl: sim.baseUrl, token: sim.token, project: sim.project, sessions: sim.sessionCount() };
	if (options.json) process.stdout.write(`${JSON.stringify(facts)}\n`);
	else {
		process.stdout.write(
			`Cellosign simulator running\n` +
				`  base URL: ${facts.baseUrl}\n  token:    ${facts.token}\n  project:  ${facts.project}\n` +
				`  sessions: ${facts.sessions}\nPress Ctrl-C to stop.\n`,
		);
	}

	let timer: NodeJS.Timeout | undefined;
	if (options.postbackUrl !== undefined && options.everySeconds !== undefined) {
		const url = options.postbackUrl;
		timer = setInterval(() => {
			const sessions = sim.listSessions();
			const reference = sessions.length > 0 ? sessions[Math.floor(Math.random() * sessions.length)].reference : undefined;
			sim
				.firePostback({ url, eventType: options.event, reference, secret })
				.then((result) => {
					const token = result.tokenResponse ? ` (token request: ${result.tokenResponse.status})` : '';
					process.stdout.write(`${new Date().toISOString()} postback ${options.event} -> ${result.status}${token}\n`);
				})
				.catch((error: Error) => process.stderr.write(`${new Date().toISOString()} postback failed: ${error.message}\n`));
		}, options.everySeconds * 1000);
	}

	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		if (timer) clearInterval(timer);
		sim.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: Error) => fail(error.message));
}
