/**
 * `refreshCommand` and `statusCommand` as the in-process tests call them, with what they print
 * recorded for the whole-suite secret grep (secret-audit.ts). Same signatures: a test imports
 * these instead of the sources' and nothing else changes.
 */
import { refreshCommand as refreshFromSources } from '../../src/commands/refresh.js';
import { statusCommand as statusFromSources } from '../../src/commands/status.js';
import { recordOutput } from './secret-audit.js';

type Output = { readonly stdout: string; readonly stderr: string };

function audited<A extends unknown[], T extends Output>(name: string, command: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return async (...args: A) => {
    const output = await command(...args);
    recordOutput(`in-process ${name}`, `${output.stdout}\n${output.stderr}`);
    return output;
  };
}

export const refreshCommand = audited('reauth refresh', refreshFromSources);
export const statusCommand = audited('reauth status', statusFromSources);
