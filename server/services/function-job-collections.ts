import crypto from 'node:crypto';
import { apiErrors } from '../errors.ts';
import type { FunctionJobCollectionRecord, FunctionRecord, FunctionStore } from '../stores/functions.ts';
import type { FunctionJobService } from './function-jobs.ts';
import type { FunctionService } from './functions.ts';

/** Collections of function jobs (upstream: function_job_collections_routes.py); `:map` makes one per call. */
export class FunctionJobCollectionService {
  private readonly store: FunctionStore;

  constructor(
    functions: FunctionService,
    private readonly functionJobs: FunctionJobService,
  ) {
    this.store = functions.store;
  }

  /** Records a collection of existing function jobs (404 naming the first id that is none). */
  create(title: string, description: string, jobIds: readonly string[]): FunctionJobCollectionRecord {
    const collection: FunctionJobCollectionRecord = {
      uid: crypto.randomUUID(),
      title,
      description,
      jobIds: jobIds.map((id) => this.functionJobs.get(id).uid),
      createdAt: new Date().toISOString(),
    };
    this.store.insertCollection(collection);
    return collection;
  }

  /** The collection upstream's `:map` registers for the jobs of one call. */
  ofMap(fn: FunctionRecord, jobIds: readonly string[]): FunctionJobCollectionRecord {
    return this.create(
      'Function job collection of function map',
      `Function job collection of map of function ${fn.uid} with ${jobIds.length} inputs`,
      jobIds,
    );
  }

  get(uid: string): FunctionJobCollectionRecord {
    const collection = this.store.getCollection(uid.toLowerCase());
    if (!collection) throw apiErrors.notFound('Function job collection', uid);
    return collection;
  }

  list(functionId: string | undefined, limit: number, offset: number) {
    return this.store.listCollections(functionId?.toLowerCase(), limit, offset);
  }

  /** Deletes the collection; its function jobs stay. */
  delete(uid: string): void {
    this.store.deleteCollection(this.get(uid).uid);
  }

  /** Each member's status, in the collection's order. */
  statuses(uid: string): string[] {
    return this.get(uid).jobIds.map((id) => this.functionJobs.status(this.functionJobs.get(id)).status);
  }
}
