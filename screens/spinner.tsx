import { useEffect, useState } from 'react';
import { Text } from 'ink';
import { SPINNER_FRAMES as frames } from './spinner-frames.js';
import { colors } from './theme.js';

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
