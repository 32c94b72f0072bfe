// The page's first state: the link's if it is readable and the core accepts every run (its
// table provided or asked for), a gallery demo for `#demo=`, else the defaults and a banner
// saying why.
import type { DescentModule } from '../core/descent-module';
import { parseDemoHash } from '../gallery/demo-link';
import type { Gallery } from '../gallery/gallery';
import { parseEmbedQuery } from '../share/embed-query';
import { decodeState } from '../share/link';
import { defaultState } from '../state/defaults';
import type { AppState } from '../state/types';
import type { TableService } from '../table/table-service';
import type { Banner } from '../views/banner';
import { validateRuns } from './validation';

function withEmbedQuery(state: AppState): AppState {
  const query = parseEmbedQuery(location.search);
  return { ...state, embed: { ...state.embed, ...query } };
}

/** The link's state if it is readable and the core accepts every run; else defaults + why. */
export async function initialState(
  module: DescentModule,
  banner: Banner,
  gallery: Gallery,
  tables: TableService,
): Promise<AppState> {
  // `#demo=<name>` (and old `#preset=<id>`) open a gallery demo; `#gallery` keeps the state.
  const short = parseDemoHash(location.hash, gallery);
  if (short.kind === 'error') {
    banner.show(`${short.message} Showing the default setup instead.`);
    return withEmbedQuery(defaultState());
  }
  if (short.kind === 'gallery') return withEmbedQuery(defaultState());
  const decoded =
    short.kind === 'demo'
      ? { kind: 'ok' as const, state: short.state }
      : await decodeState(location.hash);
  if (decoded.kind === 'error') {
    banner.show(`${decoded.message} Showing the default setup instead.`);
    return withEmbedQuery(defaultState());
  }
  if (decoded.kind === 'empty') return withEmbedQuery(defaultState());
  // A link on a user's table: the table inside the link, or kept in this browser, or asked
  // for (the Problem panel checks the file against the link's SHA-256 before anything trains).
  const table = decoded.state.problem.table;
  if (table) {
    const ensured = await tables.ensure(table);
    if (ensured.kind === 'error') {
      banner.show(`${ensured.message}. Showing the default setup instead.`, 'error');
      return withEmbedQuery(defaultState());
    }
    if (ensured.kind === 'missing') {
      banner.show(
        `This link trains on the table “${table.file}”, named by its SHA-256. Choose that file in the Problem panel to continue.`,
        'info',
      );
      return withEmbedQuery(decoded.state);
    }
    tables.syncEntry(table, decoded.state.problem.params.test_fraction);
  }
  const problems = validateRuns(module, decoded.state).flatMap((result) => {
    const run = decoded.state.runs.find((r) => r.id === result.runId);
    return result.errors.map(
      (e) => `${run?.name ?? result.runId}: ${e.field ? `${e.field}: ` : ''}${e.message}`,
    );
  });
  if (problems.length > 0) {
    banner.show(
      'This link’s settings were refused by the training core. Showing the default setup instead.',
      'error',
      problems,
    );
    return withEmbedQuery(defaultState());
  }
  return withEmbedQuery(decoded.state);
}
