import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { Box, Static, useApp, useInput } from 'ink';
import type { Answer, WizardStore } from '../src/flow/prompt.js';
import { CurrentStep } from './current-step.js';
import { advanceTranscript, emptyTranscript, type TranscriptState } from './transcript.js';
import { TranscriptLine } from './transcript-line.js';

export interface AppProps {
  readonly store: WizardStore;
}

/**
 * The Ink front end of the wizard: it only subscribes to the store, draws, and answers (the
 * Gatsby reporter pattern). Finished steps go into <Static> as one-liners that stay in the
 * scrollback; only the current step is live, so the redrawn area stays small.
 */
export function App({ store }: AppProps) {
  // Wrapped, not passed as `store.subscribe`: the store may be a class whose methods need `this`.
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  const getView = useCallback(() => store.getView(), [store]);
  const answer = useCallback((value: Answer) => store.answer(value), [store]);
  const view = useSyncExternalStore(subscribe, getView);
  const { exit } = useApp();

  // Folded during render (the fold is pure and idempotent) so a new history line and the next
  // step appear in the same frame, never the step first and its history a frame later.
  const transcriptRef = useRef<TranscriptState>(emptyTranscript);
  transcriptRef.current = advanceTranscript(transcriptRef.current, view);

  // Rendered with exitOnCtrlC: false (Ink's own handler would exit 0 and skip the flow's
  // cleanup), so Ctrl+C is an answer like any other: the flow decides how to stop, with 130.
  const cancelsRef = useRef(0);
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') {
        cancelsRef.current += 1;
        answer({ type: 'cancel' });
        // A second Ctrl+C while the flow is still busy must not be ignored: the person wants out.
        if (cancelsRef.current >= 2) exit();
      } else if (key.escape && view.prompt.canGoBack) {
        answer({ type: 'back', id: view.prompt.id });
      }
    },
    { isActive: !view.finished },
  );

  // exit() in an effect runs after this render is committed, so the final frame (the done
  // screen, or the problem) is on screen before Ink unmounts.
  useEffect(() => {
    if (view.finished) exit();
  }, [view.finished, exit]);

  return (
    <Box flexDirection="column">
      <Static items={[...transcriptRef.current.items]}>
        {(item, index) => <TranscriptLine key={index} item={item} />}
      </Static>
      <CurrentStep
        // A new step (or the same step id of another kind) starts from fresh state; the same
        // step sent back with an error keeps what the person typed.
        key={`${view.prompt.kind}:${view.prompt.id}`}
        prompt={view.prompt}
        onAnswer={answer}
        finished={view.finished}
      />
    </Box>
  );
}
