import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from './harness.ts';

describe('response schemas', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host.close();
  });

  it('every API route declares its success answers, and ErrorGet for its errors', () => {
    const routes = host.app.hostRoutes.filter(
      (route) => route.method !== 'HEAD' && (route.url.startsWith('/v0/') || route.url.startsWith('/storage/')),
    );
    expect(routes.length).toBeGreaterThan(100);
    // No model runs on this host: the responses section answers its errors only.
    const errorsOnly = ['POST /v0/responses', 'GET /v0/responses/:response_id'];
    const undeclared = routes
      .filter((route) => !errorsOnly.includes(`${route.method} ${route.url}`))
      .filter((route) => !route.responses.some((status) => /^[23]\d\d$/.test(status)))
      .map((route) => `${route.method} ${route.url}`);
    expect(undeclared).toEqual([]);
    const withoutErrors = routes
      .filter((route) => !(route.responses.includes('4xx') && route.responses.includes('5xx')))
      .map((route) => `${route.method} ${route.url}`);
    expect(withoutErrors).toEqual([]);
  });

  it('answers an error as the ErrorGet it declares, with nothing left out', async () => {
    const body = await host.json<Record<string, unknown>>('/v0/files/00000000-0000-4000-8000-000000000000', {
      expect: 404,
    });
    expect(body).toEqual({ errors: ['File 00000000-0000-4000-8000-000000000000 not found'], support_id: null });
  });
});
