import { useEffect, useState } from 'react';
import { Text } from 'ink';
import { colors } from './theme.js';

// The "dots" frames from cli-spinners, inlined: @inkjs/ui's Spinner would pull its whole
// component set into start-up for ten characters (STYLE.md: start-up is module loading).
const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const frameMs = 80;

/** A small activity mark, so a slow network call never looks like a hung terminal. */
export function Spinner() {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((current) => (current + 1) % frames.length), frameMs);
    return () => clearInterval(timer);
  }, []);
  return <Text color={colors.active}>{frames[frame]}</Text>;
}
