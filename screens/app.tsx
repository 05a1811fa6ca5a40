import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Static, Text, useApp, useInput, useStdout } from 'ink';
import type { Answer, WizardStore } from '../src/flow/prompt.js';
import { CurrentStep } from './current-step.js';
import { InputRouter } from './input-router.js';
import { advanceTranscript, emptyTranscript, openLinesFor, type TranscriptState } from './transcript.js';
import { isBlock, TranscriptLine } from './transcript-line.js';
import { InputRouterContext } from './use-step-input.js';

export interface AppProps {
  readonly store: WizardStore;
}

/**
 * The Ink front end of the wizard: it only subscribes to the store, draws, and answers (the
 * Gatsby reporter pattern). Finished steps go into <Static> as one-liners that stay in the
 * scrollback once they are final (transcript.ts); the few that going back could still change
 * are drawn live above the current step, so each appears once, with its latest answer.
 */
export function App({ store }: AppProps) {
  // Wrapped, not passed as `store.subscribe`: the store may be a class whose methods need `this`.
  const subscribe = useCallback((listener: () => void) => store.subscribe(listener), [store]);
  const getView = useCallback(() => store.getView(), [store]);
  const view = useSyncExternalStore(subscribe, getView);
  const { exit } = useApp();

  // Every key goes through one router, so keys typed while a busy step shows reach the next
  // question instead of being lost (input-router.ts); it is told of each new view below.
  const [droppedNote, setDroppedNote] = useState<string>();
  const routerRef = useRef<InputRouter | undefined>(undefined);
  routerRef.current ??= new InputRouter(setDroppedNote);
  const router = routerRef.current;
  const answer = useCallback(
    (value: Answer) => {
      // Before the store hears it: the store may draw the next step before answer() returns.
      router.answered();
      store.answer(value);
    },
    [store, router],
  );
  const cancel = useCallback((value: Answer) => store.answer(value), [store]);

  // Folded during render (the fold is pure and idempotent) so a new history line and the next
  // step appear in the same frame, never the step first and its history a frame later.
  const transcriptRef = useRef<TranscriptState>(emptyTranscript);
  // Open lines get at most a quarter of the window, so the live area stays shorter than it.
  const { stdout } = useStdout();
  transcriptRef.current = advanceTranscript(transcriptRef.current, view, openLinesFor(stdout.rows));

  // Rendered with exitOnCtrlC: false (Ink's own handler would exit 0 and skip the flow's
  // cleanup), so Ctrl+C is an answer like any other: the flow decides how to stop, with 130.
  // Every press goes to the flow, never straight to exit(): while a code is being spent the
  // flow waits for the tokens and says so ("finishing safely"); unmounting here would hide
  // where they were kept.
  useInput(
    (input, key) => {
      if (key.ctrl && input === 'c') {
        cancel({ type: 'cancel' });
      } else if (/^\u0003+$/.test(input)) {
        // Ctrl+C pressed more than once before Ink read the terminal (while it loads, the first
        // question drawn without it): Ink hands them over as one text "\x03\x03", not as keys.
        for (let i = 0; i < input.length; i++) cancel({ type: 'cancel' });
      } else if (key.escape && view.prompt.canGoBack) {
        answer({ type: 'back', id: view.prompt.id });
      } else {
        router.input(input, key);
      }
    },
    { isActive: !view.finished },
  );

  // After the step's own effects (children first), so its key handler is attached by now.
  useEffect(() => {
    setDroppedNote(undefined);
    router.present(view.finished ? undefined : view.prompt);
  }, [view, router]);

  // exit() in an effect runs after this render is committed, so the final frame (the done
  // screen, or the problem) is on screen before Ink unmounts.
  useEffect(() => {
    if (view.finished) exit();
  }, [view.finished, exit]);

  return (
    <InputRouterContext.Provider value={router}>
      <Box flexDirection="column">
        <Static items={[...transcriptRef.current.items]}>
          {(item, index) => <TranscriptLine key={index} item={item} afterBlock={isBlock(transcriptRef.current.items[index - 1])} />}
        </Static>
        {transcriptRef.current.open.map((item, index) => (
          <TranscriptLine key={index} item={item} afterBlock={index === 0 && isBlock(transcriptRef.current.items.at(-1))} />
        ))}
        <CurrentStep
          // A new step starts from fresh state, and so does each round of a multi-round step
          // (one key name after another: same id and kind, another title) — otherwise a field
          // would start with the previous field's text. The same question sent back with an
          // error keeps what the person typed.
          key={`${view.prompt.kind}:${view.prompt.id}:${view.prompt.title}`}
          prompt={view.prompt}
          onAnswer={answer}
          finished={view.finished}
        />
        {droppedNote && !view.finished ? <Text dimColor>{droppedNote}</Text> : null}
      </Box>
    </InputRouterContext.Provider>
  );
}
