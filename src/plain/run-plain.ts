/**
 * The plain front end: each prompt becomes one @inquirer/prompts question, printed line by
 * line (no full-screen redraws), for terminals without raw mode, CI logs and screen readers.
 * When the wizard moves on by itself (the loopback listener caught the sign-in), the open
 * question is aborted so the two never compete for stdin.
 */
import type { WriteStream } from 'node:tty';
import type { WindowSize } from '../flow/device-screen.js';
import { DEVICE_LINES } from '../oauth/device-poll.js';
import { plainDeviceCode } from './plain-device-code.js';
import type { Answer, DeviceCodeView, Prompt, StepSummary, WizardStore } from '../flow/prompt.js';
import { shownPrefix } from '../flow/shown-history.js';
import { askPlain, type PlainIO } from './ask-plain.js';
import { PlainInput } from './plain-input.js';
import { wrapForTerminal } from '../system/wrap-words.js';

export async function runPlain(store: WizardStore, raw: PlainIO): Promise<void> {
  // What the wizard says is word-wrapped to the terminal (at 60 columns the terminal itself
  // would cut words, links and paths anywhere); typed keys are echoed as they are.
  const io: PlainIO = { ...raw, write: (text) => raw.write(wrapForTerminal(text, terminalSize(raw.output)?.columns)), echo: raw.echo ?? raw.write };
  // One reader of stdin for the whole run, so keys typed while reauth is busy are kept (and not
  // echoed by the terminal) until the question they belong to is asked (plain-input.ts).
  const keys = new PlainInput(io.input, { write: io.echo ?? raw.write, onInterrupt: () => store.answer({ type: 'cancel' }) });
  keys.start();
  try {
    await askUntilFinished(store, io, keys);
  } finally {
    keys.stop();
  }
}

async function askUntilFinished(store: WizardStore, io: PlainIO, keys: PlainInput): Promise<void> {
  // The history as last printed: going back drops lines and answering again adds them anew,
  // maybe more than once before this loop looks again, so what is new is what differs from it.
  let printedHistory: readonly StepSummary[] = [];
  // inquirer already leaves "✔ question answer" in the log; repeating it as history is noise.
  const echoed = new Set<string>();
  let copyShown: string | undefined;
  // The device wait screen changes with every poll; only a new code, or a slower pace, is news.
  let deviceShown: { readonly device: DeviceCodeView; readonly help?: string } | undefined;
  for (;;) {
    const view = store.getView();
    for (const entry of view.history.slice(shownPrefix(view.history, printedHistory))) {
      if (!entry.stepId || !echoed.has(entry.stepId)) io.write(`${entry.failed ? '✘' : '✔'} ${entry.label}: ${entry.value}\n`);
    }
    printedHistory = view.history;
    if (view.finished) {
      printFinal(view.prompt, io);
      return;
    }
    const prompt = view.prompt;
    if (prompt.kind === 'busy') {
      const device = prompt.device;
      if (device && deviceShown?.device.userCode === device.userCode) {
        if (device.intervalSeconds && device.intervalSeconds !== deviceShown.device.intervalSeconds) io.write(`${DEVICE_LINES.slowDown(device.intervalSeconds)}\n`);
        // A stop note ("finishing safely").
        if (prompt.help && prompt.help !== deviceShown.help) io.write(`${prompt.help}\n`);
      } else {
        io.write(`… ${prompt.title}\n${prompt.help ? `${prompt.help}\n` : ''}`);
        if (device) io.write(plainDeviceCode(device, io.now(), terminalSize(io.output)));
      }
      deviceShown = device ? { device, ...(prompt.help ? { help: prompt.help } : {}) } : undefined;
      await nextChange(store);
      continue;
    }
    if (prompt.copyText && prompt.copyText.text !== copyShown) {
      io.write(`\n${prompt.copyText.title}\n`);
      copyWhole(io, prompt.copyText.text);
      copyShown = prompt.copyText.text;
    }
    const controller = new AbortController();
    const unsubscribe = store.subscribe(() => {
      if (store.getView().prompt !== prompt) controller.abort();
    });
    let answer: Answer | undefined;
    try {
      answer = await askPlain(prompt, io, controller.signal, keys);
    } finally {
      unsubscribe();
    }
    if (answer && prompt.kind !== 'paste') echoed.add(prompt.id);
    if (answer) store.answer(answer);
  }
}

/** The output terminal's size; undefined for a pipe or a file (no QR code in a log). */
function terminalSize(output: NodeJS.WritableStream): WindowSize | undefined {
  const tty = output as Partial<WriteStream>;
  return tty.isTTY && tty.columns && tty.rows ? { columns: tty.columns, rows: tty.rows } : undefined;
}

function printFinal(prompt: Prompt, io: PlainIO): void {
  if (prompt.kind !== 'done') return;
  io.write(`\n${prompt.title}\n`);
  for (const line of prompt.lines) io.write(`${line}\n`);
  if (prompt.copyText) {
    io.write(`\n${prompt.copyText.title}\n`);
    copyWhole(io, prompt.copyText.text);
  }
}

/** Lines to copy (crontab lines, a command): never wrapped — the terminal soft-wraps them, so they copy as one. */
function copyWhole(io: PlainIO, text: string): void {
  (io.echo ?? io.write)(`${text}\n`);
}

function nextChange(store: WizardStore): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = store.subscribe(() => {
      unsubscribe();
      resolve();
    });
  });
}
