// Links are untrusted input: whatever the hash holds, the decoder must return a message,
// never throw, and never hand back a state that failed the shape checks.
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../src/share/base64url';
import { deflate } from '../../src/share/compress';
import { MAX_HASH_LENGTH, decodeState, encodeState } from '../../src/share/link';
import { defaultState } from '../../src/state/defaults';
import { mulberry32 } from '../../src/compare/sweep-points';

/** Deterministic PRNG (mulberry32, the sweep's) so failures reproduce. */
const rng = mulberry32;

async function linkOf(json: string): Promise<string> {
  return `s1.${toBase64Url(await deflate(new TextEncoder().encode(json)))}`;
}

async function expectError(hash: string, pattern?: RegExp): Promise<string> {
  const result = await decodeState(hash);
  expect(result.kind).toBe('error');
  const message = result.kind === 'error' ? result.message : '';
  expect(message.length).toBeGreaterThan(10);
  if (pattern) expect(message).toMatch(pattern);
  return message;
}

describe('decoding malformed links', () => {
  it('names the wrong version', async () => {
    await expectError('#s3.AAAA', /newer Descent \(state version 3\)/);
    await expectError('#s0.AAAA', /version 0, which never existed/);
  });

  it('refuses something that is not a Descent link', async () => {
    await expectError('#hello', /Descent/);
    await expectError('#s1', /Descent/);
  });

  it('refuses huge links before doing any work', async () => {
    await expectError(`#s1.${'A'.repeat(MAX_HASH_LENGTH + 1)}`, /too long/);
  });

  it('refuses bad base64 characters', async () => {
    await expectError('#s1.abc$def', /damaged/);
    await expectError('#s1.<script>', /damaged/);
  });

  it('refuses every truncation of a valid link', async () => {
    const full = await encodeState(defaultState());
    for (let cut = 3; cut < full.length; cut += 7) {
      const result = await decodeState(full.slice(0, cut));
      expect(result.kind).toBe('error');
    }
  });

  it('refuses a deflate bomb', async () => {
    const hash = await linkOf(' '.repeat(5_000_000));
    expect(hash.length).toBeLessThan(MAX_HASH_LENGTH);
    await expectError(hash, /expands past/);
  });

  it('refuses valid JSON of the wrong shape, naming the field', async () => {
    await expectError(await linkOf('not json'), /not valid JSON/);
    await expectError(await linkOf('[]'), /expected an object/);
    await expectError(await linkOf('{"runs":"x"}'), /runs: expected a list/);
    const state = defaultState() as unknown as Record<string, unknown>;
    await expectError(await linkOf(JSON.stringify({ ...state, seed: -1 })), /seed/);
    await expectError(await linkOf(JSON.stringify({ ...state, steps: 1e300 })), /steps/);
    const badColor = structuredClone(defaultState());
    badColor.runs[0]!.color = 'red;background:url(x)';
    await expectError(await linkOf(JSON.stringify(badColor)), /runs\[0\]\.color/);
    const badParam = structuredClone(defaultState());
    (badParam.runs[0]!.optimizer.params as Record<string, unknown>).lr = { evil: true };
    await expectError(await linkOf(JSON.stringify(badParam)), /runs\[0\]\.optimizer\.params\.lr/);
    const proto = JSON.stringify(defaultState()).replace(
      '"params":{"lr":0.001}',
      '"params":{"__proto__":{"x":1}}',
    );
    await expectError(await linkOf(proto), /__proto__/);
    const noRuns = { ...structuredClone(defaultState()), runs: [] };
    await expectError(await linkOf(JSON.stringify(noRuns)), /at least one run/);
  });

  it('never throws on random text or random compressed bytes', async () => {
    const random = rng(1234);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#%$ s';
    for (let i = 0; i < 300; i++) {
      const length = Math.floor(random() * 200);
      let text = random() < 0.5 ? 's1.' : '';
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      const result = await decodeState(text);
      expect(['error', 'empty']).toContain(result.kind);
    }
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 300) }, () =>
        Math.floor(random() * 256),
      );
      const result = await decodeState(`s1.${toBase64Url(bytes)}`);
      expect(result.kind).not.toBe('ok');
    }
  });

  it('never throws when a valid link has random bytes flipped', async () => {
    const random = rng(99);
    const valid = await encodeState(defaultState());
    for (let i = 0; i < 200; i++) {
      const chars = valid.split('');
      const at = 3 + Math.floor(random() * (chars.length - 3));
      chars[at] = 'ABCxyz019-_'[Math.floor(random() * 11)]!;
      const result = await decodeState(chars.join(''));
      // A flip may still decode to a valid state (e.g. a changed number): that is fine.
      expect(['ok', 'error']).toContain(result.kind);
    }
  });
});
