import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Credentials } from './credentials.ts';
import { apiErrors } from './errors.ts';

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison takes the same time whatever the lengths.
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** Checks HTTP Basic credentials (API key as user, secret as password); throws 401 otherwise. */
export function checkBasicAuth(request: FastifyRequest, expected: Credentials): void {
  const header = request.headers.authorization;
  if (!header)
    throw apiErrors.unauthorized('Missing Authorization header: send the API key and secret with HTTP Basic auth');
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) throw apiErrors.unauthorized('Malformed Authorization header: expected "Basic <base64 key:secret>"');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0)
    throw apiErrors.unauthorized('Malformed Authorization header: expected "key:secret" inside the Basic credentials');
  const key = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  const keyOk = sameSecret(key, expected.key);
  const secretOk = sameSecret(secret, expected.secret);
  if (!(keyOk && secretOk)) throw apiErrors.unauthorized('Invalid API key or secret');
}
