import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './harness.ts';

describe('meta, profile and authentication', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('tells its name and API version', async () => {
    const meta = await host.json<{ name: string; version: string }>('/v0/meta');
    expect(meta.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(meta.name).toBeTruthy();
  });

  it('refuses missing, malformed and wrong credentials with 401 and a Basic challenge', async () => {
    const malformed = 'Malformed Authorization header: expected "Basic <base64 key:secret>"';
    const cases: [string | undefined, string][] = [
      [undefined, 'Missing Authorization header: send the API key and secret with HTTP Basic auth'],
      ['Bearer abc', malformed],
      ['Basic !!!', malformed],
      [
        `Basic ${Buffer.from('no colon').toString('base64')}`,
        'Malformed Authorization header: expected "key:secret" inside the Basic credentials',
      ],
      [`Basic ${Buffer.from('test-key:wrong').toString('base64')}`, 'Invalid API key or secret'],
      [`Basic ${Buffer.from('other:test-secret').toString('base64')}`, 'Invalid API key or secret'],
    ];
    for (const [header, says] of cases) {
      const response = await host.fetch('/v0/me', { auth: false, headers: header ? { authorization: header } : {} });
      expect(response.status, String(header)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
      const body = (await response.json()) as { errors: string[] };
      expect(body.errors, String(header)).toEqual([says]);
    }
  });

  it('shows and edits the profile, refusing unknown fields with the field named', async () => {
    const profile = await host.json<{ login: string; role: string }>('/v0/me');
    expect(profile.role).toBe('USER');
    const updated = await host.json<{ first_name: string }>('/v0/me', { method: 'PUT', body: { first_name: 'Ada' } });
    expect(updated.first_name).toBe('Ada');
    expect((await host.json<{ first_name: string }>('/v0/me')).first_name).toBe('Ada');
    const refused = await host.json<{ errors: { loc: string[] }[] }>('/v0/me', {
      method: 'PUT',
      body: { nickname: 'x' },
      expect: 422,
    });
    expect(refused.errors[0]?.loc).toEqual(['body', 'nickname']);
  });

  // FastAPI answers a body that is no JSON with 422 json_invalid (see upstream-fidelity.test.ts).
  it('answers an unreadable JSON body with 422 json_invalid and says where', async () => {
    const body = await host.json<{ errors: { loc: unknown[]; type: string; msg: string }[] }>('/v0/me', {
      method: 'PUT',
      body: '{"first_name":',
      expect: 422,
    });
    expect(body.errors[0]).toMatchObject({ loc: ['body'], type: 'json_invalid' });
    expect(body.errors[0]?.msg).toMatch(/JSON decode error: Unexpected end of JSON input/);
  });
});
