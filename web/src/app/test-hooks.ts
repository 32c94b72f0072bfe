// Hooks for the end-to-end tests (failure isolation needs a worker to fail on demand).
// Installed only when the browser is driven by automation (navigator.webdriver, which the
// automation flag sets and no page, link or embed can set), so a shared link cannot reach them.
import type { TrainingController } from './training-controller';

export interface TestHooks {
  failWorker(runId: string, how: 'throw' | 'kill'): boolean;
}

export function installTestHooks(training: TrainingController): void {
  if (navigator.webdriver !== true) return;
  const hooks: TestHooks = Object.freeze({
    failWorker: (runId: string, how: 'throw' | 'kill') =>
      training.failWorkerOf(runId, how === 'kill' ? 'kill' : 'throw'),
  });
  Object.defineProperty(window, '__descentTest', { value: hooks });
}
