/**
 * The fetch reauth uses for real. Node 20's global fetch ignores HTTPS_PROXY, so behind a
 * proxy every request to another machine goes through undici's EnvHttpProxyAgent (which also
 * honours NO_PROXY). undici loads only when a proxy is configured and a remote service is
 * asked: it is a noticeable part of start-up (STYLE.md).
 *
 * NODE_EXTRA_CA_CERTS (a TLS-inspecting proxy's CA) needs nothing here: Node adds those
 * certificates to its default trust store at start-up, and undici's connections — direct, and
 * inside a CONNECT tunnel — use that store because reauth never passes a `ca` of its own.
 */
import { ExitCode, UserError, type ExitCodeValue } from '../errors.js';
import { directFetch } from './direct-fetch.js';

type Fetch = typeof globalThis.fetch;
type Undici = typeof import('undici');
type UndiciParts = Pick<Undici, 'EnvHttpProxyAgent' | 'fetch'>;

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

export function proxyConfigured(env: NodeJS.ProcessEnv): boolean {
  return PROXY_VARIABLES.some((name) => !!env[name]);
}

/** The proxy could not be set up: a wrong setting (exit 2), or a broken reauth (exit 1). */
export class ProxySetupError extends UserError {
  override readonly cause: unknown;
  constructor(message: string, nextStep: string, exitCode: ExitCodeValue, cause?: unknown) {
    super(message, nextStep, exitCode);
    this.cause = cause;
    // --debug prints a stack: make it end with what actually went wrong.
    if (cause instanceof Error && cause.stack) this.stack = `${this.stack ?? this.message}\nCaused by: ${cause.stack}`;
  }
}

export interface ProxySettings {
  readonly httpProxy: string;
  readonly httpsProxy: string;
  readonly noProxy: string;
}

/**
 * The lower-case spelling wins, as in curl and undici; https requests use HTTPS_PROXY, else
 * HTTP_PROXY. A value without a scheme (`proxy.corp:3128`) means http://, as in curl and Go.
 */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const pick = (lower: string, upper: string): { name: string; value: string } | undefined => {
    if (env[lower]) return { name: lower, value: env[lower] };
    if (env[upper]) return { name: upper, value: env[upper] };
    return undefined;
  };
  const http = pick('http_proxy', 'HTTP_PROXY');
  const https = pick('https_proxy', 'HTTPS_PROXY') ?? http;
  return {
    httpProxy: http ? proxyAddress(http.name, http.value) : '',
    httpsProxy: https ? proxyAddress(https.name, https.value) : '',
    noProxy: pick('no_proxy', 'NO_PROXY')?.value ?? '',
  };
}

function proxyAddress(variable: string, value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `http://${value.trim()}`;
  try {
    new URL(withScheme);
    return withScheme;
  } catch (error) {
    // The value may hold a password (http://user:secret@proxy): name the variable, not the value.
    throw new ProxySetupError(
      `${variable} is not a proxy address reauth can use.`,
      `Set it to the proxy's address, like http://proxy.example.com:3128, or unset it to connect directly.`,
      ExitCode.usage,
      error,
    );
  }
}

export interface ProductionFetchOptions {
  /** How undici is loaded (tests hand in the shapes a bundler can produce). */
  readonly loadUndici?: () => Promise<unknown>;
}

/** Direct requests go over node:http(s), not Node's global fetch (direct-fetch.ts says why). */
const direct = directFetch as unknown as Fetch;

export function createProductionFetch(env: NodeJS.ProcessEnv, options: ProductionFetchOptions = {}): Fetch {
  if (!proxyConfigured(env)) return direct;
  const loadUndici = options.loadUndici ?? (() => import('undici'));

  let proxied: Promise<Fetch> | undefined;
  const setUp = async (): Promise<Fetch> => {
    const settings = proxySettings(env);
    const undici = undiciParts(await loadUndici().catch((error: unknown) => Promise.reject(brokenReauth('its proxy module (undici) did not load', error))));
    let dispatcher: InstanceType<Undici['EnvHttpProxyAgent']>;
    try {
      // Empty strings (not undefined) stop undici falling back to process.env: `env` is the only source.
      dispatcher = new undici.EnvHttpProxyAgent(settings);
    } catch (error) {
      throw new ProxySetupError(
        `The proxy in ${PROXY_VARIABLES.filter((name) => env[name]).join('/')} could not be set up: ${error instanceof Error ? error.message : String(error)}.`,
        'Check the proxy address (http://host:port or https://host:port), or unset it to connect directly.',
        ExitCode.usage,
        error,
      );
    }
    // undici's own fetch: Node 20's bundled fetch is an older undici and cannot be handed
    // this version's dispatcher reliably.
    return ((input: Parameters<Fetch>[0], init?: RequestInit) =>
      undici.fetch(input as Parameters<Undici['fetch']>[0], { ...(init as Parameters<Undici['fetch']>[1]), dispatcher })) as unknown as Fetch;
  };

  return (async (input: Parameters<Fetch>[0], init?: RequestInit) => {
    // A proxy cannot reach this machine's loopback interface: localhost, 127.0.0.0/8 and ::1
    // (the practice server, a loopback catch, test emulators) always go direct, as in Go's net/http.
    if (isLoopback(requestUrl(input).hostname)) return direct(input, init);
    proxied ??= setUp();
    return (await proxied)(input, init);
  }) as Fetch;
}

/**
 * esbuild gives a CommonJS package that is split into its own chunk a single export, `default`
 * (its module.exports); Node's own loader also offers the named exports. Either will do.
 */
function undiciParts(loaded: unknown): UndiciParts {
  const module = loaded as Partial<UndiciParts> & { default?: Partial<UndiciParts> };
  const parts = typeof module.EnvHttpProxyAgent === 'function' ? module : module.default;
  if (typeof parts?.EnvHttpProxyAgent !== 'function' || typeof parts.fetch !== 'function') {
    throw brokenReauth('its proxy module (undici) has no EnvHttpProxyAgent', new TypeError(`undici exports: ${Object.keys(module).join(', ') || 'nothing'}`));
  }
  return parts as UndiciParts;
}

function brokenReauth(what: string, cause: unknown): ProxySetupError {
  return new ProxySetupError(
    `reauth could not set up the proxy from HTTPS_PROXY/HTTP_PROXY: ${what}. This is a bug in reauth (or a damaged install).`,
    'Reinstall reauth; if it keeps happening, run again with --debug and report what it shows.',
    ExitCode.bug,
    cause,
  );
}

/**
 * The same rule as http.ts's isLoopbackHost, kept here so that this module, loaded at start-up,
 * does not pull the whole request module into the first chunk.
 */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function requestUrl(input: Parameters<Fetch>[0]): URL {
  if (input instanceof URL) return input;
  return new URL(typeof input === 'string' ? input : input.url);
}
