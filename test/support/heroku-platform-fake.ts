/**
 * A loopback fake of the parts of the Heroku Platform API that the real `heroku` CLI (v11)
 * calls for the commands reauth runs. Found by running the CLI against a request logger:
 * - `auth:whoami`      GET /account (and the same path on the "particleboard" host, which
 *                      HEROKU_PARTICLEBOARD_URL points back here: otherwise the CLI retries
 *                      particleboard.heroku.com for ~7 s before answering)
 * - `config --json`    GET /apps/{app}/config-vars
 * - `config:set`       PATCH /apps/{app}/config-vars, then GET /apps/{app}/releases with
 *                      `Range: version ..; order=desc,max=1` for the "done, vNN" line
 * - `apps --all --json` GET /apps and GET /account (`apps` without --all: GET /users/~/apps)
 * Every request carries `Authorization: Bearer <HEROKU_API_KEY>` and
 * `Accept: application/vnd.heroku+json; version=3`.
 */
import { json, startLoopbackServer, type LoopbackReply, type LoopbackRequest, type LoopbackServer } from './loopback-server.js';

export const FAKE_HEROKU_API_KEY = 'fake-heroku-api-key';
export const FAKE_HEROKU_EMAIL = 'fake-owner@example.com';

export interface FakeHerokuRelease {
  readonly version: number;
  readonly description: string;
}

export interface FakeHerokuApp {
  readonly name: string;
  readonly id: string;
  config: Record<string, string>;
  releases: FakeHerokuRelease[];
}

export interface RecordedConfigPatch {
  readonly app: string;
  /** The JSON body exactly as the CLI sent it (null deletes a key). */
  readonly body: Record<string, string | null>;
}

export interface HerokuPlatformFake {
  /** `http://127.0.0.1:PORT`: what HEROKU_HOST and HEROKU_PARTICLEBOARD_URL point at. */
  readonly origin: string;
  readonly server: LoopbackServer;
  readonly apps: Map<string, FakeHerokuApp>;
  /** Every PATCH of config vars, in order: tests assert one call carried every key. */
  readonly configPatches: RecordedConfigPatch[];
  /** Adds (or replaces) an app with these config vars and one initial release. */
  addApp(name: string, config?: Record<string, string>): FakeHerokuApp;
  /** The next PATCH of this app's config vars gets this reply instead (recorded, nothing stored). */
  failNextPatch(app: string, reply: LoopbackReply): void;
  /** Forgets recorded requests and patches (apps and their config stay). */
  resetRecords(): void;
  close(): Promise<void>;
}

const notFound = (message = "Couldn't find that app."): LoopbackReply => json(404, { id: 'not_found', message });

export async function startHerokuPlatformFake(options: { apiKey?: string; email?: string } = {}): Promise<HerokuPlatformFake> {
  const apiKey = options.apiKey ?? FAKE_HEROKU_API_KEY;
  const email = options.email ?? FAKE_HEROKU_EMAIL;
  const apps = new Map<string, FakeHerokuApp>();
  const configPatches: RecordedConfigPatch[] = [];
  let appCounter = 0;
  const nextPatchFailures = new Map<string, LoopbackReply>();

  function appJson(app: FakeHerokuApp): Record<string, unknown> {
    return {
      id: app.id,
      name: app.name,
      web_url: `https://${app.name}.example.test/`,
      git_url: `https://git.example.test/${app.name}.git`,
      owner: { email, id: 'fake-user-0001' },
      region: { name: 'eu' },
      stack: { name: 'heroku-24' },
      build_stack: { name: 'heroku-24' },
      space: null,
      team: null,
      released_at: '2026-01-01T00:00:00Z',
    };
  }

  function releaseJson(app: FakeHerokuApp, release: FakeHerokuRelease): Record<string, unknown> {
    return {
      version: release.version,
      description: release.description,
      status: 'succeeded',
      current: release === app.releases[app.releases.length - 1],
      app: { id: app.id, name: app.name },
      user: { email, id: 'fake-user-0001' },
    };
  }

  /** Honours the `Range: version ..; order=desc,max=N` header the CLI sends for the last release. */
  function releasesReply(app: FakeHerokuApp, range: string | undefined): LoopbackReply {
    let list = [...app.releases];
    if (range && /order=desc/.test(range)) list.reverse();
    const max = range ? /max=(\d+)/.exec(range)?.[1] : undefined;
    if (max) list = list.slice(0, Number(max));
    return json(200, list.map((release) => releaseJson(app, release)));
  }

  function patchConfig(app: FakeHerokuApp, body: unknown): LoopbackReply {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return json(422, { id: 'invalid_params', message: 'Invalid params: body must be a JSON object.' });
    }
    const changes = body as Record<string, unknown>;
    for (const [key, value] of Object.entries(changes)) {
      if (value !== null && typeof value !== 'string') {
        return json(422, { id: 'invalid_params', message: `Invalid params: ${key} must be a string or null.` });
      }
    }
    configPatches.push({ app: app.name, body: changes as Record<string, string | null> });
    const failure = nextPatchFailures.get(app.name);
    if (failure) {
      nextPatchFailures.delete(app.name);
      return failure;
    }
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete app.config[key];
      else app.config[key] = value as string;
    }
    const last = app.releases[app.releases.length - 1]?.version ?? 0;
    app.releases.push({ version: last + 1, description: `Set ${Object.keys(changes).join(', ')} config vars` });
    return json(200, app.config);
  }

  function handle(request: LoopbackRequest): LoopbackReply {
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return json(401, { id: 'unauthorized', message: 'Invalid credentials provided.' });
    }
    if (!String(request.headers.accept ?? '').includes('application/vnd.heroku+json; version=3')) {
      return json(400, { id: 'bad_request', message: 'Please specify version 3 in the Accept header.' });
    }
    const path = request.url.pathname;
    const method = request.method.toUpperCase();
    if (method === 'GET' && path === '/account') return json(200, { email, id: 'fake-user-0001' });
    if (method === 'GET' && (path === '/apps' || path === '/users/~/apps')) {
      return json(200, [...apps.values()].map(appJson));
    }
    const match = /^\/apps\/([^/]+)(\/[a-z-]+)?$/.exec(path);
    if (!match) return notFound('Not found.');
    const app = apps.get(decodeURIComponent(match[1] ?? ''));
    if (!app) return notFound();
    const sub = match[2] ?? '';
    if (method === 'GET' && sub === '') return json(200, appJson(app));
    if (method === 'GET' && sub === '/config-vars') return json(200, app.config);
    if (method === 'PATCH' && sub === '/config-vars') return patchConfig(app, request.json);
    if (method === 'GET' && sub === '/releases') return releasesReply(app, request.headers.range as string | undefined);
    return notFound('Not found.');
  }

  const server = await startLoopbackServer(handle);
  return {
    origin: server.origin,
    server,
    apps,
    configPatches,
    addApp(name, config = {}) {
      appCounter += 1;
      const app: FakeHerokuApp = {
        name,
        id: `00000000-0000-4000-8000-${String(appCounter).padStart(12, '0')}`,
        config: { ...config },
        releases: [{ version: 1, description: 'Initial release' }],
      };
      apps.set(name, app);
      return app;
    },
    failNextPatch(app, reply) {
      nextPatchFailures.set(app, reply);
    },
    resetRecords() {
      server.requests.length = 0;
      configPatches.length = 0;
    },
    close: () => server.close(),
  };
}
