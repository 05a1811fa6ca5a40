/**
 * Minimal TTY-like streams for running renderWizard the way the binary does (not Ink's debug
 * mode): a stdin that supports raw mode and a stdout of a given width that records all output.
 */
import { EventEmitter } from 'node:events';

export class FakeTtyIn extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private pending: string[] = [];
  setEncoding(): this {
    return this;
  }
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  read(): string | null {
    return this.pending.shift() ?? null;
  }
  /** One chunk, as a terminal delivers a key or a piece of a paste. */
  send(data: string): void {
    this.pending.push(data);
    this.emit('readable');
  }
  /** Whether Ink is listening yet (its listeners attach in an effect, after the first frame). */
  get listening(): boolean {
    return this.listenerCount('readable') > 0;
  }
}

export class FakeTtyOut extends EventEmitter {
  readonly isTTY = true;
  readonly rows = 40;
  private readonly chunks: string[] = [];
  constructor(readonly columns: number) {
    super();
  }
  write(data: string, callback?: () => void): boolean {
    this.chunks.push(data);
    callback?.();
    return true;
  }
  /** Everything written, escape sequences removed. */
  text(): string {
    return this.chunks.join('').replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
  }
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the screen');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
