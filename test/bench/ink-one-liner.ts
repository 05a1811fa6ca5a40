/**
 * A one-line Ink program, bundled the way dist/reauth.js is (esbuild, minified ESM, production
 * React): the reference for what Ink itself costs before its first frame, so the wizard's row
 * can be read against both bare node and "Ink with nothing of reauth in it".
 */
import { build } from 'esbuild';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface InkOneLiner {
  readonly script: string;
  dispose(): Promise<void>;
}

/** Bundles `render(<Text>{text}</Text>)` into a temp folder. */
export async function buildInkOneLiner(text: string): Promise<InkOneLiner> {
  const folder = await mkdtemp(join(tmpdir(), 'reauth-bench-ink-'));
  await build({
    stdin: {
      contents: `import { render, Text } from 'ink'; import { createElement } from 'react'; render(createElement(Text, null, ${JSON.stringify(text)}));`,
      resolveDir: ROOT,
      loader: 'js',
    },
    outdir: folder,
    entryNames: 'one-line-ink',
    // As for reauth: Ink's devtools module (which needs react-devtools-core) stays in a chunk never loaded.
    splitting: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['react-devtools-core'],
    banner: { js: "import { createRequire as __require } from 'node:module'; const require = __require(import.meta.url);" },
    logLevel: 'warning',
  });
  return { script: join(folder, 'one-line-ink.js'), dispose: () => rm(folder, { recursive: true, force: true }) };
}
