import { describe, expect, it } from 'vitest';
import { releaseLabel } from './release-label.ts';

describe('a release as people read it', () => {
  it('names the version once', () => {
    expect(releaseLabel('1.0.0', '1.0.0 (finite differences)')).toBe('1.0.0 (finite differences)');
    expect(releaseLabel('2.1.6', '2.1.6')).toBe('2.1.6');
    expect(releaseLabel('2.1.6', null)).toBe('2.1.6');
  });
  it('adds a display name that does not repeat the version', () => {
    expect(releaseLabel('3.0.0', 'Spring release')).toBe('3.0.0 (Spring release)');
  });
});
