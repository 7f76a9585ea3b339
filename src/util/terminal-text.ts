/**
 * Text from specs and data files made safe to print on a terminal. A spec or a CSV cell may hold
 * ESC, BEL or other control characters; printed raw they clear the screen, set the window title or
 * move the cursor. Each is shown instead as a visible escape, `\x1b`-style (what JavaScript and
 * JSON readers know), so the user sees that the byte is there. Browser-safe.
 */

/**
 * C0 controls (U+0000-U+001F), DEL (U+007F), C1 controls (U+0080-U+009F; U+009B alone is a
 * control sequence introducer on many terminals), and the Unicode bidirectional overrides and
 * isolates that reorder what a terminal line shows (U+202A-U+202E, U+2066-U+2069).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

/** True when `char` (one UTF-16 unit) is shown as an escape by {@link escapeControlChars}. */
export function isControlChar(char: string): boolean {
  return CONTROL.test(char);
}

/** The visible escape of one control character: `\x1b` below U+0100, `\u202e` above. */
export function escapeControlChar(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character (line breaks and tabs included) replaced by its visible
 * escape, for one line of terminal output: a message, a label, a file name, a class name.
 */
export function escapeControlChars(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, escapeControlChar) : text;
}

/**
 * `text` of several lines with control characters escaped but `\n` kept (and `\r\n` read as a
 * line break), for multi-line output such as a help text.
 */
export function escapeControlCharsKeepingLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeControlChars(line))
    .join('\n');
}
