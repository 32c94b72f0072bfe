// The example lesson's script: drives the first demo, a <descent-demo> element
// (src/embed/descent-demo.ts), through its methods and shows the metrics events it reports.
// Everything received is treated as untrusted: only the expected shape is read, and its text
// goes in with textContent.
import type { DescentDemo } from '../embed/descent-demo';
import '../embed/descent-demo';

const demo = document.getElementById('demo-1') as DescentDemo;
const status = document.getElementById('host-status')!;
const body = document.querySelector<HTMLTableSectionElement>('#host-metrics tbody')!;

for (const [id, act] of [
  ['host-play', () => demo.play()],
  ['host-pause', () => demo.pause()],
  ['host-reset', () => demo.reset()],
] as const) {
  document.getElementById(id)!.addEventListener('click', act);
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

const detail = (event: Event) => (event as CustomEvent<Record<string, unknown>>).detail;

demo.addEventListener('ready', () => (status.textContent = 'demo ready'));
demo.addEventListener('error', (event) => {
  const message = detail(event).message;
  if (typeof message === 'string')
    status.textContent = `demo refused a message: ${message.slice(0, 200)}`;
});
demo.addEventListener('metrics', (event) => {
  const data = detail(event);
  if (!Array.isArray(data.runs)) return;
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
