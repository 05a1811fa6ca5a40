import { createContext, useContext, useEffect, useRef } from 'react';
import { useInput } from 'ink';
import type { InputRouter, StepInputHandler, StepInputMode } from './input-router.js';

export type { StepInputMode } from './input-router.js';

/** Set by App: the router every step reads its keys from (see input-router.ts). */
export const InputRouterContext = createContext<InputRouter | undefined>(undefined);

export interface StepInputOptions {
  readonly mode: StepInputMode;
  readonly isActive?: boolean;
}

/**
 * A step's key handler. Inside App it takes keys from the router, so it also gets the keys typed
 * ahead for it; rendered on its own (a component test without App) it listens to Ink directly.
 */
export function useStepInput(handler: StepInputHandler, { mode, isActive = true }: StepInputOptions): void {
  const router = useContext(InputRouterContext);
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useInput(handler, { isActive: isActive && !router });
  useEffect(() => {
    if (!router || !isActive) return undefined;
    return router.attach((input, key) => handlerRef.current(input, key), mode);
  }, [router, isActive, mode]);
}
