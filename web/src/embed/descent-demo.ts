// <descent-demo demo="edge_of_stability" live="optimizer.lr" hide="table,presets">: one script
// (dist/descent-demo.js) that a lesson, a Reveal.js slide or a Jupyter cell loads to embed a
// gallery demo. It creates the sandboxed iframe of the embed view (?embed=1&lock=1) from the
// site the script came from and turns the postMessage API (src/embed/messages.ts) into methods
// (play, pause, reset, step, requestState) and events (ready, metrics, state, error; the
// message is the event's detail). Attributes are checked before anything is framed; messages
// from the frame are read only from its own window and origin.
import { PANELS } from '../state/types';
import { LIVE_FIELD, MAX_LIVE } from '../share/embed-query';
import { DEMO_NAME, FRAME_ID } from './names';

type Command = 'play' | 'pause' | 'reset' | 'step' | 'get-state';
const EVENTS = new Set(['ready', 'metrics', 'state', 'error']);

/** Where the built site is: the folder this script was loaded from (index.html beside it);
 * the dev server serves index.html at its root. */
const SITE = new URL(import.meta.env.DEV ? '/' : './', import.meta.url);

export interface DemoAttributes {
  demo: string;
  live: string[];
  hide: string[];
  height: number;
}

/** Checks the element's attributes; the message names the attribute and what it accepts. */
export function readAttributes(
  get: (name: string) => string | null,
): { ok: true; value: DemoAttributes } | { ok: false; message: string } {
  const demo = (get('demo') ?? '').trim();
  if (!DEMO_NAME.test(demo)) {
    return {
      ok: false,
      message: `demo: expected a gallery demo name (lower-case letters, digits, _ or -), got "${demo.slice(0, 64)}"`,
    };
  }
  const list = (name: string) =>
    (get(name) ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
  const live = list('live');
  const badLive = live.find((f) => !LIVE_FIELD.test(f));
  if (badLive !== undefined || live.length > MAX_LIVE) {
    return {
      ok: false,
      message: `live: expected up to ${MAX_LIVE} setting paths such as optimizer.lr, got "${(badLive ?? '').slice(0, 64)}"`,
    };
  }
  const hide = list('hide');
  const badHide = hide.find((p) => !(PANELS as readonly string[]).includes(p));
  if (badHide !== undefined) {
    return {
      ok: false,
      message: `hide: expected panels among ${PANELS.join(', ')}, got "${badHide.slice(0, 32)}"`,
    };
  }
  const heightText = get('height');
  const height = heightText === null ? 560 : Number(heightText);
  if (!Number.isInteger(height) || height < 200 || height > 4000) {
    return { ok: false, message: 'height: expected a whole number of pixels from 200 to 4000' };
  }
  return { ok: true, value: { demo, live, hide, height } };
}

let frames = 0;

export class DescentDemo extends HTMLElement {
  static observedAttributes = ['demo', 'live', 'hide', 'height'];

  private frame: HTMLIFrameElement | null = null;
  private frameId = '';
  private ready = false;
  private rendered = false;
  private queue: Command[] = [];
  private readonly onMessage = (event: MessageEvent) => this.receive(event);

  /** The iframe of the embedded demo (null while the attributes are invalid). */
  get iframe(): HTMLIFrameElement | null {
    return this.frame;
  }

  connectedCallback(): void {
    // A custom element is inline by default; the frame wants its own block.
    if (!this.style.display) this.style.display = 'block';
    window.addEventListener('message', this.onMessage);
    this.render();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
    this.rendered = false;
  }

  attributeChangedCallback(_name: string, before: string | null, after: string | null): void {
    // On upgrade every attribute is reported once before connectedCallback, which renders.
    if (this.rendered && before !== after) this.render();
  }

  play(): void {
    this.send('play');
  }
  pause(): void {
    this.send('pause');
  }
  reset(): void {
    this.send('reset');
  }
  /** One optimizer step of every run. */
  step(): void {
    this.send('step');
  }
  /** Asks for the current state; it arrives as a `state` event ({link}). */
  requestState(): void {
    this.send('get-state');
  }

  private render(): void {
    this.rendered = true;
    const read = readAttributes((name) => this.getAttribute(name));
    this.ready = false;
    this.queue = [];
    if (!read.ok) {
      this.frame = null;
      const message = document.createElement('p');
      message.className = 'descent-demo-error';
      message.setAttribute('role', 'alert');
      message.textContent = `<descent-demo>: ${read.message}`;
      this.replaceChildren(message);
      this.emit('error', { descent: 1, type: 'error', frame: '', message: read.message });
      return;
    }
    const { demo, live, hide, height } = read.value;
    this.frameId = FRAME_ID.test(this.id) ? this.id : `descent-demo-${++frames}`;
    const query = new URLSearchParams({ embed: '1', lock: '1', frame: this.frameId });
    if (live.length > 0) query.set('live', live.join(','));
    if (hide.length > 0) query.set('hide', hide.join(','));
    // The embed then reads only this page's messages and posts only to it.
    if (location.origin !== 'null') query.set('origin', location.origin);
    const src = new URL(`index.html?${query}#demo=${demo}`, SITE);
    const frame = document.createElement('iframe');
    // Scripts (the page trains in workers) and its own origin (workers, the WASM file); no
    // top navigation, pop-ups or forms.
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-downloads');
    frame.title = this.getAttribute('title') ?? `Descent demo: ${demo}`;
    frame.src = src.href;
    frame.style.width = '100%';
    frame.style.height = `${height}px`;
    if (this.getAttribute('loading') === 'lazy') frame.loading = 'lazy';
    this.frame = frame;
    this.replaceChildren(frame);
  }

  private send(type: Command): void {
    if (!this.ready) {
      this.queue.push(type);
      return;
    }
    this.frame?.contentWindow?.postMessage({ descent: 1, type }, SITE.origin);
  }

  private receive(event: MessageEvent): void {
    if (!this.frame || event.source !== this.frame.contentWindow) return;
    if (event.origin !== SITE.origin) return;
    const data = event.data as Record<string, unknown> | null;
    if (typeof data !== 'object' || data === null || data.descent !== 1) return;
    if (typeof data.type !== 'string' || !EVENTS.has(data.type)) return;
    if (data.frame !== this.frameId) return;
    if (data.type === 'ready') {
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      for (const type of queued) this.send(type);
    }
    this.emit(data.type, data);
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

if (!customElements.get('descent-demo')) customElements.define('descent-demo', DescentDemo);

declare global {
  interface HTMLElementTagNameMap {
    'descent-demo': DescentDemo;
  }
}
