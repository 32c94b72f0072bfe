// Opt-in User Timing marks (`?timing=1`): each part of a frame shows up by name in the
// browser's performance tools, to find what makes a frame slow. Off by default: entries
// would otherwise accumulate for as long as the page is open.
export const timingEnabled =
  typeof location !== 'undefined' && new URLSearchParams(location.search).has('timing');

export function timed<T>(name: string, work: () => T): T {
  if (!timingEnabled) return work();
  const start = performance.now();
  try {
    return work();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
}
