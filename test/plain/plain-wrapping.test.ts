/**
 * Issue 11.7: plain mode at 60 columns hard-wrapped mid-word (the terminal cut every line at
 * its edge). What the wizard says is word-wrapped to the terminal's width; links and paths
 * come whole on a line of their own; a pipe (no width) gets the text as it is.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { WizardStore, WizardView } from '../../src/flow/prompt.js';
import { runPlain } from '../../src/plain/run-plain.js';

const LINK = 'https://accounts.zoho.eu/oauth/v2/auth?scope=SalesIQ.departments.READ&client_id=1000.FAKECLIENT&state=fake-state-0001';
const PATH = '/home/operator/projects/guest-house/deploy/settings/production/.env';

const CRON = '17 * * * * /usr/bin/node /home/operator/.npm-global/lib/node_modules/reauth/dist/reauth.js refresh weather -c /home/operator/reauth.yaml';

const finished: WizardView = {
  history: [{ label: 'Targets', value: `${PATH} (dotenv), config.yaml at weather.integrations.netatmo, Heroku app guesthouse-production` }],
  prompt: {
    kind: 'done',
    id: 'done',
    canGoBack: false,
    title: 'Done: the tokens are written and checked, and the profile is saved in reauth.yaml',
    lines: [`If the browser did not open, open this link on your computer (it is also on your clipboard): ${LINK} and come back here.`],
    copyText: { title: 'Or add these lines yourself with `crontab -e`:', text: CRON },
  },
  finished: { exitCode: 0 },
};

async function shown(output: Record<string, unknown>): Promise<string> {
  let text = '';
  const store: WizardStore = { getView: () => finished, subscribe: () => () => undefined, answer: () => undefined };
  const out = Object.assign(new PassThrough(), output);
  await runPlain(store, { input: new PassThrough(), output: out, write: (t) => void (text += t), now: () => 0 });
  return text;
}

describe('plain mode in a 60-column terminal', () => {
  it('wraps every line at word boundaries within 60 columns, with the link and the path whole on lines of their own', async () => {
    const text = await shown({ isTTY: true, columns: 60, rows: 24 });
    const lines = text.split('\n');
    expect(lines).toContain(LINK);
    expect(lines.some((line) => line.trim() === PATH || line.trim().startsWith(PATH))).toBe(true);
    for (const line of lines) if (!line.includes(LINK) && !line.includes(PATH) && line !== CRON) expect(line.length, line).toBeLessThanOrEqual(60);
    // Nothing lost or cut: the same words in the same order.
    expect(text.replace(/\s+/g, ' ')).toContain(`open this link on your computer (it is also on your clipboard): ${LINK} and come back here.`);
    expect(lines.some((line) => line.trim() === ')')).toBe(false);
    // A line to copy is never wrapped: the terminal soft-wraps it, so it copies as one.
    expect(lines).toContain(CRON);
  });

  it('leaves the text as it is for a pipe', async () => {
    const text = await shown({});
    expect(text).toContain(`(it is also on your clipboard): ${LINK} and come back here.`);
  });
});
