/**
 * In-memory sessions per project, with the list endpoint's filtering and pagination.
 *
 * Store internals that the API never shows (the assignee, the process number used in postbacks,
 * the create request's `initial` and `template`) live on the record next to the session. The
 * session object itself is shared, not copied: a test may change e.g. `submitted_at` on what
 * `getSession` returned and the next listing sees it (the parsed timestamps and the sort order are
 * re-derived when a timestamp string changes). Do not change `reference`: it is the lookup key.
 */
import type { Session } from './types';
import { microsToSeconds, parseTimestamp } from './time';

type DateField = 'created_at' | 'submitted_at' | 'expired_at';

/** One date condition of a listing; compared at whole-second precision. */
export interface DateFilter {
	field: DateField;
	op: 'eq' | 'gt' | 'lt';
	/** Epoch seconds of the filter value. */
	seconds: number;
}

/** The validated filters of a listing (all conditions must hold). */
export interface ListFilter {
	author?: string;
	/** Matches when any invitation address is in this list. */
	sentTo?: string[];
	assignee?: string;
	process?: string;
	isExpired?: boolean;
	isSubmitted?: boolean;
	dates: DateFilter[];
}

/** What the store knows about a session beyond its API shape. */
export interface SessionRecord {
	session: Session;
	project: string;
	/** Destination the session is assigned to (`assignee` filter); first invitation by default. */
	assignee: string | null;
	/** `session.process_number` of postbacks. */
	processNumber: number;
	/** `initial` of the create request (POST only). */
	initial?: Record<string, unknown>;
	/** `template` object of the create request, exactly as posted (POST only). */
	template?: Record<string, unknown>;
	/** The whole parsed create request body (POST only). */
	createBody?: Record<string, unknown>;
}

/** A parsed timestamp, remembered with the string it came from (re-parsed when that changes). */
interface ParsedTime {
	text: string | null;
	/** Epoch microseconds; null for a null date, NaN when unparsable. */
	micros: number | null;
}

/** A record plus parsed timestamps; every instance has the same fields (fast property access). */
interface StoredSession extends SessionRecord {
	created: ParsedTime;
	submitted: ParsedTime;
	expired: ParsedTime;
}

class ProjectSessions {
	readonly byReference = new Map<string, StoredSession>();
	/** Sorted by created_at, then transaction_number, once `ensureSorted` ran. */
	ordered: StoredSession[] = [];
	sorted = true;
}

function parsed(text: string | null): ParsedTime {
	return { text, micros: text === null ? null : (parseTimestamp(text) ?? NaN) };
}

/** Micros of a record's timestamp, null when the field is null; NaN when unparsable. */
function timeOf(record: StoredSession, field: DateField): number | null {
	// Written out per field: plain property access keeps the 100,000-session scans fast.
	if (field === 'created_at') {
		if (record.created.text !== record.session.created_at) record.created = parsed(record.session.created_at);
		return record.created.micros;
	}
	if (field === 'submitted_at') {
		if (record.submitted.text !== record.session.submitted_at) record.submitted = parsed(record.session.submitted_at);
		return record.submitted.micros;
	}
	if (record.expired.text !== record.session.expired_at) record.expired = parsed(record.session.expired_at);
	return record.expired.micros;
}

function compareRecords(a: StoredSession, b: StoredSession): number {
	const byCreated = (timeOf(a, 'created_at') ?? 0) - (timeOf(b, 'created_at') ?? 0);
	return byCreated !== 0 ? byCreated : a.session.transaction_number - b.session.transaction_number;
}

function matchesDate(record: StoredSession, filter: DateFilter): boolean {
	const micros = timeOf(record, filter.field);
	if (micros === null || Number.isNaN(micros)) return false; // null dates never match
	const seconds = microsToSeconds(micros);
	if (filter.op === 'eq') return seconds === filter.seconds;
	return filter.op === 'gt' ? seconds > filter.seconds : seconds < filter.seconds;
}

export class SessionStore {
	private readonly projects = new Map<string, ProjectSessions>();
	private nextTransactionNumber = 10001;
	private nextProcessNumber = 1;

	constructor(projectNames: string[]) {
		for (const name of projectNames) this.projects.set(name, new ProjectSessions());
	}

	hasProject(project: string): boolean {
		return this.projects.has(project);
	}

	/** Next transaction number (unique across projects, increasing). */
	takeTransactionNumber(): number {
		return this.nextTransactionNumber++;
	}

	takeProcessNumber(): number {
		return this.nextProcessNumber++;
	}

	/** Adds a complete session; throws on an unknown project or a duplicate reference. */
	add(record: SessionRecord): SessionRecord {
		const sessions = this.sessionsOf(record.project);
		const { session } = record;
		const { reference, transaction_number } = session;
		if (sessions.byReference.has(reference)) {
			throw new Error(`session ${reference} already exists in project ${record.project}`);
		}
		if (transaction_number >= this.nextTransactionNumber) this.nextTransactionNumber = transaction_number + 1;
		const stored: StoredSession = {
			session,
			project: record.project,
			assignee: record.assignee,
			processNumber: record.processNumber,
			initial: record.initial,
			template: record.template,
			createBody: record.createBody,
			created: parsed(session.created_at),
			submitted: parsed(session.submitted_at),
			expired: parsed(session.expired_at),
		};
		const last = sessions.ordered[sessions.ordered.length - 1];
		if (last && compareRecords(last, stored) > 0) sessions.sorted = false;
		sessions.ordered.push(stored);
		sessions.byReference.set(reference, stored);
		return stored;
	}

	get(project: string, reference: string): SessionRecord | undefined {
		return this.projects.get(project)?.byReference.get(reference);
	}

	/** Removes a session; false when it was not there. */
	delete(project: string, reference: string): boolean {
		const sessions = this.projects.get(project);
		const stored = sessions?.byReference.get(reference);
		if (!sessions || !stored) return false;
		sessions.byReference.delete(reference);
		sessions.ordered = sessions.ordered.filter((record) => record !== stored);
		return true;
	}

	count(project: string): number {
		return this.projects.get(project)?.byReference.size ?? 0;
	}

	/** All records of a project in list order. */
	all(project: string): SessionRecord[] {
		const sessions = this.sessionsOf(project);
		this.ensureSorted(sessions);
		return sessions.ordered.slice();
	}

	/**
	 * One page of the sessions matching `filter`, in list order, and the total number of matches.
	 * A page past the end is empty. `nowMicros` decides `is_expired` (expired_at <= now).
	 */
	list(
		project: string,
		filter: ListFilter,
		page: number,
		pageSize: number,
		nowMicros: number,
	): { total: number; items: SessionRecord[] } {
		const sessions = this.sessionsOf(project);
		this.ensureSorted(sessions);
		const first = (page - 1) * pageSize;
		const unfiltered =
			filter.author === undefined &&
			filter.assignee === undefined &&
			filter.process === undefined &&
			filter.sentTo === undefined &&
			filter.isExpired === undefined &&
			filter.isSubmitted === undefined &&
			filter.dates.length === 0;
		if (unfiltered) return { total: sessions.ordered.length, items: sessions.ordered.slice(first, first + pageSize) };
		const sentTo = filter.sentTo ? new Set(filter.sentTo) : undefined;
		const items: SessionRecord[] = [];
		let total = 0;
		for (const record of sessions.ordered) {
			const { session } = record;
			if (filter.author !== undefined && session.author !== filter.author) continue;
			if (filter.assignee !== undefined && record.assignee !== filter.assignee) continue;
			if (filter.process !== undefined && session.process_id !== filter.process) continue;
			if (sentTo && !session.recipient.invitations.some((invitation) => sentTo.has(invitation.address))) continue;
			if (filter.isSubmitted !== undefined && (session.submitted_at !== null) !== filter.isSubmitted) continue;
			if (filter.isExpired !== undefined) {
				const expiredAt = timeOf(record, 'expired_at');
				const expired = expiredAt !== null && expiredAt <= nowMicros;
				if (expired !== filter.isExpired) continue;
			}
			let datesMatch = true;
			for (const date of filter.dates) datesMatch &&= matchesDate(record, date);
			if (!datesMatch) continue;
			if (total >= first && items.length < pageSize) items.push(record);
			total++;
		}
		return { total, items };
	}

	private sessionsOf(project: string): ProjectSessions {
		const sessions = this.projects.get(project);
		if (!sessions) throw new Error(`unknown project ${JSON.stringify(project)}`);
		return sessions;
	}

	/** Sorts when a session was added out of order or a created_at string was changed in place. */
	private ensureSorted(sessions: ProjectSessions): void {
		const changed = sessions.ordered.some((record) => record.created.text !== record.session.created_at);
		if (!sessions.sorted || changed) {
			sessions.ordered.sort(compareRecords);
			sessions.sorted = true;
		}
	}
}
