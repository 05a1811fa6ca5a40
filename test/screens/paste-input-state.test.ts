import { describe, expect, it } from 'vitest';
import {
  applyPasteInput,
  emptyPasteInput,
  firstAnswerLength,
  PasteInput,
  PASTE_HOLD_MS,
  typeAheadUse,
  pasteInputFrom,
  previewOf,
  textOf,
  type PasteInputEvent,
  type PasteInputState,
} from '../../src/flow/paste-input-state.js';

function feed(events: readonly PasteInputEvent[], start: PasteInputState = emptyPasteInput) {
  let state = start;
  const submitted: string[] = [];
  for (const event of events) {
    const result = applyPasteInput(state, event);
    state = result.state;
    if (result.submitted !== undefined) submitted.push(result.submitted);
  }
  return { state, submitted };
}

const text = (value: string): PasteInputEvent => ({ type: 'text', text: value });

describe('paste input state', () => {
  it('collects typed characters and submits them on a lone Enter', () => {
    const { submitted } = feed([text('a'), text('b'), text('c'), { type: 'enter' }]);
    expect(submitted).toEqual(['abc']);
  });

  it('treats a line break at the end of a chunk as Enter, whether CR, LF or CRLF', () => {
    expect(feed([text('fake-code-0001\r')]).submitted).toEqual(['fake-code-0001']);
    expect(feed([text('fake-code-0001\n')]).submitted).toEqual(['fake-code-0001']);
    expect(feed([text('fake-code-0001\r\n')]).submitted).toEqual(['fake-code-0001']);
  });

  it('keeps a line break inside a chunk as a line break, so wrapped URLs reach the parser', () => {
    const { state, submitted } = feed([text('https://localhost/cb?co\rde=fake\r\n-0001')]);
    expect(submitted).toEqual([]);
    expect(textOf(state)).toBe('https://localhost/cb?co\nde=fake\n-0001');
  });

  it('submits the text before a trailing Enter and keeps earlier chunks', () => {
    const { submitted } = feed([text('first-half-'), text('second-half\r')]);
    expect(submitted).toEqual(['first-half-second-half']);
  });

  it('submits an empty line when Enter arrives with nothing typed (the step decides what that means)', () => {
    expect(feed([{ type: 'enter' }]).submitted).toEqual(['']);
    expect(feed([text('\r\n')]).submitted).toEqual(['']);
  });

  it('removes the last character on backspace, across chunk boundaries and whole emoji', () => {
    const { state } = feed([text('ab'), text('c'), { type: 'backspace' }, { type: 'backspace' }]);
    expect(textOf(state)).toBe('a');
    expect(state.length).toBe(1);
    const emoji = feed([text('x🙂'), { type: 'backspace' }]);
    expect(textOf(emoji.state)).toBe('x');
    expect(emoji.state.length).toBe(1);
    expect(feed([{ type: 'backspace' }]).state).toEqual(emptyPasteInput);
  });

  it('clears everything on Ctrl+U', () => {
    const { state } = feed([text('abc'), text('def'), { type: 'clear' }]);
    expect(state).toEqual(emptyPasteInput);
  });

  it('edits in order when Ctrl+U or Backspace arrive inside one chunk with the keys after them (fast typing, a slow SSH link)', () => {
    expect(textOf(feed([text('\u0015weather')], pasteInputFrom('netatmo')).state)).toBe('weather');
    expect(textOf(feed([text('abcd\u007F\u007Fx\u0008y')]).state)).toBe('aby');
    expect(feed([text('old\u0015new\r')]).submitted).toEqual(['new']);
  });

  it('drops bracketed-paste markers and stray control characters but keeps tabs', () => {
    const { state } = feed([text('\u001B[200~co\u0007de\t1'), text('[201~')]);
    expect(textOf(state)).toBe('code\t1');
  });

  it('starts from an editable default', () => {
    const { submitted } = feed([{ type: 'backspace' }, text('Z'), { type: 'enter' }], pasteInputFrom('client-id-0001'));
    expect(submitted).toEqual(['client-id-000Z']);
  });

  it('previews short text whole and long text as head…tail, reading only those characters', () => {
    expect(previewOf(pasteInputFrom('fake-code-0001')).text).toBe('fake-code-0001');
    const long = feed(Array.from({ length: 30 }, (_, index) => text(String(index % 10).repeat(4096))));
    const preview = previewOf(long.state, 40, 20);
    expect(preview.shortened).toBe(true);
    expect(preview.text).toBe(`${'0'.repeat(40)}…${'9'.repeat(20)}`);
  });

  it('shows line breaks in the preview as a visible mark so it stays one line', () => {
    expect(previewOf(pasteInputFrom('a\nb')).text).toBe('a⏎b');
  });
});

describe('paste input state on large input', () => {
  it('takes 100 KB in 4 KB chunks, and even one character at a time, without lag and exactly', () => {
    const pasted = Array.from({ length: 100 * 1024 }, (_, index) => String.fromCharCode(97 + (index % 26))).join('');
    // Generous bounds for a busy two-core CI; copying the whole text per piece would take tens of seconds here.
    for (const [pieceSize, boundMs] of [[4096, 1000], [1, 3000]] as const) {
      const started = performance.now();
      let state = emptyPasteInput;
      for (let offset = 0; offset < pasted.length; offset += pieceSize) {
        state = applyPasteInput(state, text(pasted.slice(offset, offset + pieceSize))).state;
        previewOf(state); // what each redraw reads
      }
      const result = applyPasteInput(state, { type: 'enter' });
      const elapsed = performance.now() - started;
      console.log(`reducer, 100 KB in ${pieceSize}-character pieces: ${elapsed.toFixed(1)} ms`);
      expect(elapsed).toBeLessThan(boundMs);
      expect(result.submitted).toBe(pasted);
    }
  });
});

describe('the paste input with its hold (both renderers drive this)', () => {
  function driven() {
    let pending: (() => void) | undefined;
    const submitted: string[] = [];
    const input = new PasteInput({
      onSubmit: (value) => submitted.push(value),
      timers: { set: (callback, ms) => ((pending = ms === PASTE_HOLD_MS ? callback : undefined), 1), clear: () => (pending = undefined) },
    });
    return { input, submitted, fire: () => pending?.() };
  }

  it('keeps a line break that ended a long chunk when more of the paste follows', () => {
    const { input, submitted } = driven();
    input.apply(text(`${'a'.repeat(2000)}\r`));
    expect(input.holding).toBe(true);
    input.apply(text('b'.repeat(10)));
    input.apply({ type: 'enter' });
    expect(submitted).toEqual([`${'a'.repeat(2000)}\n${'b'.repeat(10)}`]);
  });

  it('takes it as Enter when nothing follows within the hold, or when Enter follows', () => {
    const quiet = driven();
    quiet.input.apply(text(`${'a'.repeat(2000)}\r`));
    expect(quiet.submitted).toEqual([]);
    quiet.fire();
    expect(quiet.submitted).toEqual(['a'.repeat(2000)]);
    const enter = driven();
    enter.input.apply(text(`${'a'.repeat(2000)}\r`));
    enter.input.apply({ type: 'enter' });
    expect(enter.submitted).toEqual(['a'.repeat(2000)]);
  });

  it('submits a short chunk ending in a line break at once (a typed or pasted code)', () => {
    const { input, submitted } = driven();
    input.apply(text('fake-code-0001\r'));
    expect(submitted).toEqual(['fake-code-0001']);
  });
});

describe('keys typed ahead', () => {
  it('end an answer at the first line break of a short chunk, never inside a paste-sized one', () => {
    expect(firstAnswerLength('alice\rsecret\r')).toBe(6);
    expect(firstAnswerLength('alice\r\nsecret')).toBe(7);
    expect(firstAnswerLength('alice\r')).toBeUndefined();
    expect(firstAnswerLength('alice')).toBeUndefined();
    expect(firstAnswerLength(`${'x'.repeat(2000)}\r${'y'.repeat(10)}`)).toBeUndefined();
  });

  it('wait at a busy step, replay into questions, and are dropped where they must not answer', () => {
    const base = { id: 'x', title: 'x', canGoBack: false } as const;
    const field = { ...base, kind: 'text', secret: false, optional: false } as const;
    expect(typeAheadUse({ ...base, kind: 'busy' }, false).use).toBe('wait');
    expect(typeAheadUse(field, false).use).toBe('replay');
    expect(typeAheadUse({ ...field, secret: true }, true).use).toBe('replay');
    expect(typeAheadUse(field, true).use).toBe('drop');
    expect(typeAheadUse({ ...field, error: 'no' }, false).use).toBe('drop');
    expect(typeAheadUse({ ...base, kind: 'preview', blocks: [] }, false).use).toBe('drop');
    expect(typeAheadUse({ ...base, kind: 'problem', options: [] }, false).use).toBe('drop');
    expect(typeAheadUse({ ...base, kind: 'select', options: [] }, true).use).toBe('replay');
  });
});
