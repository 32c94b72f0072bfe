// A minimal POSIX ustar writer: a sweep's command-line export is one download that any
// `tar xf` unpacks into configs and scripts. Regular files only, names under 100 bytes.

export interface TarFile {
  path: string;
  text: string;
  /** Binary content (a user's table, byte for byte); replaces `text` when given. */
  bytes?: Uint8Array;
  /** Octal permission bits, e.g. 0o755 for scripts. */
  mode?: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(path: string, size: number, mode: number): Uint8Array {
  const bytes = new Uint8Array(BLOCK);
  const put = (text: string, offset: number) => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  const name = new TextEncoder().encode(path);
  if (name.length > 100) throw new RangeError(`tar: path too long: ${path}`);
  bytes.set(name, 0);
  put(octal(mode, 8), 100);
  put(octal(0, 8), 108); // uid
  put(octal(0, 8), 116); // gid
  put(octal(size, 12), 124);
  put(octal(0, 12), 136); // mtime: fixed, so the same sweep gives the same archive
  put('        ', 148); // checksum placeholder (spaces while summing)
  put('0', 156); // regular file
  put('ustar\0', 257);
  put('00', 263);
  let sum = 0;
  for (const b of bytes) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return bytes;
}

export function tarArchive(files: readonly TarFile[]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  for (const file of files) {
    const data = file.bytes ?? new TextEncoder().encode(file.text);
    parts.push(header(file.path, data.length, file.mode ?? 0o644));
    const padded = new Uint8Array(Math.ceil(data.length / BLOCK) * BLOCK);
    padded.set(data);
    parts.push(padded);
  }
  parts.push(new Uint8Array(BLOCK * 2)); // end of archive
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
