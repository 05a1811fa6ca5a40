/** The signal guard, against a stand-in for `process` (real signals are in test/faults/). */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installSignalGuard } from '../../src/system/signal-guard.js';

function guard() {
  const proc = new EventEmitter();
  const exits: number[] = [];
  const said: string[] = [];
  const installed = installSignalGuard({ exit: (code) => exits.push(code), say: (line) => said.push(line), process: proc as unknown as NodeJS.Process });
  return { proc, exits, said, installed };
}

describe('the signal guard', () => {
  it('ends the run at once, with 128 + the signal, when no token is in flight', () => {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
      const { proc, exits, said } = guard();
      proc.emit(signal);
      expect(exits).toEqual([code]);
      expect(said[0]).toContain('no token was in flight');
    }
  });

  it('holds a signal while a token is in flight, says it is finishing safely, and remembers it', async () => {
    const { proc, exits, said, installed } = guard();
    let release!: () => void;
    const held = installed.hold(() => new Promise<string>((resolve) => (release = () => resolve('done'))));
    proc.emit('SIGTERM');
    proc.emit('SIGINT');
    expect(exits).toEqual([]);
    expect(said[0]).toContain('finishes safely');
    expect(said[1]).toContain('Still finishing safely');
    release();
    expect(await held).toBe('done');
    expect(installed.received()).toBe('SIGTERM');
    // Once nothing is held, a further signal is obeyed.
    proc.emit('SIGHUP');
    expect(exits).toEqual([129]);
  });

  it('hands every signal to the wizard when it listens, and stops after it is removed', () => {
    const { proc, exits, installed } = guard();
    const seen: string[] = [];
    const off = installed.onSignal((signal, count) => seen.push(`${signal}#${count}`));
    proc.emit('SIGHUP');
    proc.emit('SIGTERM');
    expect(seen).toEqual(['SIGHUP#1', 'SIGTERM#2']);
    expect(exits).toEqual([]);
    off();
    installed.uninstall();
    proc.emit('SIGTERM');
    expect(exits).toEqual([]);
  });
});
