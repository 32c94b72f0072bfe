// The postMessage API of an embedded Descent (version 1). A host page drives an iframe with
// small JSON-like messages; every incoming message is untrusted (any page can frame us) and is
// checked like a shared link: known fields only, bounded sizes, no code, no markup. The
// state itself always travels as a `#s1.` link text, so it goes through the same decoder and
// the core's validation as a pasted link.
//
// Host → embed:   {descent: 1, type: 'play' | 'pause' | 'reset' | 'step' | 'get-state'}
//                 {descent: 1, type: 'set-state', link: '#s1.…'}   (a state link)
//                 {descent: 1, type: 'set-demo', demo: 'edge-of-stability'}   (a gallery demo)
// Embed → host:   {descent: 1, type: 'ready', frame, link}
//                 {descent: 1, type: 'metrics', frame, playing, runs: RunMetrics[]}
//                 {descent: 1, type: 'state', frame, link}
//                 {descent: 1, type: 'error', frame, message}
// `frame` echoes the iframe's `?frame=` query value, so one listener can serve several embeds.
import { MAX_HASH_LENGTH } from '../share/link';
import { DEMO_NAME, FRAME_ID } from './names';

export const EMBED_API_VERSION = 1;

export type HostCommand =
  | { type: 'play' | 'pause' | 'reset' | 'step' | 'get-state' }
  | { type: 'set-state'; link: string }
  | { type: 'set-demo'; demo: string };

/** The last logged value of each metric; null where the run has not measured it. */
export interface RunMetrics {
  id: string;
  name: string;
  status: string;
  step: number;
  totalSteps: number;
  metrics: Record<string, number | null>;
}

export type EmbedMessage =
  | { descent: 1; type: 'ready'; frame: string; link: string }
  | { descent: 1; type: 'state'; frame: string; link: string }
  | { descent: 1; type: 'metrics'; frame: string; playing: boolean; runs: RunMetrics[] }
  | { descent: 1; type: 'error'; frame: string; message: string };

const SIMPLE = new Set(['play', 'pause', 'reset', 'step', 'get-state']);
export { FRAME_ID };

export type ParsedCommand = { ok: true; command: HostCommand } | { ok: false; message: string };

/** Reads an incoming message; anything not exactly a version-1 command is refused. */
export function parseHostMessage(data: unknown): ParsedCommand {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, message: 'a message must be an object' };
  }
  const message = data as Record<string, unknown>;
  if (message.descent !== EMBED_API_VERSION) {
    return { ok: false, message: `unsupported message version (expected descent: 1)` };
  }
  const type = message.type;
  if (typeof type !== 'string') return { ok: false, message: 'type: expected text' };
  const allowed = (keys: string[]) => {
    const extra = Object.keys(message).filter((k) => !['descent', 'type', ...keys].includes(k));
    return extra.length === 0 ? null : `unknown field ${extra[0]!.slice(0, 32)}`;
  };
  if (SIMPLE.has(type)) {
    const extra = allowed([]);
    if (extra) return { ok: false, message: extra };
    return { ok: true, command: { type } as HostCommand };
  }
  if (type === 'set-state') {
    const extra = allowed(['link']);
    if (extra) return { ok: false, message: extra };
    const link = message.link;
    if (typeof link !== 'string' || link.length > MAX_HASH_LENGTH + 1) {
      return {
        ok: false,
        message: `link: expected a state link of at most ${MAX_HASH_LENGTH} characters`,
      };
    }
    return { ok: true, command: { type, link: link.startsWith('#') ? link : `#${link}` } };
  }
  if (type === 'set-demo') {
    const extra = allowed(['demo']);
    if (extra) return { ok: false, message: extra };
    const demo = message.demo;
    if (typeof demo !== 'string' || !DEMO_NAME.test(demo)) {
      return { ok: false, message: 'demo: expected a gallery demo name' };
    }
    return { ok: true, command: { type, demo } };
  }
  return { ok: false, message: `unknown message type ${type.slice(0, 32)}` };
}

export interface EmbedQuery {
  /** Echoed in every outgoing message. */
  frame: string;
  /** The host's origin: only its messages are read and ours go only to it; null = any. */
  origin: string | null;
}

/** `?frame=lesson-1&origin=https://school.example`: both optional, malformed ones ignored. */
export function parseEmbedMessaging(search: string): EmbedQuery {
  const query = new URLSearchParams(search);
  const frame = query.get('frame') ?? '';
  let origin: string | null = null;
  const rawOrigin = query.get('origin');
  if (rawOrigin) {
    try {
      const url = new URL(rawOrigin);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === rawOrigin) {
        origin = url.origin;
      }
    } catch {
      origin = null;
    }
  }
  return { frame: FRAME_ID.test(frame) ? frame : '', origin };
}

/** Whether an incoming message event may drive this embed. */
export function acceptsMessage(
  event: { source: unknown; origin: string },
  parent: unknown,
  query: EmbedQuery,
): boolean {
  if (event.source !== parent) return false;
  return query.origin === null || event.origin === query.origin;
}
