// Builds dist/reauth.js: one minified ESM bundle, because start-up is dominated by loading
// modules (STYLE.md: ~430 ms unbundled vs ~140 ms bundled). Later steps' modules (yaml,
// undici, the screens) are split into chunks loaded on demand.
// `node esbuild.config.mjs --if-stale` rebuilds only when a source file is newer than the bundle.
import { build } from 'esbuild';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const out = join(root, 'dist', 'reauth.js');

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(out)) {
  const sources = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'screens')), statSync(join(root, 'package.json')).mtimeMs);
  if (statSync(out).mtimeMs >= sources) process.exit(0);
}

// Chunk names carry content hashes: clear old ones so dist/ holds only this build.
(await import('node:fs')).rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

await build({
  entryPoints: { reauth: join(root, 'src', 'cli.ts') },
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { REAUTH_VERSION: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
  // Ink loads react-devtools-core only when DEV=true; it is not installed.
  external: ['react-devtools-core'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __reauthRequire } from 'node:module'; const require = __reauthRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// npm links the bin itself, but `./dist/reauth.js` and BROWSER-style tests run it directly.
(await import('node:fs')).chmodSync(out, 0o755);
