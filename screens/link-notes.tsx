import { Box, Text, Transform } from 'ink';
import { trimWrappedLine } from './prose.js';
import { colors, symbols } from './theme.js';

export interface LinkNotesProps {
  /** One honest line each about opening and copying the link, e.g. "✔ Copied to the clipboard". */
  readonly notes: readonly string[];
}

function toneOf(mark: string): string | undefined {
  if (mark === symbols.done) return colors.done;
  if (mark === symbols.failed || mark === symbols.warning) return colors.warning;
  return undefined;
}

/** The note's lead — indentation, then a mark (✔ ✘ ⚠ –) or a list number — and its sentence. */
export function splitNote(note: string): { readonly indent: string; readonly mark: string; readonly gap: string; readonly text: string } {
  const lead = /^(\s*)([\u2714\u2718\u26A0\u2013]|\d+\.)?(\s*)/.exec(note)!;
  const [whole, indent = '', mark = '', gap = ''] = lead;
  return { indent, mark, gap, text: note.slice(whole.length) };
}

/**
 * What reauth managed to do with the link. The flow writes the ✔/✘ itself; only the mark is
 * coloured, so the sentence stays readable. A failed open is a warning, not an error: the link
 * above still works by hand. A sentence that wraps hangs under its first word, not under the
 * mark, so numbered advice (the SSH tunnel) stays readable at 60 columns.
 */
export function LinkNotes({ notes }: LinkNotesProps) {
  return (
    <Box flexDirection="column">
      {notes.map((note, index) => {
        const { indent, mark, gap, text } = splitNote(note);
        const tone = toneOf(mark);
        const lead = indent.length + mark.length + gap.length;
        return (
          <Box key={index}>
            {lead > 0 ? (
              <Box width={lead} flexShrink={0}>
                <Text>
                  {indent}
                  {tone ? <Text color={tone}>{mark}</Text> : mark}
                  {gap}
                </Text>
              </Box>
            ) : null}
            <Box flexGrow={1} flexShrink={1}>
              <Transform transform={trimWrappedLine}>
                <Text>{text}</Text>
              </Transform>
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
