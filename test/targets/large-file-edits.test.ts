/**
 * The writers on files the size of a long-lived config (test/bench/large-files.ts): still byte
 * for byte, and still refusing a file that is broken far away from the keys being written —
 * the parts of the file a fast path leaves out are still checked.
 */
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ParseMemo } from '../../src/targets/engine-types.js';
import { editDotenv, readDotenv } from '../../src/targets/dotenv-edit.js';
import { editEnvpy } from '../../src/targets/envpy-edit.js';
import { editJson, readJson } from '../../src/targets/json-edit.js';
import { editYaml, readYaml } from '../../src/targets/yaml-edit.js';
import { largeDotenv, largeEnvpy, largeJson, largeYaml } from '../bench/large-files.js';

const AT = 'weather.integrations.netatmo';
const NESTED = ['access_token', 'refresh_token', 'expires_at'];
const ENV = ['NETATMO_ACCESS_TOKEN', 'NETATMO_REFRESH_TOKEN', 'NETATMO_TOKEN_EXPIRES_AT'];
const NEW = { access: 'fake-netatmo-access-0002|ab', refresh: 'fake-netatmo-refresh-0002|cd', expires: '2031-02-03T04:05:06Z' };

function nested(): { key: string; value: string }[] {
  return [
    { key: 'access_token', value: NEW.access },
    { key: 'refresh_token', value: NEW.refresh },
    { key: 'expires_at', value: NEW.expires },
  ];
}

function flat(): { key: string; value: string }[] {
  return [
    { key: 'NETATMO_ACCESS_TOKEN', value: NEW.access },
    { key: 'NETATMO_REFRESH_TOKEN', value: NEW.refresh },
    { key: 'NETATMO_TOKEN_EXPIRES_AT', value: NEW.expires },
  ];
}

describe('a 10,000-line YAML config', () => {
  const { text } = largeYaml(1100);

  it('changes only the three values, keeping their quotes, and means exactly that', () => {
    const edited = editYaml(text, nested(), { fileName: 'config.yaml', at: AT });
    const expected = text
      .replace("access_token: 'fake-netatmo-access-0000|00'", `access_token: '${NEW.access}'`)
      .replace("refresh_token: 'fake-netatmo-refresh-0000|00'", `refresh_token: '${NEW.refresh}'`)
      .replace('expires_at: 2030-01-01T00:00:00Z', `expires_at: '${NEW.expires}'`); // a YAML 1.1 timestamp unquoted
    expect(edited).toBe(expected);
    const plain = { maxAliasCount: -1 };
    const before = parseDocument(text).toJS(plain);
    before.weather.integrations.netatmo = { access_token: NEW.access, refresh_token: NEW.refresh, expires_at: NEW.expires };
    expect(parseDocument(edited).toJS(plain)).toEqual(before);
  });

  it('still refuses the file over a broken line far below the tokens, naming that line', () => {
    const broken = `${text}tail:\n  note: 'never closed\n`;
    const line = broken.split('\n').length - 1;
    expect(() => readYaml(broken, NESTED, { fileName: 'config.yaml', at: AT })).toThrow(`config.yaml could not be read as YAML (line ${line + 1}`);
    expect(() => editYaml(broken, nested(), { fileName: 'config.yaml', at: AT })).toThrow(/could not be read as YAML/);
  });

  it('still refuses a key repeated in another service, naming its line', () => {
    const repeated = text.replace('    port: 8003\n', '    port: 8003\n    port: 9003\n');
    const line = repeated.split('\n').indexOf('    port: 9003') + 1;
    expect(() => readYaml(repeated, NESTED, { fileName: 'config.yaml', at: AT })).toThrow(`(line ${line}, column 5: Map keys must be unique)`);
  });

  it('warns about an anchored token aliased elsewhere in the file, as before', () => {
    const anchored = text.replace("refresh_token: 'fake-netatmo-refresh-0000|00'", "refresh_token: &rt 'fake-netatmo-refresh-0000|00'") + 'backup_token: *rt\n';
    const { warnings } = readYaml(anchored, NESTED, { fileName: 'config.yaml', at: AT, memo: new ParseMemo() });
    expect(warnings).toEqual(['refresh_token in config.yaml carries the anchor &rt: every *rt in the file follows its value.']);
  });
});

describe('a 2 MB JSON token file', () => {
  const { text } = largeJson(7000);

  it('changes only the three values', () => {
    const edited = editJson(text, nested(), { fileName: 'tokens.json', at: AT });
    expect(edited).toBe(
      text
        .replace('"access_token": "fake-netatmo-access-0000|00"', `"access_token": "${NEW.access}"`)
        .replace('"refresh_token": "fake-netatmo-refresh-0000|00"', `"refresh_token": "${NEW.refresh}"`)
        .replace('"expires_at": "2030-01-01T00:00:00Z"', `"expires_at": "${NEW.expires}"`),
    );
    expect(readJson(edited, NESTED, { at: AT }).values).toEqual({ access_token: NEW.access, refresh_token: NEW.refresh, expires_at: NEW.expires });
  });

  it('still refuses the file over a stray comma after its end, naming line and column', () => {
    const broken = text.replace(/\}\n$/, '},\n');
    const lastLine = broken.split('\n').length - 1;
    expect(() => readJson(broken, NESTED, { fileName: 'tokens.json', at: AT })).toThrow(`tokens.json is not valid JSON (line ${lastLine}, column 2)`);
  });
});

describe('10,000-line .env and env.py files', () => {
  it('change only the token lines of the .env', () => {
    const { text } = largeDotenv(10_000);
    const edited = editDotenv(text, flat(), { memo: new ParseMemo() });
    expect(edited).toBe(
      text
        .replace("NETATMO_ACCESS_TOKEN='fake-netatmo-access-0000|00'", `NETATMO_ACCESS_TOKEN='${NEW.access}'`)
        .replace("NETATMO_REFRESH_TOKEN='fake-netatmo-refresh-0000|00'", `NETATMO_REFRESH_TOKEN='${NEW.refresh}'`)
        .replace('NETATMO_TOKEN_EXPIRES_AT=2030-01-01T00:00:00Z', `NETATMO_TOKEN_EXPIRES_AT=${NEW.expires}`),
    );
    expect(readDotenv(edited, ENV).values).toEqual({ NETATMO_ACCESS_TOKEN: NEW.access, NETATMO_REFRESH_TOKEN: NEW.refresh, NETATMO_TOKEN_EXPIRES_AT: NEW.expires });
  });

  it('change only the token lines of the env.py', () => {
    const { text } = largeEnvpy(10_000);
    expect(editEnvpy(text, flat(), { memo: new ParseMemo() })).toBe(
      text
        .replace("'NETATMO_ACCESS_TOKEN', 'fake-netatmo-access-0000|00'", `'NETATMO_ACCESS_TOKEN', '${NEW.access}'`)
        .replace("['NETATMO_REFRESH_TOKEN'] = 'fake-netatmo-refresh-0000|00'", `['NETATMO_REFRESH_TOKEN'] = '${NEW.refresh}'`)
        .replace("NETATMO_TOKEN_EXPIRES_AT = '2030-01-01T00:00:00Z'", `NETATMO_TOKEN_EXPIRES_AT = '${NEW.expires}'`),
    );
  });
});
