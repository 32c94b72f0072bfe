// The embed's postMessage API: incoming messages are untrusted and checked field by field.
import { describe, expect, it } from 'vitest';
import { acceptsMessage, parseEmbedMessaging, parseHostMessage } from '../../src/embed/messages';
import { parseEmbedQuery } from '../../src/share/embed-query';

describe('parseHostMessage', () => {
  it('reads the version-1 commands', () => {
    expect(parseHostMessage({ descent: 1, type: 'play' })).toEqual({
      ok: true,
      command: { type: 'play' },
    });
    expect(parseHostMessage({ descent: 1, type: 'set-state', link: 's1.abc' })).toEqual({
      ok: true,
      command: { type: 'set-state', link: '#s1.abc' },
    });
    expect(parseHostMessage({ descent: 1, type: 'set-demo', demo: 'grokking' })).toEqual({
      ok: true,
      command: { type: 'set-demo', demo: 'grokking' },
    });
  });

  it('refuses anything else with a reason', () => {
    const refused = [
      null,
      'play',
      [1],
      { type: 'play' },
      { descent: 2, type: 'play' },
      { descent: 1, type: 'eval', code: 'alert(1)' },
      { descent: 1, type: 'play', extra: true },
      { descent: 1, type: 'set-state', link: 42 },
      { descent: 1, type: 'set-state', link: 'x'.repeat(40_000) },
      { descent: 1, type: 'set-demo', demo: '<img src=x>' },
      { descent: 1, type: 'set-demo', demo: '../../etc' },
      { descent: 1, type: { toString: () => 'play' } },
    ];
    for (const message of refused) {
      const parsed = parseHostMessage(message);
      expect(parsed.ok, JSON.stringify(message)?.slice(0, 60)).toBe(false);
      if (!parsed.ok) expect(parsed.message.length).toBeLessThan(120);
    }
  });
});

describe('origin handling', () => {
  const parent = {};
  it('takes messages only from the parent, and only from the stated origin', () => {
    const any = parseEmbedMessaging('?embed=1');
    expect(acceptsMessage({ source: parent, origin: 'https://a.example' }, parent, any)).toBe(true);
    expect(acceptsMessage({ source: {}, origin: 'https://a.example' }, parent, any)).toBe(false);
    const pinned = parseEmbedMessaging('?origin=https://a.example&frame=f-1');
    expect(pinned).toEqual({ origin: 'https://a.example', frame: 'f-1' });
    expect(acceptsMessage({ source: parent, origin: 'https://a.example' }, parent, pinned)).toBe(
      true,
    );
    expect(acceptsMessage({ source: parent, origin: 'https://b.example' }, parent, pinned)).toBe(
      false,
    );
  });
  it('ignores malformed origins and frame ids', () => {
    expect(parseEmbedMessaging('?origin=javascript:alert(1)&frame=<x>')).toEqual({
      origin: null,
      frame: '',
    });
    expect(parseEmbedMessaging('?origin=https://a.example/path').origin).toBeNull();
  });
});

describe('live settings in the embed query', () => {
  it('keeps well-formed field paths only', () => {
    expect(parseEmbedQuery('?lock=1&live=optimizer.lr,<b>,steps').live).toEqual([
      'optimizer.lr',
      'steps',
    ]);
  });
});
