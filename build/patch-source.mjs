// Text replacements for a bundled package's source, made at build time. Each one must match
// exactly once: a new version of the package that no longer has the text fails the build,
// and the patch is looked at again, rather than silently doing nothing.

/** Applies [find, replace] pairs to `source`; `what` names the file in the error. */
export function patchSource(source, replacements, what) {
  let patched = source;
  for (const [find, replace] of replacements) {
    const at = patched.indexOf(find);
    if (at === -1 || patched.indexOf(find, at + find.length) !== -1) {
      throw new Error(`${what}: expected exactly one ${JSON.stringify(find.slice(0, 80))} — a new version? Check the patch in build/.`);
    }
    patched = patched.slice(0, at) + replace + patched.slice(at + find.length);
  }
  return patched;
}
