/** One Prompt → one plain question. Returns undefined when the question was aborted. */
import { readPaste } from './read-paste.js';
import type { Answer, Prompt } from '../flow/prompt.js';
import { formatRemaining } from '../flow/format-remaining.js';
import type { PlainInput } from './plain-input.js';
import { prePrintQuestion } from './pre-print-question.js';
import { plainTheme, withTheme } from './plain-theme.js';
import { keepCompiledCodeNow } from '../system/code-cache.js';

export interface PlainIO {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly write: (text: string) => void;
  readonly now: () => number;
  /** Writes typed keys back as they are (no wrapping: they are pieces of a line); `write` when absent. */
  readonly echo?: (text: string) => void;
}

type InquirerContext = { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal: AbortSignal; clearPromptOnDone?: boolean };

let inquirerLoaded: typeof import('./inquirer-prompts.js') | undefined;

/**
 * `keys` is the run's one reader of stdin: every inquirer question reads from a stream it
 * feeds (keys typed ahead first, up to the question's Enter), never from stdin itself.
 */
export async function askPlain(prompt: Prompt, io: PlainIO, signal: AbortSignal, keys: PlainInput): Promise<Answer | undefined> {
  const header = [prompt.help, prompt.error ? `✘ ${prompt.error}` : undefined].filter(Boolean).join('\n');
  // Colour and styles by the same rule as the full-screen wizard (plain-theme.ts), for the
  // early line too: it must be the line inquirer then draws over it.
  const theme = plainTheme(process.env, io.output);
  // The first question is drawn while inquirer loads (pre-print-question.ts says why).
  const early = inquirerLoaded ? undefined : prePrintQuestion(prompt, header, io.output, io.write, theme);
  // The first question: the start is over, and the compiled code kept for the next start is what it ran (code-cache.ts).
  if (!inquirerLoaded) keepCompiledCodeNow();
  const inquirer = withTheme((inquirerLoaded ??= await import('./inquirer-prompts.js')), theme);
  const context: InquirerContext = { input: io.input, output: io.output, signal };
  const ask = <T>(question: (context: InquirerContext) => Promise<T>): Promise<T> => {
    const open = keys.openQuestion(prompt);
    return question({ ...context, input: open.stream }).finally(() => open.close());
  };
  try {
    switch (prompt.kind) {
      case 'select': {
        if (header) io.write(`\n${header}\n`);
        const value = await ask((c) =>
          inquirer.select(
            {
              message: prompt.title,
              choices: prompt.options.map((o) => ({ name: o.label, value: o.value, ...(o.hint ? { description: o.hint } : {}) })),
              ...(prompt.initial ? { default: prompt.initial } : {}),
            },
            c,
          ),
        );
        return { type: 'value', id: prompt.id, value };
      }
      case 'multiselect': {
        if (header) io.write(`\n${header}\n`);
        const values = await ask((c) =>
          inquirer.checkbox(
            {
              message: prompt.title,
              choices: prompt.options.map((o) => ({ name: o.hint ? `${o.label} — ${o.hint}` : o.label, value: o.value, checked: prompt.initial.includes(o.value) })),
            },
            c,
          ),
        );
        let extra: string[] = [];
        if (prompt.allowOther) {
          const more = await ask((c) => inquirer.input({ message: 'Others, separated by spaces (Enter for none):' }, c));
          extra = more.split(/[\s,]+/).filter(Boolean);
        }
        return { type: 'values', id: prompt.id, values: [...values, ...extra] };
      }
      case 'text': {
        if (header && !early) io.write(`\n${header}\n`);
        early?.handOver();
        const value = prompt.secret
          ? (await ask((c) => inquirer.password({ message: prompt.title + (prompt.initial ? ' (Enter keeps the one found)' : ''), mask: '•' }, c))) ||
            (prompt.initial ?? '')
          : await ask((c) => inquirer.input({ message: prompt.title, ...(prompt.initial ? { default: prompt.initial } : {}) }, c));
        return { type: 'value', id: prompt.id, value };
      }
      case 'confirm': {
        if (header) io.write(`\n${header}\n`);
        return { type: 'confirm', id: prompt.id, value: await ask((c) => inquirer.confirm({ message: prompt.title, default: prompt.initial }, c)) };
      }
      case 'preview': {
        io.write(`\n${prompt.title}\n`);
        for (const block of prompt.blocks) {
          io.write(`  ${block.label}${block.unchanged ? ' (no change)' : ''}\n`);
          const width = Math.max(...block.lines.map((l) => l.key.length), 0);
          for (const line of block.lines) io.write(`    ${line.key.padEnd(width)}  ${line.before ?? '(not set)'} → ${line.after}\n`);
          for (const note of block.notes ?? []) io.write(`    - ${note}\n`);
          for (const warning of block.warnings) io.write(`    ! ${warning}\n`);
        }
        return { type: 'confirm', id: prompt.id, value: await ask((c) => inquirer.confirm({ message: 'Write these changes?', default: true }, c)) };
      }
      case 'problem': {
        io.write(`\n✘ ${prompt.title}\n${prompt.help ?? ''}\n${prompt.next ? `→ ${prompt.next}\n` : ''}`);
        const value = await ask((c) => inquirer.select({ message: 'What now?', choices: prompt.options.map((o) => ({ name: o.label, value: o.value })) }, c));
        return { type: 'value', id: prompt.id, value };
      }
      case 'paste':
        return await askPaste(prompt, io, signal, keys);
      case 'busy':
      case 'done':
        return undefined;
    }
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'AbortPromptError') return undefined;
    if (name === 'ExitPromptError') return { type: 'cancel' };
    throw error;
  }
}

/** inquirer's input() slows down badly on long pastes, so the paste has its own reader. */
async function askPaste(prompt: Extract<Prompt, { kind: 'paste' }>, io: PlainIO, signal: AbortSignal, keys: PlainInput): Promise<Answer | undefined> {
  io.write(`\n${prompt.title}\n`);
  if (prompt.url) io.write(`\n${prompt.url}\n\n`);
  for (const note of prompt.linkNotes) io.write(`${note}\n`);
  if (prompt.help) io.write(`${prompt.help}\n`);
  const remaining = formatRemaining(prompt.deadline - io.now());
  io.write(`The code works for about ${remaining} more${prompt.deadlineAssumed ? ' (assumed: the service does not document it)' : ''}. Type "new" for a fresh link.\n`);
  if (prompt.error) io.write(`✘ ${prompt.error}\n`);
  io.write(prompt.url ? 'Paste the code or the whole address, then press Enter: ' : 'Paste the code, then press Enter: ');
  const read = await readPaste(keys, prompt, io.echo ?? io.write, signal);
  if (read.type === 'aborted') return undefined;
  if (read.type === 'cancel') return { type: 'cancel' };
  if (read.text.trim().toLowerCase() === 'new') return { type: 'new-link', id: prompt.id };
  return { type: 'value', id: prompt.id, value: read.text };
}

