// Run ids are short and URL-friendly; they only need to be unique within one state.
export function newRunId(existing: readonly string[]): string {
  const taken = new Set(existing);
  for (let i = 1; ; i++) {
    const id = `r${i}`;
    if (!taken.has(id)) return id;
  }
}
