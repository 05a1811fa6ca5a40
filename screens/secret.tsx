import { Text } from 'ink';
import { SECRET_MAX_DOTS as maxDots } from './step-parts.js';
import { symbols } from './theme.js';

export interface SecretProps {
  /** Only the length: the component never receives the secret, so it cannot print it. */
  readonly length: number;
}

/** A secret being typed, drawn as one • per character (bounded, with the count when longer). */
export function Secret({ length }: SecretProps) {
  if (length <= maxDots) return <Text>{symbols.bullet.repeat(length)}</Text>;
  return (
    <Text>
      {symbols.bullet.repeat(maxDots)}… <Text dimColor>({length} chars)</Text>
    </Text>
  );
}
