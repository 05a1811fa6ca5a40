/**
 * A moment in the person's local time: `14:32` when it is today, else `2027-02-19 14:32` —
 * a 90-day TTLock token must not read as "until 14:32". Shared by the wizard, refresh and status.
 */
export function formatWhen(when: string | number, nowMs: number): string {
  const at = new Date(when);
  if (Number.isNaN(at.getTime())) return String(when);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const today = new Date(nowMs);
  const sameDay = at.getFullYear() === today.getFullYear() && at.getMonth() === today.getMonth() && at.getDate() === today.getDate();
  return sameDay ? time : `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}
