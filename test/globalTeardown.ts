import { rmSync } from 'fs';

export default function globalTeardown(): void {
	const scratch = process.env.CELLOSIGN_TEST_SCRATCH;
	if (scratch) rmSync(scratch, { recursive: true, force: true });
}
