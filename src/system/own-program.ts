/** How to run this very reauth again from cron or a timer: node and the script, by absolute path (cron's PATH has neither). */
import { realpathSync } from 'node:fs';

export function ownProgram(): string[] {
  const script = process.argv[1];
  return script ? [process.execPath, realpathSync(script)] : ['reauth'];
}
