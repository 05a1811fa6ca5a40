import { Box, Text, Transform } from 'ink';
import { trimWrappedLine } from './prose.js';
import { colors, symbols } from './theme.js';

export interface LinkNotesProps {
  /** One honest line each about opening and copying the link, e.g. "✔ Copied to the clipboard". */
  readonly notes: readonly string[];
}

function toneOf(note: string): string | undefined {
  if (note.startsWith(symbols.done)) return colors.done;
  if (note.startsWith(symbols.failed)) return colors.warning;
  return undefined;
}

/**
 * What reauth managed to do with the link. The flow writes the ✔/✘ itself; only the mark is
 * coloured, so the sentence stays readable. A failed open is a warning, not an error: the link
 * above still works by hand.
 */
export function LinkNotes({ notes }: LinkNotesProps) {
  return (
    <Box flexDirection="column">
      {notes.map((note, index) => {
        const tone = toneOf(note);
        return (
          <Transform key={index} transform={trimWrappedLine}>
            {tone ? (
              <Text>
                <Text color={tone}>{note.slice(0, 1)}</Text>
                {note.slice(1)}
              </Text>
            ) : (
              <Text>{note}</Text>
            )}
          </Transform>
        );
      })}
    </Box>
  );
}
