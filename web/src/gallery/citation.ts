// A paper as one line of text: "Title — Authors (2021, venue)".
import type { Citation } from '../core/descent-module';

export function citationTextOf(c: Citation): string {
  const venue = c.venue ? `, ${c.venue}` : '';
  const authors = c.authors ? ` — ${c.authors}` : '';
  return `${c.title}${authors} (${c.year}${venue})`;
}
