import type { StopSignal } from '../errors.js';

/**
 * What the wizard asks or shows at one moment, as plain data. The Ink screens and the plain
 * (@inquirer/prompts) mode both render a Prompt and answer it with an Answer; neither knows
 * which step of which provider it is drawing. Nothing secret is in a Prompt except what the
 * person typed themselves into a `secret` text field (renderers mask that as they draw it).
 */

export interface PromptOption {
  readonly value: string;
  readonly label: string;
  /** One short line shown beside or under the option. */
  readonly hint?: string;
}

/** Already-masked key/value lines for the preview and summaries. */
export interface PreviewLine {
  readonly key: string;
  readonly before?: string;
  readonly after: string;
}

export interface PreviewBlock {
  /** `.env`, `Heroku app guesthouse`, … */
  readonly label: string;
  readonly lines: readonly PreviewLine[];
  readonly warnings: readonly string[];
  /** Facts that need no action (TargetPlan.notes). */
  readonly notes?: readonly string[];
  /** True when nothing would change in this target. */
  readonly unchanged: boolean;
}

interface PromptBase {
  /** Stable id of the step (`provider`, `client_id`, `paste`…): answers name it. */
  readonly id: string;
  readonly title: string;
  /** Plain guidance under the title; may be several lines. */
  readonly help?: string;
  /** Why the last answer was not accepted; shown in the error colour. */
  readonly error?: string;
  /** Whether Esc / "back" is offered. */
  readonly canGoBack: boolean;
  /**
   * A line the person must copy exactly (a cron line, a scope list): renderers print it whole
   * on its own line, never wrapped by the renderer, so a terminal copies it as one line.
   */
  readonly copyText?: CopyText;
}

export interface CopyText {
  /** What to do with it, e.g. "Add this line with `crontab -e`:". */
  readonly title: string;
  readonly text: string;
}

export type Prompt =
  | (PromptBase & { readonly kind: 'select'; readonly options: readonly PromptOption[]; readonly initial?: string })
  | (PromptBase & {
      readonly kind: 'multiselect';
      readonly options: readonly PromptOption[];
      readonly initial: readonly string[];
      /** Lets the person type extra values (e.g. a scope we do not list). */
      readonly allowOther: boolean;
    })
  | (PromptBase & {
      readonly kind: 'text';
      readonly initial?: string;
      readonly placeholder?: string;
      /** Masked while typed (passwords, client secrets). */
      readonly secret: boolean;
      /** Whether an empty answer is acceptable. */
      readonly optional: boolean;
    })
  | (PromptBase & { readonly kind: 'confirm'; readonly initial: boolean })
  | (PromptBase & {
      readonly kind: 'paste';
      /** The sign-in link, printed whole on its own line (never boxed, never cut). Absent for Zoho Self Client. */
      readonly url?: string;
      /** What happened when reauth tried to open and copy the link: honest, one line each. */
      readonly linkNotes: readonly string[];
      /** Epoch ms when the code stops working; the renderer shows mm:ss from the clock. */
      readonly deadline: number;
      /** Whether the code lifetime is only assumed (PROVIDERS.md: unconfirmed). */
      readonly deadlineAssumed: boolean;
    })
  | (PromptBase & {
      readonly kind: 'busy';
      /** Device sign-in (RFC 8628): what to type where, while reauth waits for the approval. */
      readonly device?: DeviceCodeView;
    })
  | (PromptBase & { readonly kind: 'preview'; readonly blocks: readonly PreviewBlock[] })
  | (PromptBase & {
      readonly kind: 'problem';
      /** What to do next. */
      readonly next?: string;
      readonly options: readonly PromptOption[];
    })
  | (PromptBase & { readonly kind: 'done'; readonly lines: readonly string[] });

export type PromptKind = Prompt['kind'];

/** The device sign-in's code and address: shown big and whole, never masked (they are not secret). */
export interface DeviceCodeView {
  readonly userCode: string;
  /** Printed whole on its own line. */
  readonly verificationUri: string;
  /** The address with the code in it: a QR code for a phone, where the terminal can draw one. */
  readonly verificationUriComplete?: string;
  /** Epoch ms when the code stops working (`expires_in`). */
  readonly deadline: number;
  /** How often reauth asks the service (`interval`, plus 5 s for each `slow_down`). */
  readonly intervalSeconds?: number;
  /** Epoch ms of the last answer "not approved yet", for "checked 12 s ago". */
  readonly lastCheckedAt?: number;
  /** The service answered `slow_down` at least once. */
  readonly slowedDown?: boolean;
}

/**
 * The person's answer to the current prompt. `back` goes one step back; `cancel` quits
 * (Ctrl+C). For `paste`, `new-link` asks for a fresh sign-in link (after the countdown ran out).
 */
export type Answer =
  | { readonly type: 'value'; readonly id: string; readonly value: string }
  | { readonly type: 'values'; readonly id: string; readonly values: readonly string[] }
  | { readonly type: 'confirm'; readonly id: string; readonly value: boolean }
  | { readonly type: 'new-link'; readonly id: string }
  | { readonly type: 'back'; readonly id: string }
  /** Not from a renderer: the loopback listener caught the browser's redirect by itself. */
  | { readonly type: 'caught'; readonly id: string; readonly code?: string; readonly callbackServer?: string; readonly problem?: string }
  /** Ctrl+C, or a stop signal (SIGINT/SIGTERM/SIGHUP) routed to the wizard: its exit code follows the signal. */
  | { readonly type: 'cancel'; readonly signal?: StopSignal };

/** A finished step as one line of history ("✔ Service  Netatmo"). Values are already masked. */
export interface StepSummary {
  readonly label: string;
  readonly value: string;
  /** The step it summarises (set by the engine), so the plain renderer can skip answers it already echoed. */
  readonly stepId?: string;
  /** The step ended in a problem that did not stop the wizard (a failed restart command): shown with ✘. */
  readonly failed?: boolean;
  /**
   * Set by the engine on the line of a step that spent or wrote a token (the exchange, the
   * write): going back does not redo those, so this line and every one before it are final
   * and a renderer may print them for good.
   */
  readonly final?: boolean;
}

/** What a renderer subscribes to. */
export interface WizardView {
  readonly history: readonly StepSummary[];
  readonly prompt: Prompt;
  /** Set when the wizard has ended; the renderer stops after drawing the final prompt. */
  readonly finished?: { readonly exitCode: number };
}

/** The one thing a renderer talks to: read the view, be told when it changes, answer. */
export interface WizardStore {
  getView(): WizardView;
  subscribe(listener: () => void): () => void;
  answer(answer: Answer): void;
}
