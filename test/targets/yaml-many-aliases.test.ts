import { expect, it } from 'vitest';
import { editYaml } from '../../src/targets/yaml-edit.js';

it('edits a config that merges one anchor into more than a hundred services', () => {
  const services = Array.from({ length: 120 }, (_, i) => `  svc${i}:\n    <<: *defaults\n    port: ${8000 + i}\n`).join('');
  const text = `defaults: &defaults\n  retries: 3\nservices:\n${services}weather:\n  netatmo:\n    refresh_token: fake-old-refresh-0001 # rotated by reauth\n`;
  const edited = editYaml(text, [{ key: 'refresh_token', value: 'fake-new-refresh-0002' }], { at: 'weather.netatmo' });
  expect(edited).toBe(text.replace('fake-old-refresh-0001', 'fake-new-refresh-0002'));
});
