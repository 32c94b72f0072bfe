// How many optimizer steps to ask for per step(n) call. A chunk should take ~15 ms: long
// enough that call overhead is negligible, short enough that pause and other messages
// are handled promptly and several runs in one worker take turns fairly.

export const TARGET_CHUNK_MS = 15;
export const MIN_CHUNK = 1;
export const MAX_CHUNK = 100_000;

/**
 * The next chunk size from the last one and how long it took. Growth is capped at 2x per
 * chunk (a fast first chunk may be a fluke), shrinking is immediate (a slow chunk stalls
 * the worker).
 */
export function nextChunkSize(previous: number, stepsDone: number, elapsedMs: number): number {
  if (stepsDone <= 0) return previous;
  // Timer resolution in workers can be coarse (even 0.1 ms or 1 ms): never divide by ~0.
  const perStep = Math.max(elapsedMs, 0.05) / stepsDone;
  const ideal = TARGET_CHUNK_MS / perStep;
  const bounded = Math.min(ideal, previous * 2);
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(bounded)));
}

/** Throttle for progress messages: ~15 per second is smooth enough for charts. */
export const PROGRESS_INTERVAL_MS = 66;
