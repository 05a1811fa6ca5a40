/**
 * `m:ss` left until a code expires, rounded UP to the whole second: 0:00 shows only when the
 * code has really expired, and a fresh ten-minute link starts at 10:00, not 9:59. Never negative.
 */
export function formatRemaining(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
