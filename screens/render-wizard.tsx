import { render, type RenderOptions } from 'ink';
import type { WizardStore } from '../src/flow/prompt.js';
import { App } from './app.js';

export interface WizardStreams {
  readonly stdin?: NodeJS.ReadStream;
  readonly stdout?: NodeJS.WriteStream;
  readonly stderr?: NodeJS.WriteStream;
  /** Called just before Ink's first render, in the same tick (the pre-drawn frame is erased there). */
  readonly beforeFirstRender?: () => void;
}

/**
 * Draws the wizard until the flow finishes (or the person presses Ctrl+C twice), then resolves.
 * The caller has already decided this is an interactive run: Ink's raw mode throws on a piped
 * stdin, so that check belongs before this call (STYLE.md: decide interactivity once).
 */
export async function renderWizard(store: WizardStore, streams: WizardStreams = {}): Promise<void> {
  const options: RenderOptions = {
    // Ink's own Ctrl+C handler exits with status 0 and skips the flow's cleanup; App turns
    // Ctrl+C into a `cancel` answer instead.
    exitOnCtrlC: false,
    // The flow never logs while the wizard is drawn; patching console would hide a bug's output.
    patchConsole: false,
  };
  // Only set streams that were given: Ink spreads options over its defaults, so an explicit
  // `undefined` would replace process.stdout with nothing.
  if (streams.stdin) options.stdin = streams.stdin;
  if (streams.stdout) options.stdout = streams.stdout;
  if (streams.stderr) options.stderr = streams.stderr;
  // Raw before the first frame, not in the effect after it (Ink's useInput): a key pressed the
  // moment a question shows must never be echoed by the terminal (a password typed ahead was).
  const stdin = streams.stdin ?? process.stdin;
  if (stdin.isTTY) stdin.setRawMode(true);
  streams.beforeFirstRender?.();
  const instance = render(<App store={store} />, options);
  await instance.waitUntilExit();
}
