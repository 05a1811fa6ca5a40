/**
 * The fetch reauth uses for real. Node's global fetch ignores HTTPS_PROXY, so behind a
 * proxy we route through undici's EnvHttpProxyAgent (which also honours NO_PROXY). undici
 * loads only when a proxy is configured: it is a noticeable part of start-up (STYLE.md).
 */

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

/**
 * A proxy cannot reach this machine's loopback interface, so loopback hosts (the practice
 * server, a loopback catch, test emulators) always go direct.
 */
const ALWAYS_DIRECT = ['localhost', '127.0.0.1', '[::1]'];

export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return PROXY_VARIABLES.some((name) => !!env[name]);
}

export function createProductionFetch(env: NodeJS.ProcessEnv): typeof globalThis.fetch {
  if (!proxyConfigured(env)) return globalThis.fetch;

  // The lower-case spelling wins, as in curl and undici itself. Empty strings (not
  // undefined) stop undici falling back to process.env, so `env` is the only source.
  const httpProxy = env.http_proxy || env.HTTP_PROXY || '';
  const httpsProxy = env.https_proxy || env.HTTPS_PROXY || httpProxy;
  const userNoProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  const noProxy = [userNoProxy, ...ALWAYS_DIRECT].filter(Boolean).join(',');

  let loaded: Promise<typeof globalThis.fetch> | undefined;
  const load = async (): Promise<typeof globalThis.fetch> => {
    const undici = await import('undici');
    const dispatcher = new undici.EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy });
    // undici's own fetch: Node 20's bundled fetch is an older undici and cannot be handed
    // this version's dispatcher reliably.
    return ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) =>
      undici.fetch(input as Parameters<typeof undici.fetch>[0], {
        ...(init as Parameters<typeof undici.fetch>[1]),
        dispatcher,
      })) as unknown as typeof globalThis.fetch;
  };

  return (async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    loaded ??= load();
    return (await loaded)(input, init);
  }) as typeof globalThis.fetch;
}
