/** Copies the sign-in link; clipboardy loads only when needed (start-up time, STYLE.md). */
import type { Outcome } from '../deps.js';

export async function copyText(text: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  if (env.REAUTH_NO_CLIPBOARD === '1') return { ok: false, detail: 'turned off by REAUTH_NO_CLIPBOARD' };
  try {
    const { default: clipboard } = await import('clipboardy');
    await withTimeout(clipboard.write(text), 2000);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // clipboardy's errors name xsel/xclip/wl-copy; one short reason is enough here.
    return { ok: false, detail: /xsel|xclip|wl-copy|display|ENOENT/i.test(message) ? 'no clipboard is available here' : message.split('\n')[0]! };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the clipboard did not answer')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
