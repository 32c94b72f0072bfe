// Saves generated text as a file (object URL: same-origin, nothing leaves the page).
export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

export function downloadBytes(
  filename: string,
  bytes: Uint8Array<ArrayBuffer>,
  type: string,
): void {
  downloadBlob(filename, new Blob([bytes], { type }));
}

export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function readFileText(file: File, maxBytes: number): Promise<string> {
  if (file.size > maxBytes) {
    return Promise.reject(
      new Error(`the file is too large (${file.size} bytes; at most ${maxBytes})`),
    );
  }
  return file.text();
}
