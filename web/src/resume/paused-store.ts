// Paused runs kept in IndexedDB across a reload, one record per run id (a comparison's runs
// each keep theirs); a new pause replaces the previous one. What comes back is checked
// (paused-run.ts) and refused by name, never trusted.
import { KeyedDb } from '../util/idb';
import { checkSavedRun, newestSession, type PausedRun, type SavedSession } from './paused-run';
import { STATE_VERSION } from '../share/link';

export interface LoadedSession {
  session: SavedSession | null;
  /** One line per stored run that was refused, naming what is wrong. */
  refused: string[];
}

export class PausedStore {
  constructor(private db = new KeyedDb('descent-paused', 'runs', 'runId')) {}

  /** Keeps `runs`, paused under the page state `link`, instead of anything kept before. */
  async save(link: string, runs: readonly PausedRun[], savedAt = Date.now()): Promise<void> {
    await this.db.clear();
    for (const run of runs)
      await this.db.put({ ...run, link, stateVersion: STATE_VERSION, savedAt });
  }

  async load(): Promise<LoadedSession> {
    const refused: string[] = [];
    const runs = [];
    for (const value of await this.db.all()) {
      const checked = checkSavedRun(value);
      if (checked.ok) runs.push(checked.run);
      else refused.push(checked.message);
    }
    return { session: newestSession(runs), refused };
  }

  clear(): Promise<void> {
    return this.db.clear();
  }
}
