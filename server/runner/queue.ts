/**
 * Runs at most `concurrency` tasks at once; the others wait first in, first out.
 * A task holds its slot until the promise it returns settles.
 */
export class RunQueue {
  private readonly waiting: { id: string; run: () => Promise<void> }[] = [];
  private readonly active = new Set<string>();

  constructor(private readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('concurrency must be a positive integer');
  }

  /** Starts the task now when a slot is free (answers true), else queues it (answers false). */
  enqueue(id: string, run: () => Promise<void>): boolean {
    this.waiting.push({ id, run });
    this.drain();
    return this.active.has(id);
  }

  /** Removes a task that is still waiting; answers whether it was. */
  cancel(id: string): boolean {
    const index = this.waiting.findIndex((task) => task.id === id);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  get runningCount(): number {
    return this.active.size;
  }

  get waitingIds(): string[] {
    return this.waiting.map((task) => task.id);
  }

  private drain(): void {
    while (this.active.size < this.concurrency) {
      const next = this.waiting.shift();
      if (!next) return;
      this.active.add(next.id);
      const release = () => {
        this.active.delete(next.id);
        this.drain();
      };
      // A task that throws still gives its slot back.
      Promise.resolve().then(next.run).then(release, release);
    }
  }
}
