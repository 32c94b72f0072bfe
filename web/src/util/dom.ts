// DOM construction without innerHTML: every piece of text from data (names, messages,
// catalog descriptions, links) goes in as a text node, so nothing can inject markup.
type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
  title?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.class) element.className = options.class;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.title) element.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {}))
    element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function button(
  label: string,
  onClick: () => void,
  options: ElementOptions = {},
): HTMLButtonElement {
  const b = el('button', { ...options, text: label, attrs: { type: 'button', ...options.attrs } });
  b.addEventListener('click', onClick);
  return b;
}

/**
 * A page panel: a labelled <section> whose head holds its <h2> title and its tools, then its
 * body.
 */
export function panelSection(
  kind: string,
  label: string,
  title: string,
  tools: Child[],
  body: Child[],
): HTMLElement {
  return el('section', { class: `panel ${kind}`, attrs: { 'aria-label': label } }, [
    el('div', { class: 'panel-head' }, [el('h2', { text: title }), ...tools]),
    ...body,
  ]);
}

let uniqueCounter = 0;
/** Ids for label/aria wiring; unique within the page. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${++uniqueCounter}`;
}

export function select(
  options: { value: string; label: string; group?: string }[],
  value: string,
  onChange: (value: string) => void,
  attrs: Record<string, string> = {},
): HTMLSelectElement {
  const s = el('select', { attrs });
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const option of options) {
    const o = el('option', { text: option.label, attrs: { value: option.value } });
    if (option.group) {
      let group = groups.get(option.group);
      if (!group) {
        group = el('optgroup', { attrs: { label: option.group } });
        groups.set(option.group, group);
        s.append(group);
      }
      group.append(o);
    } else {
      s.append(o);
    }
  }
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/** Is this element being edited right now? (Then a re-sync must not overwrite it.) */
export function isEditing(element: Element): boolean {
  return document.activeElement === element;
}
