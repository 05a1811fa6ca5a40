import { Prose } from './prose.js';

export interface HelpTextProps {
  /** Plain guidance; may hold several lines (the flow writes them with `\n`). */
  readonly children: string;
}

/** Guidance and key hints: dim, so the question and the answer stay what the eye finds first. */
export function HelpText({ children }: HelpTextProps) {
  return <Prose dimColor>{children}</Prose>;
}
