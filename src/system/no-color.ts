/**
 * NO_COLOR (https://no-color.org): set to anything but the empty string, no colour is drawn.
 * Ink and @inquirer colour through chalk's supports-color, which reads FORCE_COLOR and not
 * NO_COLOR, so NO_COLOR is turned into FORCE_COLOR=0 before either loads. An explicit
 * FORCE_COLOR wins: a person who set both asked for colour on purpose. Meaning never rests on
 * colour alone (✔ ✘ ⚠ ❯ stay), so nothing is lost without it.
 */
export function honourNoColor(env: NodeJS.ProcessEnv): void {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '' && env.FORCE_COLOR === undefined) env.FORCE_COLOR = '0';
}
