/**
 * NO_COLOR (https://no-color.org): set to anything but the empty string, no colour is drawn.
 * Only colour: bold, dim, underline and inverse are not colour (the convention says so), so the
 * question still stands out and help still reads as help. Chalk, which Ink draws with, has no
 * level for "styles but no colour" — level 0 drops bold and dim too — so chalk keeps its level
 * and the renderers leave colour out themselves: the Ink theme (screens/theme.ts) and plain
 * mode's inquirer theme (src/plain/plain-theme.ts) both ask here. An explicit FORCE_COLOR wins:
 * a person who set both asked for colour on purpose. Meaning never rests on colour alone
 * (✔ ✘ ⚠ ❯ stay), so nothing is lost without it. `status` and `refresh` draw no colour at all.
 */
export function colourWanted(env: NodeJS.ProcessEnv): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === '' || env.FORCE_COLOR !== undefined;
}
