/**
 * The disk half shared by every file target: resolve the path, read it, ask the format's pure
 * engine what the new text is, and write it atomically — refusing, file untouched, when the
 * file changed between plan and apply (an editor saved it, or a cron refresh ran meanwhile).
 */
import { resolve } from 'node:path';
import { expandEnv } from '../config/expand-env.js';
import { BugError, UserError } from '../errors.js';
import { assertWritable, writeFileAtomically } from '../system/atomic-write.js';
import type { FieldValues, TokenField } from '../tokens/token-set.js';
import { folderExposureWarning } from './folder-exposure.js';
import { createRereader } from './reread.js';
import { ParseMemo, type EngineOptions, type KeyChange, type TextFormatEngine } from './engine-types.js';
import type { PlannedChange, Target, TargetApplyResult, TargetContext, TargetPlan, TargetReadResult, TargetSpec } from './types.js';

/** What apply() needs; plans are applied by a fresh Target instance, so it carries it all. */
interface FileEditPlan {
  readonly kind: 'file-edit';
  readonly path: string;
  readonly text: string;
  readonly bom: boolean;
  readonly fingerprint: string | null;
  readonly created: boolean;
  readonly changed: boolean;
}

/** A placeholder for dry-run edits in preflight: plain enough to fit any quoting. */
const PREFLIGHT_VALUE = 'reauth-preflight-check';

/**
 * The absolute path a file target reads and writes: its `file:` with `${VAR}` expanded from
 * `ctx.deps.env` (expand-env.ts rules), resolved against reauth.yaml's folder. Throws a
 * UserError naming the variable when it is not set — never a file literally named `${VAR}`.
 * Anything that needs a target's path (locks, discovery, shadowing) should ask here.
 */
export function targetFilePath(spec: TargetSpec, where: FileLocation): string {
  return resolve(where.baseDir, expandedFileName(spec, where.env));
}

/** What a `file:` needs to become a path: reauth.yaml's folder and the environment for `${VAR}`. */
export interface FileLocation {
  readonly baseDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** `file:` with variables expanded but not resolved: how messages name the file. */
function expandedFileName(spec: TargetSpec, env: FileLocation['env']): string {
  const file = spec.file ?? '';
  // The spec does not know its line in reauth.yaml; quoting the value is the next best pointer.
  return expandEnv(file, env, { file: 'reauth.yaml', field: `file: ${file}` });
}

export function createFileTarget(spec: TargetSpec, ctx: TargetContext, engine: TextFormatEngine): Target {
  const written = spec.file;
  if (!written) {
    throw new UserError(`A ${spec.type} target in reauth.yaml has no \`file:\`.`, 'add `file:` (relative to reauth.yaml) to that target');
  }
  // The label keeps reauth.yaml's spelling: it must not change with the environment.
  const label = spec.at && (spec.type === 'yaml' || spec.type === 'json') ? `${written} at ${spec.at}` : written;
  const mapped = (Object.entries(spec.keys) as [TokenField, string | undefined][]).filter((entry): entry is [TokenField, string] => !!entry[1]);
  // Expanded on first use, not here: `status` and the wizard make targets they may never read,
  // and an unset variable should stop only the target that needs it, with its own message.
  let located: { readonly path: string; readonly fileName: string; readonly options: EngineOptions } | undefined;
  const locate = (): NonNullable<typeof located> => {
    if (located) return located;
    const fileName = expandedFileName(spec, ctx.deps.env);
    // One memo for this target's life (one refresh, one wizard run): preflight, read and plan
    // each ask for the file again, and parse it again only when its text changed.
    const options: EngineOptions = { fileName, ...(spec.at ? { at: spec.at } : {}), memo: new ParseMemo() };
    located = { path: resolve(ctx.baseDir, fileName), fileName, options };
    return located;
  };
  // Preflight, read and plan each ask for the file; it is read again only when it changed.
  const readTextFile = createRereader();

  return {
    spec,
    label,

    async read(): Promise<TargetReadResult> {
      const { path, fileName, options } = locate();
      const file = await readTextFile(path, fileName);
      if (!file.exists) return { values: {}, exists: false, warnings: [] };
      const result = engine.read(file.text, mapped.map(([, key]) => key), options);
      const values: FieldValues = {};
      for (const [field, key] of mapped) {
        const value = result.values[key];
        if (value !== undefined) values[field] = value;
      }
      return { values, exists: true, warnings: result.warnings };
    },

    async plan(values: FieldValues): Promise<TargetPlan> {
      const { path, fileName, options } = locate();
      const file = await readTextFile(path, fileName);
      const wanted = new Map<string, { field: TokenField; value: string }>();
      for (const [field, key] of mapped) {
        const value = values[field];
        if (value !== undefined) wanted.set(key, { field, value });
      }
      const current = engine.read(file.text, [...wanted.keys()], options);
      const changes: PlannedChange[] = [];
      for (const [key, { field, value }] of wanted) {
        const before = current.values[key];
        if (before === value && !current.inconsistent?.includes(key)) continue;
        changes.push({ field, key, ...(before !== undefined ? { before } : {}), after: value });
      }
      const edits: KeyChange[] = changes.map(({ key, after }) => ({ key, value: after }));
      const text = edits.length > 0 ? engine.edit(file.text, edits, { ...options, siblings: mapped.map(([, key]) => key) }) : file.text;
      // The preview says where a new key lands, read back from the edited text itself.
      const added = changes.filter((c) => c.before === undefined).map((c) => c.key);
      const places = added.length > 0 && file.exists && engine.locate ? engine.locate(text, added, { fileName }) : undefined;
      for (const [index, change] of changes.entries()) {
        const place = places?.get(change.key);
        if (place) changes[index] = { ...change, placement: place };
      }
      const warnings = edits.length > 0 ? [...engine.read(file.text, edits.map((e) => e.key), { ...options, updating: true }).warnings] : [];
      const exposed = edits.length > 0 ? await folderExposureWarning(path, fileName) : undefined;
      if (exposed) warnings.push(exposed);
      const internal: FileEditPlan = {
        kind: 'file-edit',
        path,
        text,
        bom: file.bom,
        fingerprint: file.fingerprint,
        created: !file.exists,
        changed: edits.length > 0 && (text !== file.text || !file.exists),
      };
      return { label, changes, warnings, internal };
    },

    async apply(plan: TargetPlan): Promise<TargetApplyResult> {
      const { path, fileName } = locate();
      const internal = plan.internal as Partial<FileEditPlan> | null;
      if (internal?.kind !== 'file-edit' || internal.path !== path) {
        throw new BugError(`a plan for ${plan.label} was applied to ${label}`);
      }
      const edit = internal as FileEditPlan;
      if (!edit.changed) return { label, summary: 'already up to date; nothing was written' };
      const result = await writeFileAtomically(path, edit.text, {
        expectedFingerprint: edit.fingerprint,
        bom: edit.bom,
        displayName: fileName,
      });
      const count = `${plan.changes.length} key${plan.changes.length === 1 ? '' : 's'}`;
      return { label, summary: result.created ? `created with ${count}` : `${count} written, backup at ${fileName}.bak` };
    },

    async preflight(): Promise<void> {
      const { path, fileName, options } = locate();
      const file = await readTextFile(path, fileName);
      if (file.exists) {
        const keys = mapped.map(([, key]) => key);
        engine.read(file.text, keys, options);
        // A dry run finds what only an edit would (an env.py key set from an f-string…).
        engine.edit(file.text, keys.map((key) => ({ key, value: PREFLIGHT_VALUE })), options);
      }
      await assertWritable(path, fileName);
    },
  };
}
