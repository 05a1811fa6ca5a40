/**
 * argv → command → exit code. The only place that prints errors and calls process.exit
 * (STYLE.md: one top-level catch; errors are a small family).
 */
import { ownProgram } from './system/own-program.js';
import { createRequire } from 'node:module';
import { shellQuote } from './shell-quote.js';
import { Cancelled, ExitCode, UserError } from './errors.js';
import { parseCliArgs, type CliArgs } from './cli-args.js';
import { keepWizardMemorySmall } from './system/wizard-memory.js';
// The help is rendered when asked for, not at start-up (wrapping it cost every command 1–4 ms).
import { commandHelpText, globalHelpText } from './help/render-help.js';
import { errorJson, jsonRequested } from './error-json.js';
import { safeText } from './system/terminal-text.js';
import { chooseRenderer, terminalFacts } from './system/interactivity.js';
import { createProductionDeps } from './system/production-deps.js';
import { installSignalGuard } from './system/signal-guard.js';
import { wrapForTerminal } from './system/wrap-words.js';
import type { Deps } from './deps.js';
import type { WizardRun } from './flow/wizard-controller.js';

declare const REAUTH_VERSION: string | undefined;

function version(): string {
  if (typeof REAUTH_VERSION === 'string') return REAUTH_VERSION;
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

/** Text for a person's terminal, word-wrapped to its width (links and paths whole); a pipe or `--json` gets it as it is. */
const onStdout = (text: string): string => wrapForTerminal(text, process.stdout.isTTY ? process.stdout.columns : undefined);
const onStderr = (text: string): string => wrapForTerminal(text, process.stderr.isTTY ? process.stderr.columns : undefined);

async function run(args: CliArgs, deps: Deps): Promise<number> {
  const out = (text: string) => process.stdout.write(text);
  const cwd = process.cwd();
  switch (args.command) {
    case 'help':
      out(args.helpFor ? commandHelpText(args.helpFor) : globalHelpText());
      return ExitCode.ok;
    case 'version':
      out(`${version()}\n`);
      return ExitCode.ok;
    case 'providers': {
      const [{ providersCommand, loadConfig }, { resolve }] = await Promise.all([import('./commands/unattended-commands.js'), import('node:path')]);
      const config = await loadConfig(resolve(cwd, args.config));
      out(providersCommand({ json: args.json, config }).text);
      return ExitCode.ok;
    }
    case 'setup':
      return runSetupCommand(args, deps, cwd);
    case 'refresh':
    case 'status': {
      const options = { configPath: args.config, profiles: args.profiles, json: args.json, cwd, debug: args.debug };
      const output =
        args.command === 'refresh'
          ? await (await import('./commands/unattended-commands.js')).refreshCommand(options, deps)
          : await (await import('./commands/unattended-commands.js')).statusCommand(options, deps);
      out(args.json ? output.stdout : onStdout(output.stdout));
      if (output.stderr) process.stderr.write(onStderr(output.stderr));
      return output.exitCode;
    }
    case 'demo':
      return runDemoCommand(args, deps);
    case 'run': {
      const { runWithTokens } = await import('./commands/unattended-commands.js');
      return runWithTokens(
        {
          configPath: args.config,
          profile: args.profiles[0]!,
          command: args.childArgv ?? [],
          ...(args.marginMs !== undefined ? { marginMs: args.marginMs } : {}),
          cwd,
          debug: args.debug,
          say: (text) => process.stderr.write(onStderr(text)),
          onTerminal: !!process.stdin.isTTY,
        },
        deps,
      );
    }
    case 'schedule': {
      const { scheduleCommand } = await import('./commands/unattended-commands.js');
      const output = await scheduleCommand(
        { configPath: args.config, profiles: args.profiles, cwd, print: !!args.print, remove: !!args.remove, systemd: !!args.systemd, program: ownProgram() },
        deps,
      );
      // Crontab lines and systemd units are to be copied: never wrapped.
      out(output.stdout);
      if (output.stderr) process.stderr.write(onStderr(output.stderr));
      return output.exitCode;
    }
  }
}

/** The one renderer for this run (STYLE.md: decided once), or the flag that would help when none can ask. */
function wizardRenderer(args: CliArgs, deps: Deps, command: 'setup' | 'demo'): (wizard: WizardRun) => Promise<void> {
  const renderer = chooseRenderer(terminalFacts(args.plain));
  if (renderer === 'none') {
    throw new UserError(
      `reauth ${command} asks questions, but this is not an interactive terminal (stdin is not a TTY).`,
      command === 'setup' ? 'Run it in a terminal. From cron or a script use `reauth refresh PROFILE` instead.' : 'Run it in a terminal.',
      ExitCode.usage,
    );
  }
  // V8 settings for a smaller peak (wizard-memory.ts says which and why), in force before the
  // wizard's modules start loading: V8's optimising compiler was already at work on them.
  keepWizardMemorySmall();
  // The small module that draws the first question before Ink loads, then starts Ink (the
  // largest part of the bundle) once the question is on screen: start-ink-wizard.ts says why.
  const screens = renderer === 'ink' ? import('../screens/first-frame/start-ink-wizard.js') : undefined;
  screens?.catch(() => undefined); // a failure to load is reported where it is awaited
  if (renderer === 'ink') {
    // Keys typed while Ink loads, and between its first frame and the effect that turns raw
    // mode on, would be echoed by the terminal in cooked mode: a TTLock password typed ahead
    // appeared in clear. Raw from here on, they wait unechoed in the terminal for Ink to read.
    // Node puts the terminal back as it found it when the process exits, whatever happens.
    process.stdin.setRawMode(true);
  }
  return async (wizard: WizardRun): Promise<void> => {
    if (screens) {
      const { startInkWizard } = await screens;
      await startInkWizard(wizard);
    } else {
      const { runPlain } = await import('./plain/run-plain.js');
      await runPlain(wizard, { input: process.stdin, output: process.stdout, write: (t) => process.stdout.write(t), now: deps.now });
    }
  };
}

async function runSetupCommand(args: CliArgs, deps: Deps, cwd: string): Promise<number> {
  const render = wizardRenderer(args, deps, 'setup');
  const { runSetup } = await import('./commands/setup.js');
  const outcome = await runSetup(
    {
      configPath: args.config,
      ...(args.profiles[0] ? { profileName: args.profiles[0] } : {}),
      ...(args.provider ? { provider: args.provider } : {}),
      noBrowser: args.noBrowser,
      cwd,
      commandName: commandForCron(),
      program: ownProgram(),
      render,
    },
    deps,
  );
  return outcome.exitCode;
}

async function runDemoCommand(args: CliArgs, deps: Deps): Promise<number> {
  const render = wizardRenderer(args, deps, 'demo');
  const { runDemo } = await import('./commands/demo.js');
  const { outcome } = await runDemo({ noBrowser: args.noBrowser, commandName: commandForCron(), render, write: (t) => process.stdout.write(wrapForTerminal(t, process.stdout.isTTY ? process.stdout.columns : undefined)) }, deps);
  return outcome.exitCode;
}

/** cron runs with a bare PATH, so the cron line names node and reauth by absolute path. */
function commandForCron(): string {
  return ownProgram().map((word) => (word === 'reauth' ? word : shellQuote(word))).join(' ');
}

function printError(error: unknown, debug: boolean, json: boolean): number {
  if (json) return printJsonError(error, debug);
  if (error instanceof Cancelled) return ExitCode.interrupted;
  if (error instanceof UserError) {
    process.stderr.write(onStderr(`✘ ${error.message}\n`));
    if (error.nextStep) process.stderr.write(onStderr(`  ${error.nextStep}\n`));
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(onStderr(`✘ reauth hit an internal error: ${message}\n`));
  process.stderr.write(debug && error instanceof Error && error.stack ? `${error.stack}\n` : '  Run again with --debug to see the details, and please report it.\n');
  return ExitCode.bug;
}

/** `--json`: the error as one object on stdout, stderr left empty (a stack only when --debug asks). */
function printJsonError(error: unknown, debug: boolean): number {
  const [code, message, next] =
    error instanceof Cancelled
      ? [ExitCode.interrupted, safeText(error.message), undefined]
      : error instanceof UserError
        ? [error.exitCode, error.message, error.nextStep]
        : [ExitCode.bug, `reauth hit an internal error: ${safeText(error instanceof Error ? error.message : String(error))}`, 'Run again with --debug to see the details, and please report it.'];
  process.stdout.write(errorJson(code, message, next));
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return code;
}

/**
 * `--json` and a stop signal: what the guard would say goes nowhere while reauth finishes (the
 * command's own JSON then tells), and a stop with nothing in flight is one error object on stdout.
 */
function jsonSignalOutput(): { exit: (code: number) => void; say: (line: string) => void } {
  let said = '';
  return {
    say: (line) => (said = line),
    exit: (code) => {
      process.stdout.write(errorJson(code, said || 'Stopped by a signal.', 'Nothing was spent: run it again when you want.'), () => process.exit(code));
    },
  };
}

export async function main(argv: readonly string[]): Promise<never> {
  let debug = process.env.REAUTH_DEBUG === '1';
  const json = jsonRequested(argv);
  let code: number;
  // Installed before anything else: a stop signal while a token is in flight must wait.
  const signals = installSignalGuard(json ? jsonSignalOutput() : { exit: (exitCode) => process.exit(exitCode), say: (line) => process.stderr.write(`${line}\n`) });
  try {
    const args = parseCliArgs(argv, process.env);
    debug = args.debug;
    code = await run(args, { ...createProductionDeps(process.env), signals });
  } catch (error) {
    code = printError(error, debug, json);
  }
  // Let stdout drain before exiting (a piped `--json` can be large).
  await new Promise<void>((resolve) => (process.stdout.write('', () => resolve())));
  process.exit(code);
}
