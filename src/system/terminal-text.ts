/**
 * The one sanitiser for text that comes from outside and is meant for people: an answer's body
 * or title, a service's error fields, a child's output, a pasted address. Whoever controls the
 * path (a hotel portal, a proxy) or the service could otherwise clear the screen (ESC[2J), set
 * the window title (OSC 0), plant a link (OSC 8), or reorder what a line seems to say (bidi
 * overrides) — hiding or spoofing reauth's own words, in the terminal and in `.reauth/state`.
 *
 * Nothing is silently dropped: each escape sequence becomes one `␛`, each other control or
 * invisible format character one `�`, so a person can tell something was there. Newline and tab
 * stay; a carriage return (which would let a line overwrite itself) becomes a newline after
 * CRLF is folded. Token values never pass through here: they are opaque and sent back as-is.
 *
 * node:util's stripVTControlCharacters misses the C1 OSC (0x9d), DCS/APC/PM/SOS
 * bodies, lone ESC, BEL, backspace and bidi controls (test/system/terminal-text.test.ts).
 */

/** ESC-introduced: CSI, OSC (to BEL or ST, or the end), DCS/SOS/PM/APC (to ST or the end), 2-byte. */
const ESC_SEQUENCE =
  /\u001B(?:\[[0-?]*[ -/]*[@-~]?|\][^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?|[PX^_][^\u001B\u009C]*(?:\u001B\\|\u009C)?|[ -/]*[0-~]?)/g;
/** The same introduced by an 8-bit C1 control: CSI 0x9b, OSC 0x9d, DCS 0x90, SOS 0x98, PM 0x9e, APC 0x9f. */
const C1_SEQUENCE = /\u009B[0-?]*[ -/]*[@-~]?|\u009D[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C)?|[\u0090\u0098\u009E\u009F][^\u001B\u009C]*(?:\u001B\\|\u009C)?/g;
/** Left over: C0 but tab and newline, DEL, C1, and the bidi/invisible marks that can reorder text. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

export function safeText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(ESC_SEQUENCE, '␛')
    .replace(C1_SEQUENCE, '␛')
    .replace(CONTROL, '�');
}

/**
 * For a quotation inside one of reauth's own lines (a service's error, a station name, a
 * command's last line): sanitised, and its line breaks folded into spaces, so the outside text
 * cannot start a line of its own that reads like reauth's ("✔ weather: refreshed").
 */
export function safeLine(text: string): string {
  return safeText(text).replace(/\s*\n\s*/g, ' ');
}

/** For optional fields: undefined stays undefined. */
export function safeOptionalText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : safeText(text);
}
