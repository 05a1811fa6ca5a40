/** After writing: the optional restart command, saving the profile, and the closing summary. */
import { displayPathOf } from '../../config/display-path.js';
import { ExitCode } from '../../errors.js';
import { formatWhen } from '../../format-when.js';
import type { CopyText } from '../prompt.js';
import { actionStep, type QuestionStep } from '../step.js';
import type { WizardContext, WizardData } from '../wizard-data.js';
import { answerText, isGiven, providerOf } from './step-helpers.js';
import { scheduleFor } from '../../schedule/schedule-for.js';
import { flowOf } from './service-steps.js';
import { literalForConfig } from '../../config/expand-env.js';
import { noRefreshTokenLines } from '../../providers/no-refresh-token.js';

const anyWritten = (data: WizardData) => (data.results ?? []).some((r) => r.ok);

export const afterWriteStep: QuestionStep = {
  type: 'question',
  id: 'after_write',
  applies: (data) => !isGiven(data, 'after_write') && anyWritten(data),
  prompt: (data) => ({
    kind: 'text',
    title: 'Command to run now that the files are written (optional)',
    help: 'For example: sudo systemctl restart chatbot — so your program picks up the new tokens. Leave empty for none.',
    ...(data.afterWrite ? { initial: data.afterWrite } : {}),
    secret: false,
    optional: true,
  }),
  accept: (answer, data) => ({ data: { ...data, afterWrite: answerText(answer) || undefined } }),
  summary: (data) => (data.afterWrite ? { label: 'After writing', value: data.afterWrite } : undefined),
  undo: (data) => ({ ...data, afterWrite: undefined }),
};

/** `sudo systemctl restart x` after every cron refresh needs a sudo that asks for no password. */
const AFTER_WRITE_ON_CHOICES = [
  { value: 'setup', label: 'Only when I sign in with reauth setup', hint: 'now, and each time you reconnect this profile' },
  { value: 'both', label: 'Also after every unattended refresh', hint: 'cron runs it without you: it must not ask for a password' },
] as const;

export const afterWriteOnStep: QuestionStep = {
  type: 'question',
  id: 'after_write_on',
  applies: (data) => !isGiven(data, 'after_write_on') && !data.reconnect && !!data.afterWrite && anyWritten(data),
  prompt: (data) => ({
    kind: 'select',
    title: `When should \`${data.afterWrite}\` run?`,
    help: [
      'Choose "also after every refresh" if your program reads the tokens only when it starts: then each refresh by cron runs the command too.',
      /\bsudo\b/.test(data.afterWrite ?? '')
        ? 'Under cron nobody can type a password: sudo must let you run exactly this command without one (a NOPASSWD line in /etc/sudoers.d/, made with `sudo visudo -f`).'
        : 'Under cron it runs as you, with cron’s short PATH and no terminal.',
    ].join('\n'),
    options: AFTER_WRITE_ON_CHOICES.map((c) => ({ ...c })),
    initial: data.afterWriteOn === 'both' ? 'both' : 'setup',
  }),
  accept: (answer, data) => {
    const on = answerText(answer);
    if (on !== 'setup' && on !== 'both') return { error: 'Choose one of the two.' };
    return { data: { ...data, afterWriteOn: on } };
  },
  summary: (data) => ({ label: 'Runs', value: data.afterWriteOn === 'both' ? 'after setup and after every refresh' : 'after setup only' }),
  undo: (data) => ({ ...data, afterWriteOn: undefined }),
};

/** A saved `after_write_on: refresh` leaves the command to cron: the wizard does not run it. */
const runsInWizard = (data: WizardData) => !!data.afterWrite && data.afterWriteOn !== 'refresh';

export const confirmAfterWriteStep: QuestionStep = {
  type: 'question',
  id: 'after_write_confirm',
  applies: (data) => runsInWizard(data) && anyWritten(data),
  prompt: (data) => ({ kind: 'confirm', title: `Run \`${data.afterWrite}\` now?`, initial: true }),
  accept: (answer, data) => {
    if (answer.type !== 'confirm') return { error: 'Answer yes or no.' };
    return { data: answer.value ? data : { ...data, afterWriteResult: { ok: true, summary: 'not run (you said no)' } } };
  },
};

export const runAfterWriteStep = actionStep({
  id: 'after_write_run',
  needs: ['afterWrite'],
  applies: (data) => runsInWizard(data) && anyWritten(data) && !data.afterWriteResult,
  title: (data) => `Running ${data.afterWrite}…`,
  run: async (data, _ctx, effects) => {
    const outcome = await effects.runAfterWrite(data.afterWrite);
    return { ...data, afterWriteResult: { ok: outcome.ok, summary: outcome.summary } };
  },
  summary: (data) => ({ label: 'Command', value: data.afterWriteResult?.summary ?? '', ...(data.afterWriteResult?.ok ? {} : { failed: true }) }),
});

export const saveStep: QuestionStep = {
  type: 'question',
  id: 'save',
  applies: (data) => !data.reconnect && anyWritten(data),
  prompt: (_data, ctx) => ({
    kind: 'confirm',
    title: `Save these settings as a profile in ${displayPathOf(ctx.config.path, ctx.cwd)}?`,
    help: 'Then `reauth refresh` can keep the tokens fresh and `reauth setup NAME` reconnects in one step. No secret is written there: the file is safe to commit.',
    initial: true,
  }),
  accept: (answer, data) => {
    if (answer.type !== 'confirm') return { error: 'Answer yes or no.' };
    return { data: { ...data, wantsProfile: answer.value } };
  },
};

export const profileNameStep: QuestionStep = {
  type: 'question',
  id: 'profile_name',
  applies: (data) => !data.reconnect && anyWritten(data) && data.wantsProfile === true,
  prompt: (data, ctx) => ({
    kind: 'text',
    title: 'Name for this profile',
    help: 'A short word you will type in `reauth refresh NAME`.',
    initial: data.profileName ?? uniqueName(data.providerId ?? 'tokens', ctx),
    secret: false,
    optional: false,
  }),
  accept: (answer, data, ctx) => {
    const name = answerText(answer) ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return { error: 'Use letters, digits, - and _ only, starting with a letter or digit.' };
    if (ctx.config.profiles[name]) return { error: `${name} is already a profile in ${displayPathOf(ctx.config.path, ctx.cwd)}: choose another name.` };
    return { data: { ...data, profileName: name } };
  },
  // No line of its own: "Saved  profile NAME in reauth.yaml" follows and names it.
};

export const saveProfileStep = actionStep({
  id: 'save_profile',
  needs: ['profileName'],
  applies: (data) => !data.reconnect && anyWritten(data) && data.wantsProfile === true && !!data.profileName,
  title: (_data, ctx) => `Saving the profile to ${displayPathOf(ctx.config.path, ctx.cwd)}…`,
  run: async (data, ctx, effects) => {
    const provider = providerOf(data, ctx);
    const flow = flowOf(data, ctx);
    const path = await effects.saveProfile({
      name: data.profileName,
      provider: provider.id,
      ...(data.region ? { region: data.region } : {}),
      ...(data.flow && data.flow !== provider.flows[0] ? { flow: data.flow } : {}),
      ...(data.appType ? { app_type: data.appType } : {}),
      // What the person typed or reauth found is literal text; the file reads `${` as a variable.
      ...(data.clientId && !targetsHold(data, 'client_id') ? { client_id: literalForConfig(data.clientId) } : {}),
      ...(data.clientSecretRef ? { client_secret: data.clientSecretRef } : {}),
      ...(data.scopes && flow !== 'password' ? { scopes: data.scopes } : {}),
      ...(data.redirectUri && flow === 'authorization_code' ? { redirect_uri: data.redirectUri } : {}),
      settings: data.settings,
      targets: (data.targets ?? []).map((t) => (t.file === undefined ? t : { ...t, file: literalForConfig(t.file) })),
      ...(data.afterWrite ? { after_write: data.afterWrite, after_write_on: data.afterWriteOn ?? 'setup' } : {}),
    }, noRefreshTokenFacts(data));
    return { ...data, saved: { path, name: data.profileName } };
  },
  summary: (data, ctx) => ({ label: 'Saved', value: `profile ${data.saved?.name} in ${data.saved ? displayPathOf(data.saved.path, ctx.cwd) : ''}` }),
});

/** Offered once a new profile is saved with a refresh token; never for the demo (its server is gone). */
const offersSchedule = (data: WizardData, ctx: WizardContext) => !!data.saved && !!data.tokens?.refresh_token && ctx.offerCronLine !== false;

const SCHEDULE_CHOICES = [
  { value: 'install', label: 'Yes: add it to my crontab now', hint: 'one refresh runs first exactly as cron will run it; nothing is added if that fails' },
  { value: 'print', label: 'Show me the lines; I will add them myself' },
  { value: 'later', label: 'Not now', hint: '`reauth schedule NAME` does it any time' },
] as const;

export const scheduleStep: QuestionStep = {
  type: 'question',
  id: 'schedule',
  applies: (data, ctx) => offersSchedule(data, ctx),
  prompt: (data, ctx) => ({
    kind: 'select',
    title: 'Keep these tokens fresh without you?',
    help: `\`reauth refresh ${data.saved?.name}\` on a timer. ${scheduleFor(providerOf(data, ctx).id).why}`,
    options: SCHEDULE_CHOICES.map((c) => ('hint' in c ? { ...c, hint: c.hint.replace('NAME', data.saved?.name ?? 'NAME') } : { ...c })),
    initial: data.scheduleChoice ?? 'install',
  }),
  accept: (answer, data) => {
    const choice = answerText(answer);
    if (choice !== 'install' && choice !== 'print' && choice !== 'later') return { error: 'Choose one of the three.' };
    return { data: { ...data, scheduleChoice: choice } };
  },
  summary: (data) => ({ label: 'Schedule', value: data.scheduleChoice === 'install' ? 'add to the crontab' : data.scheduleChoice === 'print' ? 'show the lines' : 'not now' }),
  undo: (data) => ({ ...data, scheduleChoice: undefined, scheduled: undefined }),
};

export const scheduleRunStep = actionStep({
  id: 'schedule_run',
  needs: ['saved'],
  applies: (data, ctx) => offersSchedule(data, ctx) && (data.scheduleChoice === 'install' || data.scheduleChoice === 'print') && !data.scheduled,
  title: (data) => (data.scheduleChoice === 'install' ? 'Running one refresh as cron will run it, then adding it to your crontab…' : 'Working out the lines cron needs…'),
  run: async (data, _ctx, effects) => ({ ...data, scheduled: await effects.schedule(data.saved!.name, data.scheduleChoice === 'install') }),
  summary: (data) => {
    const report = data.scheduled;
    if (!report) return undefined;
    if (report.installed) return { label: 'Scheduled', value: 'in your crontab' };
    if (data.scheduleChoice === 'install') return { label: 'Scheduled', value: 'not added (see below)', failed: true };
    return { label: 'Scheduled', value: 'lines shown below' };
  },
});

/** Said to saveProfile when the sign-in brought no refresh token, so status and refresh can say why. */
function noRefreshTokenFacts(data: WizardData): { noRefreshToken: true; obtainedAt: string; accessToken: string } | undefined {
  const tokens = data.tokens;
  return tokens && !tokens.refresh_token ? { noRefreshToken: true, obtainedAt: tokens.obtained_at, accessToken: tokens.access_token } : undefined;
}

function targetsHold(data: WizardData, field: 'client_id' | 'client_secret'): boolean {
  return (data.targets ?? []).some((t) => t.keys[field]);
}

function uniqueName(base: string, ctx: WizardContext): string {
  if (!ctx.config.profiles[base]) return base;
  for (let i = 2; ; i++) if (!ctx.config.profiles[`${base}-${i}`]) return `${base}-${i}`;
}

/** The closing screen: where the tokens went, how long they last, and how to keep them fresh. */
export function doneLines(data: WizardData, ctx: WizardContext): { exitCode: number; title: string; lines: string[]; copyText?: CopyText } {
  const provider = providerOf(data, ctx);
  const written = (data.results ?? []).filter((r) => r.ok).map((r) => r.label);
  const lines: string[] = [];
  if (written.length) lines.push(`New tokens written to ${written.join(', ')}.`);
  lines.push(...lifetimeLines(data, ctx));
  if (provider.rotatesRefreshToken === 'always') {
    lines.push(`${provider.name} hands out a new refresh token on every refresh and the old one stops working: let only one program refresh it.`);
  }
  if (data.afterWriteResult && !data.afterWriteResult.ok) lines.push(`The command after writing failed: ${data.afterWriteResult.summary}`);
  if (!written.length) lines.push('No file was changed.');
  const name = data.saved?.name ?? data.profileName;
  // Without one, "All done" would hold only until the access token expires.
  const noRefresh = data.tokens !== undefined && !data.tokens.refresh_token;
  if (noRefresh) {
    const said = noRefreshTokenLines(provider, name, data.tokens?.expires_at ? formatWhen(data.tokens.expires_at, ctx.now()) : undefined);
    lines.push(said.message, said.next);
  }
  const { lines: scheduleLines, copyText } = scheduleOutcomeLines(data);
  lines.push(...scheduleLines);
  const exitCode = data.afterWriteResult && !data.afterWriteResult.ok ? ExitCode.writeFailed : ExitCode.ok;
  const title = exitCode !== ExitCode.ok ? 'Done, with a problem' : noRefresh ? 'Done, but no refresh token' : 'All done';
  return { exitCode, title, lines, ...(copyText ? { copyText } : {}) };
}

/**
 * How long what was written lasts. The access token's expiry only where a target keeps it: a
 * program that reads just the refresh token makes its own access tokens, so "valid until"
 * would promise something about a token nobody stored.
 */
function lifetimeLines(data: WizardData, ctx: WizardContext): string[] {
  const tokens = data.tokens;
  if (!tokens) return [];
  const targets = data.targets ?? [];
  if (tokens.expires_at && targets.some((t) => t.keys.access_token)) return [`The access token is valid until ${formatWhen(tokens.expires_at, ctx.now())}.`];
  if (tokens.refresh_expires_at && targets.some((t) => t.keys.refresh_token)) return [`The refresh token is valid until ${formatWhen(tokens.refresh_expires_at, ctx.now())}.`];
  return [];
}

/** What the closing question led to: installed, refused (why, and the lines for later), or just the lines. */
function scheduleOutcomeLines(data: WizardData): { lines: string[]; copyText?: CopyText } {
  const name = data.saved?.name;
  const report = data.scheduled;
  if (!name) return { lines: data.reconnect && data.profileName && data.tokens?.refresh_token ? [`To refresh it on a timer: \`reauth schedule ${data.profileName}\` (running it again replaces its line).`] : [] };
  if (data.scheduleChoice === 'later') return { lines: [`When you are ready: \`reauth schedule ${name}\` adds the unattended refresh to your crontab.`] };
  if (!report) return { lines: [] };
  if (report.installed) return { lines: [...report.said.filter((line) => !line.startsWith('Tried ')), report.installed] };
  const text = report.printed.filter((line) => !line.startsWith('Add these lines with')).join('\n');
  if (report.refusals.length > 0) {
    return {
      lines: ['Not added to the crontab: nothing was installed.', ...report.refusals, `Once that is fixed, \`reauth schedule ${name}\` checks again and adds it.`],
      ...(data.scheduleChoice === 'print' && text ? { copyText: { title: 'Or add these lines yourself with `crontab -e`:', text } } : {}),
    };
  }
  return { lines: report.said.slice(), ...(text ? { copyText: { title: 'Add these lines with `crontab -e`:', text } } : {}) };
}
