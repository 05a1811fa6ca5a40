/**
 * XDG_CACHE_HOME for every reauth the tests start. reauth keeps its compiled-code cache there
 * (src/system/code-cache.ts); the tests give reauth a HOME of its own, often the very folder
 * whose files they check one by one, where a `.cache` folder would be a surprise that a
 * person's machine (cache in ~/.cache, away from the app's folder) does not have. One folder
 * for the whole run, kept between runs as a person's is, so most starts find a cache.
 */
import { fileURLToPath } from 'node:url';

export const TEST_CACHE_HOME = fileURLToPath(new URL('../../.cache/xdg-cache-home', import.meta.url));
