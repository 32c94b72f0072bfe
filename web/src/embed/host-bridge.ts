// The embed side of the postMessage API (messages.ts): reads commands from the host page,
// turns them into the same actions as the toolbar and the address bar, and reports the
// runs' latest metrics back a few times a second. Outgoing messages hold only what the URL
// already shows (the state link) and the metrics, never anything else of the page.
import type { RunRecord } from '../metrics/run-record';
import { decodeState, encodeState } from '../share/link';
import type { StateStore } from '../state/store';
import type { AppState } from '../state/types';
import {
  acceptsMessage,
  parseEmbedMessaging,
  parseHostMessage,
  type EmbedMessage,
  type HostCommand,
  type RunMetrics,
} from './messages';

/** Metrics go to the host at most this often (and once more when training stops). */
const METRICS_INTERVAL_MS = 250;

export interface BridgeDeps {
  store: StateStore;
  record: (runId: string) => RunRecord | undefined;
  isPlaying(): boolean;
  onTrainingChange(listener: () => void): void;
  actions: { play(): void; pause(): void; step(): void; reset(): void };
  /** Opens a state or demo link as if pasted in the address bar (validated there). */
  openHash(hash: string): void;
}

function embedLink(state: AppState): Promise<string> {
  return encodeState(state).then((s) => `#${s}`);
}

export function runMetrics(
  state: AppState,
  record: (id: string) => RunRecord | undefined,
): RunMetrics[] {
  return state.runs.map((run) => {
    const r = record(run.id);
    const metrics: Record<string, number | null> = {};
    if (r) {
      for (const name of r.series.names()) {
        if (name === 'step') continue;
        const v = lastMeasured(r, name);
        metrics[name] = Number.isFinite(v) ? v : null;
      }
    }
    return {
      id: run.id,
      name: run.name,
      status: r?.status ?? 'idle',
      step: r?.currentStep ?? 0,
      totalSteps: r?.totalSteps ?? 0,
      metrics,
    };
  });
}

/** The latest logged value that is a measurement (test metrics are NaN between evaluations). */
function lastMeasured(r: RunRecord, name: string): number {
  const column = r.series.column(name);
  for (let i = column.length - 1; i >= 0 && i >= column.length - 4096; i--) {
    if (!Number.isNaN(column[i]!)) return column[i]!;
  }
  return Number.NaN;
}

/** Starts listening when the page is framed; returns false (and does nothing) otherwise. */
export function installEmbedBridge(deps: BridgeDeps): boolean {
  if (window.parent === window) return false;
  const query = parseEmbedMessaging(location.search);
  const target = query.origin ?? '*';
  const post = (message: EmbedMessage) => window.parent.postMessage(message, target);
  const frame = query.frame;

  const run = (command: HostCommand) => {
    switch (command.type) {
      case 'play':
      case 'pause':
      case 'reset':
      case 'step':
        deps.actions[command.type]();
        break;
      case 'get-state':
        void embedLink(deps.store.get()).then((link) =>
          post({ descent: 1, type: 'state', frame, link }),
        );
        break;
      case 'set-state':
        void decodeState(command.link).then((decoded) => {
          if (decoded.kind === 'ok') deps.openHash(command.link);
          else
            post({
              descent: 1,
              type: 'error',
              frame,
              message: decoded.kind === 'error' ? decoded.message : 'link: empty',
            });
        });
        break;
      case 'set-demo':
        deps.openHash(`#demo=${command.demo}`);
        break;
    }
  };

  window.addEventListener('message', (event: MessageEvent) => {
    if (!acceptsMessage(event, window.parent, query)) return;
    const parsed = parseHostMessage(event.data);
    if (!parsed.ok) {
      post({ descent: 1, type: 'error', frame, message: parsed.message });
      return;
    }
    run(parsed.command);
  });

  let timer = 0;
  let lastSent = 0;
  let wasPlaying = false;
  const sendMetrics = () => {
    timer = 0;
    lastSent = performance.now();
    const state = deps.store.get();
    post({
      descent: 1,
      type: 'metrics',
      frame,
      playing: deps.isPlaying(),
      runs: runMetrics(state, deps.record),
    });
  };
  deps.onTrainingChange(() => {
    const playing = deps.isPlaying();
    const edge = playing !== wasPlaying;
    wasPlaying = playing;
    if (edge) {
      window.clearTimeout(timer);
      sendMetrics();
      return;
    }
    if (timer !== 0) return;
    const wait = Math.max(0, METRICS_INTERVAL_MS - (performance.now() - lastSent));
    timer = window.setTimeout(sendMetrics, wait);
  });
  void embedLink(deps.store.get()).then((link) => post({ descent: 1, type: 'ready', frame, link }));
  return true;
}
