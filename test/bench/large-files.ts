/**
 * Big but realistic files for the writer bench: what a person's long-lived .env, env.py,
 * config.yaml or tokens.json might grow into, with the keys reauth updates buried in the middle
 * (so nothing can finish early) and the features the writers must preserve — comments,
 * `export ` prefixes, quoting styles, anchors and merge keys, nested JSON.
 */
import type { TargetSpec } from '../../src/targets/types.js';

export interface LargeFile {
  readonly label: string;
  readonly fileName: string;
  readonly text: string;
  readonly spec: TargetSpec;
}

const ENV_KEYS = { access_token: 'NETATMO_ACCESS_TOKEN', refresh_token: 'NETATMO_REFRESH_TOKEN', expires_at: 'NETATMO_TOKEN_EXPIRES_AT' };
const NESTED_KEYS = { access_token: 'access_token', refresh_token: 'refresh_token', expires_at: 'expires_at' };
const NESTED_AT = 'weather.integrations.netatmo';
const ANCHOR_GROUP = 500;
/** Real configs alias now and then, not on every entry (the yaml package resolves aliases slowly). */
const ALIAS_EVERY = 10;

function pad(i: number): string {
  return String(i).padStart(5, '0');
}

export function largeDotenv(lines: number): LargeFile {
  const out: string[] = ['# Service settings, generated for the reauth bench', ''];
  for (let i = 0; out.length < lines; i++) {
    if (i === Math.floor(lines / 2)) {
      out.push('# Netatmo (written by reauth)', "NETATMO_ACCESS_TOKEN='fake-netatmo-access-0000|00'", "NETATMO_REFRESH_TOKEN='fake-netatmo-refresh-0000|00'", 'NETATMO_TOKEN_EXPIRES_AT=2030-01-01T00:00:00Z');
    }
    if (i % 10 === 0) out.push(`# section ${pad(i)}: settings for worker ${i}`);
    if (i % 25 === 0) out.push('');
    const style = i % 4;
    if (style === 0) out.push(`export SETTING_${pad(i)}=plain-value-${i}`);
    else if (style === 1) out.push(`SETTING_${pad(i)}="double quoted value ${i}"`);
    else if (style === 2) out.push(`SETTING_${pad(i)}='single|quoted!${i}'`);
    else out.push(`SETTING_${pad(i)}=value-${i} # trailing comment`);
  }
  return { label: `dotenv, ${lines.toLocaleString('en')} lines`, fileName: '.env', text: `${out.join('\n')}\n`, spec: { type: 'dotenv', file: '.env', keys: ENV_KEYS } };
}

export function largeEnvpy(lines: number): LargeFile {
  const out: string[] = ['"""Settings for the services; read by settings.py."""', 'import os', ''];
  for (let i = 0; out.length < lines; i++) {
    if (i === Math.floor(lines / 2)) {
      out.push(
        '# Netatmo',
        "os.environ.setdefault('NETATMO_ACCESS_TOKEN', 'fake-netatmo-access-0000|00')",
        "os.environ['NETATMO_REFRESH_TOKEN'] = 'fake-netatmo-refresh-0000|00'",
        "NETATMO_TOKEN_EXPIRES_AT = '2030-01-01T00:00:00Z'",
      );
    }
    if (i % 10 === 0) out.push(`# block ${pad(i)}`);
    const style = i % 3;
    if (style === 0) out.push(`os.environ.setdefault('SETTING_${pad(i)}', 'value-${i}')`);
    else if (style === 1) out.push(`os.environ['SETTING_${pad(i)}'] = "value ${i}"`);
    else out.push(`SETTING_${pad(i)} = 'value-${i}'  # plain assignment`);
  }
  return { label: `env.py, ${lines.toLocaleString('en')} lines`, fileName: 'env.py', text: `${out.join('\n')}\n`, spec: { type: 'envpy', file: 'env.py', keys: ENV_KEYS } };
}

export function largeYaml(services: number): LargeFile {
  const out: string[] = ['# Dashboard configuration: hand-kept, comments matter', 'services:'];
  const netatmoAt = Math.floor(services / 2);
  let aliases = 0;
  for (let i = 0; i < services; i++) {
    // One defaults anchor per group: the yaml package refuses to resolve more than 100 aliases
    // of one anchor (maxAliasCount), and yaml-edit.ts's re-parse check resolves them all.
    const group = Math.floor(i / ANCHOR_GROUP);
    if (i % ANCHOR_GROUP === 0) {
      out.push(`  defaults_${group}: &defaults_${group}`, '    retries: 3', '    timeout_s: 30   # seconds', '    tags: [prod, eu]');
    }
    const aliased = i % ALIAS_EVERY === 0;
    out.push(
      `  # service ${i}: owned by team ${i % 7}`,
      `  service_${pad(i)}:`,
      ...(aliased ? [`    <<: *defaults_${group}`] : ['    retries: 5']),
      `    name: "Service ${i}"   # shown on the dashboard`,
      `    port: ${8000 + i}`,
      `    url: 'https://svc-${i}.example.invalid/api'`,
      '    env:',
      `      LEVEL: ${i % 2 === 0 ? 'info' : 'debug'}`,
      ...(aliased ? [`      ID: &id_${i} svc-${pad(i)}`, `      SAME_ID: *id_${i}`] : [`      ID: svc-${pad(i)}`]),
    );
    if (aliased) aliases += 2;
    if (i === netatmoAt) {
      out.push(
        'weather:',
        '  integrations:',
        '    netatmo:   # tokens written by reauth',
        "      access_token: 'fake-netatmo-access-0000|00'",
        "      refresh_token: 'fake-netatmo-refresh-0000|00'",
        '      expires_at: 2030-01-01T00:00:00Z',
        'more_services:',
      );
    }
  }
  return {
    label: `YAML, ${services.toLocaleString('en')} services, ${aliases} aliases`,
    fileName: 'config.yaml',
    text: `${out.join('\n')}\n`,
    spec: { type: 'yaml', file: 'config.yaml', at: NESTED_AT, keys: NESTED_KEYS },
  };
}

/**
 * A hand-kept config of `lines` lines (10,000: some 300 KB) as people write them: sections of
 * lists of mappings (`- name: …` with its keys below), a comment above every entry and after
 * many values, anchors merged into some entries, quoted strings and one-line lists.
 */
export function largeCommentedYaml(lines: number): LargeFile {
  const out: string[] = ['# Home dashboard configuration', '# Kept by hand: the comments explain every choice, keep them.', '', 'server:', '  host: 0.0.0.0   # all interfaces', '  port: 8080', ''];
  let i = 0;
  let placed = false;
  let section = 0;
  while (out.length < lines) {
    if (i % 250 === 0) {
      out.push('', `# --- section ${section}: services of floor ${section} ---`, `defaults_${section}: &defaults_${section}`, '  retries: 3', '  timeout_s: 30   # seconds', `services_${pad(section)}:`);
      section++;
    }
    if (!placed && out.length >= lines / 2) {
      out.push(
        '# Netatmo weather station (tokens written by reauth)',
        'weather:',
        '  integrations:',
        '    netatmo:   # tokens written by reauth',
        "      access_token: 'fake-netatmo-access-0000|00'",
        "      refresh_token: 'fake-netatmo-refresh-0000|00'",
        '      expires_at: 2030-01-01T00:00:00Z',
        `more_services_${pad(section)}:`,
      );
      placed = true;
    }
    out.push(
      `  # service ${i}: owned by team ${i % 7}`,
      `  - name: service-${pad(i)}`,
      ...(i % 10 === 0 ? [`    <<: *defaults_${section - 1}`] : []),
      `    port: ${8000 + (i % 1000)}   # behind the proxy`,
      `    url: "https://svc-${i}.example.invalid/api/v2"`,
      `    tags: [prod, eu, team-${i % 7}]`,
      '    env:',
      `      LEVEL: ${i % 2 === 0 ? 'info' : 'debug'}   # raise when debugging`,
      `      OWNER: 'team-${i % 7}@example.invalid'`,
    );
    i++;
  }
  return {
    label: `YAML, ${lines.toLocaleString('en')} lines, commented, lists of mappings`,
    fileName: 'config.yaml',
    text: `${out.join('\n')}\n`,
    spec: { type: 'yaml', file: 'config.yaml', at: NESTED_AT, keys: NESTED_KEYS },
  };
}

export function largeJson(records: number): LargeFile {
  const data = {
    version: 3,
    records: Array.from({ length: records }, (_, i) => ({
      id: `rec-${pad(i)}`,
      name: `Record number ${i}`,
      enabled: i % 3 !== 0,
      weight: i / 7,
      tags: ['alpha', 'beta', `t${i % 13}`],
      owner: { team: `team-${i % 11}`, email: `owner${i}@example.invalid` },
    })),
    weather: {
      integrations: {
        netatmo: { access_token: 'fake-netatmo-access-0000|00', refresh_token: 'fake-netatmo-refresh-0000|00', expires_at: '2030-01-01T00:00:00Z' },
      },
    },
  };
  return {
    label: `JSON, ${records.toLocaleString('en')} records`,
    fileName: 'tokens.json',
    text: `${JSON.stringify(data, null, 2)}\n`,
    spec: { type: 'json', file: 'tokens.json', at: NESTED_AT, keys: NESTED_KEYS },
  };
}
