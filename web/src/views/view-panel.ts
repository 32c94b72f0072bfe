// The picture beside the table: the landscape of a 2-D function, the decision boundary of a
// data set with two inputs, or nothing (the panel hides and the table takes the space).
import type { AppContext } from '../app/context';
import type { RecordLookup } from '../app/panel';
import { byName } from '../core/catalog';
import type { AppState } from '../state/types';
import { el } from '../util/dom';
import { timed } from '../util/timing';
import type { BoundaryView } from './boundary-view';
import type { FunctionView } from './function-view';

export class ViewPanel {
  private heading = el('h2', { text: 'Landscape' });
  private note = el('p', { class: 'hint' });
  readonly element: HTMLElement;

  constructor(
    private app: AppContext,
    private functionView: FunctionView,
    private boundaryView: BoundaryView,
  ) {
    this.element = el(
      'section',
      {
        class: 'panel view-panel',
        attrs: { 'data-panel': 'view', 'aria-label': 'Landscape or decision boundary' },
      },
      [this.heading, functionView.element, boundaryView.element, this.note],
    );
  }

  update(state: AppState, record: RecordLookup): void {
    const isFunction = state.problem.kind === 'function';
    const plane =
      !isFunction && Boolean(byName(this.app.catalog.datasets, state.problem.name)?.plane);
    this.functionView.element.hidden = !isFunction;
    this.boundaryView.element.hidden = !plane;
    // Without a picture to show, the panel would only hold a note: give the space to the table.
    const show =
      (isFunction || plane) && !(state.embed.enabled && state.embed.hide.includes('view'));
    if (this.element.hidden === show) this.element.hidden = !show;
    this.heading.textContent = isFunction ? 'Landscape' : plane ? 'Decision boundary' : 'Data set';
    this.note.textContent = isFunction
      ? 'Colour: log f. ★ minimum, ○ start, lines: each run’s path. Tap or click the map (or focus it and use the arrow keys) to move the start.'
      : plane
        ? ''
        : 'This data set has more than two input features, so there is no picture of the boundary: follow the charts and the table.';
    if (isFunction) timed('function view', () => this.functionView.draw(state, record));
    else if (plane) timed('boundary view', () => this.boundaryView.draw(state, record));
  }
}
