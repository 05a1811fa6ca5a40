/**
 * The Ink wizard, started so its first question shows before Ink has loaded: pre-draw.ts draws
 * the first frames, Ink's modules load once a question is on screen (loading them earlier would
 * hold up reading reauth.yaml and the folder scan on the one JavaScript thread), then Ink takes over.
 */
import type { WizardStore } from '../../src/flow/prompt.js';
import { canPreDraw, preDraw } from './pre-draw.js';
import { collectGarbageBeforeInk } from '../../src/system/wizard-memory.js';
import { keepCompiledCodeNow } from '../../src/system/code-cache.js';

export async function startInkWizard(store: WizardStore): Promise<void> {
  const drawn = canPreDraw(process.stdout) ? preDraw(store, process.stdout) : undefined;
  await drawn?.inkWanted;
  if (drawn) {
    // The start is over (a question is on screen, or a busy step lasts): the compiled code kept
    // for the next start is what this one ran (code-cache.ts).
    keepCompiledCodeNow();
    // With the question on screen, a moment to free what loading left behind (wizard-memory.ts).
    await collectGarbageBeforeInk();
  }
  const { renderWizard } = await import('../render-wizard.js');
  await renderWizard(store, drawn ? { beforeFirstRender: () => drawn.handOver() } : {});
}
