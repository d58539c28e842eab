import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './pool.ts';

describe('bounded concurrency', () => {
  it('never has more than the limit in flight, keeps order and reports failures', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapWithConcurrency([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      if (n === 4) throw new Error('four');
      return n * 10;
    });
    expect(most).toBe(3);
    expect(results.map((result) => (result.ok ? result.value : 'failed'))).toEqual([10, 20, 30, 'failed', 50, 60, 70]);
  });
});
