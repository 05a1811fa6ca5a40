/** Prompt builders with calm defaults, so each test states only what it is about. */
import type { PromptOf } from '../../screens/step-props.js';

export const fakeUrl =
  'https://auth.example.test/oauth2/authorize?client_id=fake-client-0001&redirect_uri=https%3A%2F%2Flocalhost%2Fcallback' +
  '&response_type=code&scope=read_station%20write_station&state=fake-state-0123456789abcdef0123456789abcdef';

export function pastePrompt(overrides: Partial<PromptOf<'paste'>> = {}): PromptOf<'paste'> {
  return {
    kind: 'paste',
    id: 'paste',
    title: 'Sign in to Netatmo',
    canGoBack: false,
    url: fakeUrl,
    linkNotes: ['✔ Opened in your browser', '✘ Could not copy to the clipboard'],
    help: 'After you approve, the browser shows an error page: that is expected.',
    deadline: Date.now() + 10 * 60 * 1000,
    deadlineAssumed: false,
    ...overrides,
  };
}

export function selectPrompt(overrides: Partial<PromptOf<'select'>> = {}): PromptOf<'select'> {
  return {
    kind: 'select',
    id: 'provider',
    title: 'Which service?',
    canGoBack: false,
    options: [
      { value: 'netatmo', label: 'Netatmo', hint: 'weather stations' },
      { value: 'tiktok', label: 'TikTok' },
      { value: 'zoho', label: 'Zoho', hint: 'SalesIQ, Desk' },
    ],
    ...overrides,
  };
}

export function textPrompt(overrides: Partial<PromptOf<'text'>> = {}): PromptOf<'text'> {
  return {
    kind: 'text',
    id: 'client_id',
    title: 'Client ID',
    canGoBack: false,
    secret: false,
    optional: false,
    ...overrides,
  };
}
