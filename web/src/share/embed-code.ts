// The iframe snippet for embedding the current state. Attribute values are escaped because
// the URL ends up inside HTML that someone else pastes into their page.
export interface EmbedCodeOptions {
  pageUrl: string; // the page without hash or query
  hash: string; // `s1.…`
  hide: readonly string[];
  locked: boolean;
  width?: number;
  height?: number;
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function embedUrl(options: EmbedCodeOptions): string {
  const query = new URLSearchParams({ embed: '1' });
  if (options.hide.length > 0) query.set('hide', options.hide.join(','));
  if (options.locked) query.set('lock', '1');
  return `${options.pageUrl}?${query.toString()}#${options.hash}`;
}

export function embedCode(options: EmbedCodeOptions): string {
  const src = escapeAttribute(embedUrl(options));
  const width = options.width ?? 900;
  const height = options.height ?? 640;
  return (
    `<iframe src="${src}" width="${width}" height="${height}" ` +
    `title="Descent optimizer playground" loading="lazy" style="border:0"></iframe>`
  );
}
