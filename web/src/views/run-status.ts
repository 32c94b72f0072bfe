// A run's status as words, shared by the run cards and the table.
import type { RunRecord } from '../metrics/run-record';

export function statusText(record: RunRecord | undefined): { text: string; kind: string } {
  if (!record) return { text: '', kind: 'idle' };
  switch (record.status) {
    case 'idle':
      return { text: 'not started', kind: 'idle' };
    case 'starting':
      return { text: 'starting', kind: 'running' };
    case 'running':
      return { text: `running · ${record.currentStep}/${record.totalSteps}`, kind: 'running' };
    case 'paused':
      return { text: `paused · ${record.currentStep}/${record.totalSteps}`, kind: 'paused' };
    case 'ok':
      return { text: `done (${record.currentStep})`, kind: 'ok' };
    case 'diverged':
      return {
        text: `diverged at step ${record.divergedAt ?? record.currentStep}`,
        kind: 'diverged',
      };
    case 'failed':
      return { text: `failed: ${record.message}`, kind: 'failed' };
    case 'invalid':
      return { text: `invalid: ${record.message}`, kind: 'failed' };
  }
}
