import { describe, expect, it } from 'vitest';
import { taskSwitchSteps } from '../../src/charts/task-switch-markers';
import { Series } from '../../src/metrics/series';

function seriesOf(steps: number[], task?: number[]): Series {
  const s = new Series(1);
  s.append({
    step: Float64Array.from(steps),
    loss: Float64Array.from(steps, () => 1),
    ...(task ? { task: Float64Array.from(task) } : {}),
  });
  return s;
}

describe('task-switch markers', () => {
  it('sit at the rows where the core’s task column rises', () => {
    const s = seriesOf([0, 20, 40, 50, 60, 80, 90, 100], [0, 0, 0, 1, 1, 1, 2, 2]);
    expect(taskSwitchSteps(s)).toEqual([50, 90]);
  });

  it('are absent for runs without switches (no task column, or NaN)', () => {
    expect(taskSwitchSteps(seriesOf([0, 10, 20]))).toEqual([]);
    expect(taskSwitchSteps(seriesOf([0, 10, 20], [NaN, NaN, NaN]))).toEqual([]);
  });
});
