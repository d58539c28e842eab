import pLimit from 'p-limit';

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs `work` on every item with at most `limit` calls in flight, keeping the results in the
 * items' order. A failing call does not stop the others: its result is `{ ok: false, error }`.
 */
export function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  onSettled?: (done: number) => void,
): Promise<Settled<R>[]> {
  const run = pLimit(Math.max(1, limit));
  let done = 0;
  return Promise.all(
    items.map((item, index) =>
      run(async (): Promise<Settled<R>> => {
        try {
          return { ok: true, value: await work(item, index) };
        } catch (error) {
          return { ok: false, error };
        } finally {
          onSettled?.(++done);
        }
      }),
    ),
  );
}
