/**
 * Deterministic identifiers: a seeded PRNG (mulberry32) so that the same sequence of calls on a
 * fresh simulator always yields the same session ids and references.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex4(value: number): string {
	return BYTE_HEX[(value >>> 8) & 255] + BYTE_HEX[value & 255];
}

function hex8(value: number): string {
	return hex4(value >>> 16) + hex4(value & 0xffff);
}

export class IdGenerator {
	private state: number;

	constructor(seed = 0x5eed_c0de) {
		this.state = seed >>> 0;
	}

	/** Next 32-bit unsigned value. */
	private next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	/** A 10-character alphanumeric session id, like 'yejyha9qI8'. */
	sessionId(): string {
		let id = '';
		for (let i = 0; i < 10; i++) id += ALPHABET[this.next() % ALPHABET.length];
		return id;
	}

	/** A lower-case UUID v4 (version nibble 4, variant 8..b). */
	uuid(): string {
		const a = this.next();
		const b = ((this.next() & 0xffff0fff) | 0x00004000) >>> 0;
		const c = ((this.next() & 0x3fffffff) | 0x80000000) >>> 0;
		const d = this.next();
		return `${hex8(a)}-${hex4(b >>> 16)}-${hex4(b & 0xffff)}-${hex4(c >>> 16)}-${hex4(c & 0xffff)}${hex8(d)}`;
	}

	/** `length` lower-case hex characters (ids of ad-hoc templates, access tokens). */
	hex(length: number): string {
		let out = '';
		while (out.length < length) out += hex8(this.next());
		return out.slice(0, length);
	}
}
