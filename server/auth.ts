import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Credentials } from './credentials.ts';
import { apiErrors } from './errors.ts';

const digestOf = (text: string) => crypto.createHash('sha256').update(text).digest();

/** Digests of the expected credentials, made once per credentials rather than on every request. */
interface ExpectedDigests {
  key: Buffer;
  secret: Buffer;
  /** Of the header a client sends for these credentials, as every client writes it. */
  header: Buffer;
}
const expectedDigests = new WeakMap<Credentials, ExpectedDigests>();

function digestsOf(expected: Credentials): ExpectedDigests {
  let digests = expectedDigests.get(expected);
  if (!digests) {
    const canonical = `Basic ${Buffer.from(`${expected.key}:${expected.secret}`, 'utf8').toString('base64')}`;
    digests = { key: digestOf(expected.key), secret: digestOf(expected.secret), header: digestOf(canonical) };
    expectedDigests.set(expected, digests);
  }
  return digests;
}

function sameSecret(given: string, expectedDigest: Buffer): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return crypto.timingSafeEqual(digestOf(given), expectedDigest);
}

/** Checks HTTP Basic credentials (API key as user, secret as password); throws 401 otherwise. */
export function checkBasicAuth(request: FastifyRequest, expected: Credentials): void {
  const header = request.headers.authorization;
  if (!header)
    throw apiErrors.unauthorized('Missing Authorization header: send the API key and secret with HTTP Basic auth');
  const digests = digestsOf(expected);
  // Every request of a client carries the same header: one digest accepts it; anything else is parsed.
  if (sameSecret(header, digests.header)) return;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) throw apiErrors.unauthorized('Malformed Authorization header: expected "Basic <base64 key:secret>"');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0)
    throw apiErrors.unauthorized('Malformed Authorization header: expected "key:secret" inside the Basic credentials');
  const key = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const keyOk = sameSecret(key, digests.key);
  const secretOk = sameSecret(secret, digests.secret);
  if (!(keyOk && secretOk)) throw apiErrors.unauthorized('Invalid API key or secret');
}
