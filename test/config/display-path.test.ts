import { describe, expect, it } from 'vitest';
import { displayPathOf } from '../../src/config/display-path.js';

describe('displayPathOf', () => {
  it('shortens a path inside the working folder', () => {
    expect(displayPathOf('/home/sam/dash/reauth.yaml', '/home/sam/dash')).toBe('reauth.yaml');
    expect(displayPathOf('/home/sam/dash/ops/reauth.yaml', '/home/sam/dash')).toBe('ops/reauth.yaml');
  });

  it('keeps the whole path of a file outside the working folder', () => {
    expect(displayPathOf('/etc/reauth/reauth.yaml', '/home/sam/dash')).toBe('/etc/reauth/reauth.yaml');
    expect(displayPathOf('/home/sam/..reauth.yaml', '/home/sam/dash')).toBe('/home/sam/..reauth.yaml');
  });

  it('tidies a relative path as typed', () => {
    expect(displayPathOf('./reauth.yaml')).toBe('reauth.yaml');
  });
});
