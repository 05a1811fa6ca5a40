// Builds dist/: one minified bundle, because start-up is dominated by loading modules
// (STYLE.md: ~430 ms unbundled vs ~140 ms bundled). Later steps' modules (yaml, undici, the
// screens) are split into chunks loaded on demand; esbuild splits ES modules, and the chunks
// are then made CommonJS where they can be (build/commonjs-output.mjs: Node starts that loader
// faster). The bundle holds every dependency, so the published package has none; next to it go
// the files bundled packages look up on disk (clipboardy's xsel, open's xdg-open) and
// THIRD-PARTY-NOTICES.txt, the licences of everything bundled.
// `node esbuild.config.mjs --if-stale` rebuilds only when a source file is newer than the bundle.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { lazyGraphemes } from './build/lazy-graphemes.mjs';
import { onlyUsedInquirerPrompts } from './build/only-used-inquirer-prompts.mjs';
import { terminalSizeLazyChildProcess } from './build/terminal-size-lazy-child-process.mjs';
import { yogaWasmWithoutFetch } from './build/yoga-wasm-without-fetch.mjs';
import { yamlEsm } from './build/yaml-esm.mjs';
import { lazyNodeCrypto } from './build/lazy-node-crypto.mjs';
import { lazyFsPromises } from './build/lazy-fs-promises.mjs';
import { processWithoutFacade } from './build/process-without-facade.mjs';
import { oneAnsiStyles } from './build/one-ansi-styles.mjs';
import { distPackageJson, toCommonJs } from './build/commonjs-output.mjs';
import { groupChunks } from './build/chunk-groups.mjs';
import { SPLIT_OUTPUT } from './build/split-output.mjs';

const root = new URL('.', import.meta.url).pathname;
const dist = join(root, 'dist');
const out = join(dist, 'reauth.js');
const NOTICES = 'THIRD-PARTY-NOTICES.txt';
/** How this script names a file while writing it (then renamed into place). */
const TEMP = /\.tmp-\d+$/;

// xsel's COPYING (https://github.com/kfish/xsel/blob/master/COPYING); the binary carries no text of it.
const XSEL_COPYING = `Copyright (C) 2001 Conrad Parker <conrad@vergenet.net>

Permission to use, copy, modify, distribute, and sell this software and its
documentation for any purpose is hereby granted without fee, provided that
the above copyright notice appear in all copies and that both that copyright
notice and this permission notice appear in supporting documentation. No
representations are made about the suitability of this software for any
purpose. It is provided "as is" without express or implied warranty.`;

function newestSource(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(out) && existsSync(join(dist, NOTICES))) {
  const sources = Math.max(
    newestSource(join(root, 'src')),
    newestSource(join(root, 'screens')),
    newestSource(join(root, 'build')),
    statSync(join(root, 'package.json')).mtimeMs,
    statSync(new URL(import.meta.url).pathname).mtimeMs,
  );
  if (statSync(out).mtimeMs >= sources) process.exit(0);
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Replaced in the bin, once the chunks are final, by a hash of them (withBuildId below).
const BUILD_ID_PLACEHOLDER = 'reauth-build-id-placeholder';

const result = await build({
  entryPoints: { reauth: join(root, 'src', 'main.ts') },
  outdir: dist,
  absWorkingDir: root,
  ...SPLIT_OUTPUT,
  legalComments: 'none',
  define: { REAUTH_VERSION: JSON.stringify(version), REAUTH_BUILD_ID: JSON.stringify(BUILD_ID_PLACEHOLDER), 'process.env.NODE_ENV': '"production"' },
  // Ink loads react-devtools-core only when DEV=true; it is not installed.
  external: ['react-devtools-core'],
  // Start-up costs of bundled packages taken out at build time (each file says which and why).
  plugins: [onlyUsedInquirerPrompts(), lazyGraphemes(), yogaWasmWithoutFetch(), terminalSizeLazyChildProcess(), yamlEsm(), lazyNodeCrypto(root), lazyFsPromises(root), processWithoutFacade(), oneAnsiStyles()],
  logLevel: 'warning',
});

// Everything that can fail is worked out before dist/ is touched.
// REAUTH_METAFILE=path keeps esbuild's metafile, to see which modules each chunk holds (what loads before the first question).
if (process.env.REAUTH_METAFILE) writeFileSync(process.env.REAUTH_METAFILE, JSON.stringify(result.metafile));
const bundled = bundledInputs(result.metafile);
const lookedUp = lookedUpFiles(bundled);
const notices = thirdPartyNotices(bundled, lookedUp);
// Then made CommonJS where it can be (commonjs-output.mjs says why).
const { files: converted } = await toCommonJs(
  result.outputFiles.map((file) => ({ path: file.path, text: file.text })),
  result.metafile.outputs,
  { root, entry: out, target: SPLIT_OUTPUT.target },
);
// The chunks each command's start needs, one file per group (chunk-groups.mjs says why): the
// command line's; what the unattended commands need (the services, reauth.yaml, the writers'
// common parts), which the wizard needs too; the wizard's own, grouped apart from the command
// line's because they run after it sets its V8 flags.
const files = groupChunks(converted, result.metafile.outputs, {
  root,
  entry: out,
  groups: [
    { name: 'start', entries: ['src/cli.ts'] },
    { name: 'unattended', entries: ['src/commands/unattended-commands.ts'] },
    { name: 'wizard', entries: ['src/commands/setup.ts', 'screens/first-frame/start-ink-wizard.ts', 'src/plain/run-plain.ts'] },
  ],
});
files.push(distPackageJson(dist));
withBuildId(files);

// Another build (a test run's global setup, `npm start`, a second terminal) may run at the same
// time in this checkout: every file is written whole (temp file, then rename), and stale chunks
// are removed only after this build's files are all in place. Chunk names carry content hashes,
// so a build of the same sources writes the same names and never removes what the other needs.
const written = new Set();
for (const file of files) {
  mkdirSync(dirname(file.path), { recursive: true });
  const temp = `${file.path}.tmp-${process.pid}`;
  writeFileSync(temp, file.text, { mode: file.path === out ? 0o755 : 0o644 });
  renameSync(temp, file.path);
  written.add(file.path);
}
const chunksDir = join(dist, 'chunks');
for (const name of readdirSync(chunksDir)) {
  const path = join(chunksDir, name);
  if (!written.has(path) && !lookedUp.some((file) => file.to === path) && !TEMP.test(name)) rmSync(path, { force: true });
}

for (const { from, to } of lookedUp) {
  mkdirSync(dirname(to), { recursive: true });
  const temp = `${to}.tmp-${process.pid}`;
  copyFileSync(from, temp);
  chmodSync(temp, statSync(from).mode & 0o777);
  renameSync(temp, to);
}
writeAtomically(join(dist, NOTICES), notices);
removeAbandonedTempFiles(dist);

/**
 * The bin learns which build it belongs to: a hash of every other file's final text. reauth's
 * compiled-code cache (src/system/code-cache.ts) keys its files by it, because V8 checks only
 * the length of the source its cached code was made from: a chunk of another build with the
 * same name and length must never run this build's cached code.
 */
function withBuildId(files) {
  const hash = createHash('sha256');
  for (const file of [...files].filter((f) => f.path !== out).sort((a, b) => (a.path < b.path ? -1 : 1))) hash.update(`${relative(dist, file.path)}\0${file.text}\0`);
  const entry = files.find((f) => f.path === out);
  const quoted = JSON.stringify(BUILD_ID_PLACEHOLDER);
  if (!entry || entry.text.split(quoted).length !== 2) throw new Error(`the bin should hold ${quoted} exactly once (src/main.ts)`);
  entry.text = entry.text.replace(quoted, JSON.stringify(hash.digest('hex').slice(0, 16)));
}

/** Source file (relative to the repo) → the output file its code went into, for code that is in the bundle. */
function bundledInputs(metafile) {
  const where = new Map();
  for (const [output, info] of Object.entries(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
      if (bytesInOutput > 0) where.set(input, resolve(root, output));
    }
  }
  return where;
}

/**
 * Files a bundled module finds on disk next to itself (`new URL('../x', import.meta.url)`): in
 * the bundle, `import.meta.url` is the chunk the module went into, so each is copied to the same
 * place relative to that chunk. Without them clipboardy cannot copy on a Linux desktop that has
 * no xsel installed, and open cannot fall back to its own xdg-open. (clipboardy's Windows
 * binaries are left out: they are its fallback only when PowerShell fails, and weigh 720 KB.)
 */
function lookedUpFiles(where) {
  const LOOKED_UP = [
    {
      module: 'clipboardy/lib/linux.js',
      file: '../fallbacks/linux/xsel',
      notice: (at) => `xsel 1.2.0 (${at}, the build clipboardy ships) — HPND-sell-variant\nhttps://github.com/kfish/xsel\n\n${XSEL_COPYING}`,
    },
    {
      module: 'open/index.js',
      file: 'xdg-open',
      notice: (at) => `xdg-open (${at}, from xdg-utils, as open ships it) — MIT\nhttps://gitlab.freedesktop.org/xdg/xdg-utils\n\nIts licence is at the top of the file itself.`,
    },
  ];
  const inputs = [...where.keys()];
  const files = [];
  for (const { module, file, notice } of LOOKED_UP) {
    const input = inputs.find((path) => path.endsWith(`node_modules/${module}`));
    if (!input) {
      const packageName = module.split('/')[0];
      if (inputs.some((path) => path.includes(`node_modules/${packageName}/`))) {
        throw new Error(`${packageName} is bundled but ${module} is not: check where its version looks up ${file}`);
      }
      continue;
    }
    const from = resolve(root, dirname(input), file);
    const to = resolve(dirname(where.get(input)), file);
    if (!to.startsWith(dist + sep)) throw new Error(`${module} looks up ${file}, which would land outside dist/ (${to})`);
    if (!existsSync(from)) throw new Error(`${module} looks up ${file}, but ${from} does not exist (a new version of the package?)`);
    files.push({ from, to, notice: notice(relative(root, to)) });
  }
  return files;
}

/** Licences of the packages whose code is in the bundle (esbuild's metafile says which). */
function thirdPartyNotices(where, lookedUp) {
  const packages = new Map();
  for (const input of where.keys()) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!match) continue;
    const [, dir, name] = match;
    const entry = packages.get(dir) ?? { name, dir: resolve(root, dir), inputs: [] };
    entry.inputs.push(resolve(root, input));
    packages.set(dir, entry);
  }
  const sections = [...packages.values()]
    .map((pkg) => ({ ...pkg, manifest: JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.manifest.version.localeCompare(b.manifest.version))
    .map(packageNotice);
  return [
    `reauth ${version} bundles the following software. Each package's licence is reproduced as the package ships it.`,
    ...sections,
    ...lookedUp.map((file) => file.notice),
  ].join(`\n\n${'-'.repeat(78)}\n\n`) + '\n';
}

function packageNotice({ name, dir, inputs, manifest }) {
  const license = typeof manifest.license === 'string' ? manifest.license : manifest.license?.type ?? 'UNKNOWN';
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const head = [`${name} ${manifest.version} — ${license}`, ...(repository ? [repository.replace(/^git\+/, '')] : [])].join('\n');
  const files = readdirSync(dir).filter((file) => /^(licen[cs]e|copying|notice)([-.][\w.-]+)?$/i.test(file)).sort();
  if (files.length > 0) return [head, ...files.map((file) => readFileSync(join(dir, file), 'utf8').trim())].join('\n\n');
  // yoga-layout ships no licence file; its sources carry the copyright line and name the MIT licence.
  const copyright = inputs.map((file) => /Copyright \(c\)[^\n*]*/i.exec(readFileSync(file, 'utf8'))?.[0]).find(Boolean);
  if (license !== 'MIT' || !copyright) throw new Error(`${name} is bundled but ships no licence file: add its notice to esbuild.config.mjs`);
  return [head, `(The package ships no licence file; the MIT licence it declares, with the copyright line of its sources:)\n\n${mitLicense(copyright.trim())}`].join('\n\n');
}

function mitLicense(copyright) {
  return `MIT License

${copyright}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;
}

/** Temp files of a build that was killed mid-write (a live build renames its own within a second). */
function removeAbandonedTempFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) removeAbandonedTempFiles(path);
    else if (TEMP.test(entry.name) && Date.now() - statSync(path, { throwIfNoEntry: false })?.mtimeMs > 60_000) rmSync(path, { force: true });
  }
}

function writeAtomically(path, text) {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
