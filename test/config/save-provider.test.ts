import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { saveProviderEntry, withProviderEntry } from '../../src/config/save-provider.js';
import type { ProviderOverride } from '../../src/config/types.js';

const FIELDS: ProviderOverride = {
  name: 'My API',
  authorize_url: 'https://id.example.com/authorize',
  token_url: 'https://id.example.com/token',
  scopes: ['read', 'write'],
  scope_separator: ',',
  pkce: 'S256',
  client_auth: 'basic',
  authorize_params: { prompt: 'consent' },
};

describe('saving a custom service under providers:', () => {
  it('starts a new file with the safe-to-commit header, and the loader reads the entry back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reauth-save-provider-'));
    const path = join(dir, 'reauth.yaml');
    await saveProviderEntry(path, 'my-api', FIELDS);
    const text = await readFile(path, 'utf8');
    expect(text).toMatch(/^# reauth profiles/);
    expect(text).toContain('providers:\n  my-api:\n    name: My API\n');
    expect(text).toContain('    scopes: [read, write]\n');
    expect((await loadConfig(path)).providers['my-api']).toEqual(FIELDS);
  });

  it('adds the entry after the existing ones without touching comments or other entries', () => {
    const original = '# top\nversion: 1\nproviders:\n  # the old one\n  old-api:\n    authorize_url: https://a.example.com/a   # keep\n    token_url: https://a.example.com/t\nprofiles: {}\n';
    const text = withProviderEntry(original, 'my-api', { authorize_url: 'https://b.example.com/a', token_url: 'https://b.example.com/t' });
    expect(text).toBe(
      '# top\nversion: 1\nproviders:\n  # the old one\n  old-api:\n    authorize_url: https://a.example.com/a   # keep\n    token_url: https://a.example.com/t\n' +
        '  my-api:\n    authorize_url: https://b.example.com/a\n    token_url: https://b.example.com/t\nprofiles: {}\n',
    );
  });

  it('appends a providers: section when the file has none, and fills an empty one in place', () => {
    const fields = { authorize_url: 'https://b.example.com/a', token_url: 'https://b.example.com/t' };
    expect(withProviderEntry('version: 1\r\nprofiles: {}\r\n', 'x', fields)).toBe(
      'version: 1\r\nprofiles: {}\r\nproviders:\r\n  x:\r\n    authorize_url: https://b.example.com/a\r\n    token_url: https://b.example.com/t\r\n',
    );
    expect(withProviderEntry('version: 1\nproviders: {}\nprofiles: {}\n', 'x', fields)).toBe(
      'version: 1\nproviders:\n  x:\n    authorize_url: https://b.example.com/a\n    token_url: https://b.example.com/t\nprofiles: {}\n',
    );
  });

  it('leaves the file byte-identical when the same entry is already there, and replaces a different one', () => {
    const once = withProviderEntry('version: 1\n', 'my-api', FIELDS);
    expect(withProviderEntry(once, 'my-api', FIELDS)).toBe(once);
    const changed = withProviderEntry(once, 'my-api', { ...FIELDS, pkce: 'none' });
    expect(changed).toContain('    pkce: none\n');
    expect(changed.match(/my-api:/g)).toHaveLength(1);
  });

  it('refuses a file that is not valid YAML, naming the line', () => {
    expect(() => withProviderEntry('version: 1\nproviders: [\n', 'x', FIELDS)).toThrow(/line \d+ is not valid YAML/);
  });
});
