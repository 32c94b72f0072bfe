// Raw DEFLATE through the platform's CompressionStream (Chromium and Node 20 both have it),
// so sharing needs no library. Inflating is bounded: a link is untrusted input and a tiny
// payload can expand enormously.
async function readAll(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RangeError(`the link expands past ${limit} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function streamOf(bytes: Uint8Array): ReadableStream<BufferSource> {
  return new ReadableStream<BufferSource>({
    start(controller) {
      // A copy: the stream may hold on to (or detach) what it is given.
      controller.enqueue(new Uint8Array(bytes));
      controller.close();
    },
  });
}

export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return readAll(streamOf(bytes).pipeThrough(new CompressionStream('deflate-raw')), Infinity);
}

export async function inflate(bytes: Uint8Array, limit: number): Promise<Uint8Array> {
  return readAll(streamOf(bytes).pipeThrough(new DecompressionStream('deflate-raw')), limit);
}
