/**
 * Makes the next write to a stream carry `prefix` in front, then puts the stream's own write
 * back. Used where text drawn early (before a renderer has loaded) is erased by the renderer's
 * first write itself, so the terminal never shows the erased state on its own.
 */
export function prefixNextWrite(out: NodeJS.WritableStream, prefix: string): void {
  const own = Object.getOwnPropertyDescriptor(out, 'write');
  const write = out.write;
  out.write = function writeWithPrefix(this: NodeJS.WritableStream, chunk: unknown, ...rest: unknown[]) {
    if (own) Object.defineProperty(out, 'write', own);
    else delete (out as { write?: unknown }).write;
    const text = typeof chunk === 'string' ? prefix + chunk : Buffer.concat([Buffer.from(prefix), Buffer.from(chunk as Uint8Array)]);
    return (write as (...args: unknown[]) => boolean).call(this, text, ...rest);
  } as NodeJS.WritableStream['write'];
}
