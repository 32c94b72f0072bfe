// The run cards' live parts: status line, latest metrics and the schedule preview, redrawn
// every frame from the records (the cards' forms follow the state in RunsPanel.update).
import type { RunsPanel } from '../forms/runs-panel';
import type { AppState } from '../state/types';
import { statusText } from '../views/run-status';
import type { Panel, RecordLookup } from './panel';
import type { SchedulePreviews } from './schedule-previews';

export class RunCards implements Panel {
  readonly name = 'run cards';
  previews: SchedulePreviews = new Map();

  constructor(private runs: RunsPanel) {}

  update(state: AppState, record: RecordLookup): void {
    for (const run of state.runs) {
      const card = this.runs.card(run.id);
      if (!card) continue;
      const status = statusText(record(run.id));
      card.setStatus(status.text, status.kind);
      card.setRecord(record(run.id));
      const preview = this.previews.get(run.id);
      card.setSchedulePreview(preview?.key ?? '', preview?.values ?? null, run.color);
    }
  }
}
