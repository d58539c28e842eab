import type { FastifyReply, FastifyRequest } from 'fastify';
import { originOf } from '../context.ts';

/**
 * Serialized answers of routes whose body depends only on the origin and the URL of the request
 * (the catalog does not change while the host runs), so a busy client costs one map lookup.
 * Bounded: the oldest answer goes first, so odd query strings cannot grow it without limit.
 */
export class AnswerCache {
  private readonly answers = new Map<string, string>();

  constructor(private readonly maxEntries = 256) {}

  /** Sends the cached JSON for this origin and URL, building it (and caching it) the first time. */
  send(request: FastifyRequest, reply: FastifyReply, build: () => unknown): FastifyReply {
    const key = `${originOf(request)} ${request.url}`;
    let body = this.answers.get(key);
    if (body === undefined) {
      // A build that throws (404, 422) is answered by the error handler and never cached.
      body = JSON.stringify(build());
      if (this.answers.size >= this.maxEntries) this.answers.delete(this.answers.keys().next().value!);
      this.answers.set(key, body);
    }
    // A string with a JSON content type goes out as it is, the same bytes Fastify would serialize.
    return reply.type('application/json; charset=utf-8').send(body);
  }
}
