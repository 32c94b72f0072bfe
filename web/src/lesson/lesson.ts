// The example lesson's script: drives the first embedded demo with Descent's postMessage API
// (src/embed/messages.ts) and shows the metrics it reports. Everything received is treated as
// untrusted: only messages from our own frames, from this origin, with the expected shape,
// and their text goes in with textContent.
const origin = location.origin;
const frame = document.getElementById('demo-1') as HTMLIFrameElement;
const status = document.getElementById('host-status')!;
const body = document.querySelector<HTMLTableSectionElement>('#host-metrics tbody')!;

function send(type: 'play' | 'pause' | 'reset'): void {
  frame.contentWindow?.postMessage({ descent: 1, type }, origin);
}

for (const [id, type] of [
  ['host-play', 'play'],
  ['host-pause', 'pause'],
  ['host-reset', 'reset'],
] as const) {
  document.getElementById(id)!.addEventListener('click', () => send(type));
}

interface RunMetrics {
  name: string;
  status: string;
  step: number;
  totalSteps: number;
  metrics: Record<string, number | null>;
}

function isRunMetrics(value: unknown): value is RunMetrics {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.name === 'string' &&
    typeof r.status === 'string' &&
    typeof r.step === 'number' &&
    typeof r.metrics === 'object' &&
    r.metrics !== null
  );
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.origin !== origin || event.source !== frame.contentWindow) return;
  const data = event.data as Record<string, unknown> | null;
  if (typeof data !== 'object' || data === null || data.descent !== 1) return;
  if (data.type === 'ready') status.textContent = 'demo ready';
  if (data.type === 'error' && typeof data.message === 'string')
    status.textContent = `demo refused a message: ${data.message.slice(0, 200)}`;
  if (data.type !== 'metrics' || !Array.isArray(data.runs)) return;
  const rows = data.runs.filter(isRunMetrics).slice(0, 16);
  status.textContent =
    data.playing === true
      ? 'training'
      : rows.some((r) => r.step > 0)
        ? 'paused or finished'
        : 'demo ready';
  body.replaceChildren(
    ...rows.map((run) => {
      const value = (name: string, format: (v: number) => string) => {
        const v = run.metrics[name];
        return typeof v === 'number' ? format(v) : '–';
      };
      const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
      const tr = document.createElement('tr');
      tr.append(
        cell(run.name.slice(0, 64)),
        cell(run.status.slice(0, 32)),
        cell(String(run.step)),
        cell(value('loss', (v) => v.toPrecision(4))),
        cell(value('accuracy', percent)),
        cell(value('test_accuracy', percent)),
      );
      return tr;
    }),
  );
});

export {};
