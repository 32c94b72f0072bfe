// Timing helpers shared by the JS engines (Node and the browser). V8 does not tier up a
// function while it runs, so work is driven in chunks of ~20 ms, after a warm-up.

export const now = () => performance.now();

/** Doubles the chunk until one call of `call(chunk)` takes at least `targetMs`. */
export function calibrate(call, targetMs = 20, maxChunk = 1 << 20) {
  let chunk = 1;
  for (;;) {
    const t0 = now();
    call(chunk);
    if (now() - t0 >= targetMs || chunk >= maxChunk) return chunk;
    chunk *= 2;
  }
}

/** Calls `call(chunk)` (which returns the steps it did) for at least `ms`; steps and seconds. */
export function timeChunks(call, chunk, ms) {
  let steps = 0;
  const t0 = now();
  let t = t0;
  while (t - t0 < ms) {
    steps += call(chunk);
    t = now();
  }
  return { steps, seconds: (t - t0) / 1000 };
}

export function warm(call, chunk, ms = 300) {
  const end = now() + ms;
  while (now() < end) call(chunk);
}
