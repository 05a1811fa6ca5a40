import { Text } from 'ink';
import { symbols } from './theme.js';

export interface SecretProps {
  /** Only the length: the component never receives the secret, so it cannot print it. */
  readonly length: number;
}

// Enough dots to show that typing registers, not so many that a long token fills the line.
const maxDots = 40;

/** A secret being typed, drawn as one • per character (bounded, with the count when longer). */
export function Secret({ length }: SecretProps) {
  if (length <= maxDots) return <Text>{symbols.bullet.repeat(length)}</Text>;
  return (
    <Text>
      {symbols.bullet.repeat(maxDots)}… <Text dimColor>({length} chars)</Text>
    </Text>
  );
}
