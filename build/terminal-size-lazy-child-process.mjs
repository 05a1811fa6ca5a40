// esbuild plugin: terminal-size (which Ink asks for the window size) loads node:child_process
// only when it has to run `tput`/`resize` — never in a terminal, whose size the tty gives.
// Its static import made every wizard load child_process and net before the first frame.
import { readFile } from 'node:fs/promises';
import { patchSource } from './patch-source.mjs';

const PATCHES = [
  [
    "import {execFileSync} from 'node:child_process';",
    "import {createRequire as reauthCreateRequire} from 'node:module';\n// reauth build patch (build/terminal-size-lazy-child-process.mjs): loaded on first use.\nconst execFileSync = (...args) => reauthCreateRequire(import.meta.url)('node:child_process').execFileSync(...args);",
  ],
];

export function terminalSizeLazyChildProcess() {
  return {
    name: 'terminal-size-lazy-child-process',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]terminal-size[\\/]index\.js$/ }, async (args) => ({
        contents: patchSource(await readFile(args.path, 'utf8'), PATCHES, args.path),
        loader: 'js',
      }));
    },
  };
}
