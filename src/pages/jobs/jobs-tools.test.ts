import { describe, expect, it } from 'vitest';
import { compareReadiness, parseMetadataPatterns } from './jobs-tools.ts';

const sleeper = (jobId: string) => ({ solverKey: 'simcore/services/comp/itis/sleeper', version: '2.1.6', jobId });

describe('metadata filter patterns', () => {
  it('reads key:glob patterns separated by spaces, each once', () => {
    expect(parseMetadataPatterns('  project:apollo*  owner:me project:apollo* ')).toEqual({
      patterns: ['project:apollo*', 'owner:me'],
      problems: [],
    });
  });

  it('explains a pattern without a key', () => {
    expect(parseMetadataPatterns(':x').problems[0]).toMatch(/names no key/);
  });
});

describe('compare readiness', () => {
  it('needs two or more jobs of one solver', () => {
    expect(compareReadiness([]).ready).toBe(false);
    expect(compareReadiness([sleeper('a')])).toEqual({
      ready: false,
      message: '1 job selected: select at least one more of the same solver.',
    });
    expect(compareReadiness([sleeper('a'), sleeper('b')])).toEqual({
      ready: true,
      message: '2 sleeper jobs selected.',
    });
    const mixed = compareReadiness([
      sleeper('a'),
      { solverKey: 'simcore/services/comp/local/heat-1d', version: '1', jobId: 'c' },
    ]);
    expect(mixed.ready).toBe(false);
    expect(mixed.message).toContain('different solvers (sleeper, heat-1d)');
  });
});
