import { Text } from 'ink';
import { countdownTone, formatRemaining, type CountdownTone } from './countdown-time.js';
import { colors, symbols } from './theme.js';
import { useMsLeft } from './use-ms-left.js';

export interface CountdownProps {
  /** Epoch ms when the sign-in code stops working. */
  readonly deadline: number;
  /** The lifetime is our assumption, not the service's documented figure: say so. */
  readonly assumed?: boolean;
  /**
   * What the person can do once it has expired, e.g. "press Enter for a fresh link". The key
   * itself is handled by the step that owns the input: two listeners on one Enter would race.
   */
  readonly expiredAction?: string;
  /** The clock; injectable so tests and the demo server agree on "now". */
  readonly now?: () => number;
}

const toneColor: Record<CountdownTone, string | undefined> = {
  calm: undefined,
  warning: colors.warning,
  expired: colors.error,
};

/** How long the sign-in code still works: `m:ss`, yellow under 2:00, red once expired. */
export function Countdown({ deadline, assumed = false, expiredAction, now }: CountdownProps) {
  const msLeft = useMsLeft(deadline, now);
  const tone = countdownTone(msLeft);
  const assumedNote = assumed ? <Text dimColor> (assumed — the service does not document it)</Text> : null;
  if (tone === 'expired') {
    return (
      <Text>
        <Text color={toneColor.expired} bold>
          {symbols.failed} The code has expired
        </Text>
        {expiredAction ? <Text color={toneColor.expired}> — {expiredAction}</Text> : null}
        {assumedNote}
      </Text>
    );
  }
  return (
    <Text>
      <Text color={toneColor[tone]}>Code expires in {formatRemaining(msLeft)}</Text>
      {assumedNote}
    </Text>
  );
}
