import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../server/test/harness.ts';

/**
 * Every operation of the upstream specification (read from ../shared at test time) is routed by
 * the host: each is asked once with made-up parameters, and only the not-found handler's
 * "No route" answer counts as unrouted. Made-up ids match nothing, so nothing is changed.
 */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const specPath = path.resolve(projectRoot, '../shared/osparc-openapi.json');
const specPresent = fs.existsSync(specPath);
if (!specPresent) console.log(`Route coverage test skipped: the upstream specification is not at ${specPath}`);

interface Operation {
  tags?: string[];
  operationId?: string;
}

/** A value for each path parameter that the host's parameter checks accept. */
const SAMPLE_PARAMETERS: Record<string, string> = {
  solver_key: encodeURIComponent('simcore/services/comp/itis/sleeper'),
  program_key: encodeURIComponent('simcore/services/dynamic/local/workspace-summary'),
  version: '2.1.6',
  wallet_id: '1',
};
const MADE_UP_ID = '00000000-0000-4000-8000-000000000000';

function samplePath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => SAMPLE_PARAMETERS[name] ?? MADE_UP_ID);
}

describe.skipIf(!specPresent)('route coverage of the upstream specification', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(async () => {
    await host?.close();
  });

  it('routes every operation of the specification', async () => {
    const spec = JSON.parse(fs.readFileSync(specPath, 'utf8')) as { paths: Record<string, Record<string, Operation>> };
    const unrouted: { operation: string; section: string }[] = [];
    let asked = 0;
    for (const [template, operations] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'put', 'post', 'patch', 'delete'].includes(method)) continue;
        asked++;
        const response = await host.app.inject({
          method: method.toUpperCase() as 'GET',
          url: samplePath(template),
          headers: { authorization: host.auth },
        });
        if (response.statusCode === 404 && response.body.includes('"No route ')) {
          unrouted.push({ operation: `${method.toUpperCase()} ${template}`, section: operation.tags?.[0] ?? '(none)' });
        }
      }
    }
    expect(asked).toBeGreaterThan(80);
    if (unrouted.length) {
      console.log(
        `Operations of the specification the host does not route yet:\n${unrouted
          .map(({ operation, section }) => `  [${section}] ${operation}`)
          .join('\n')}`,
      );
    }
    expect(unrouted.map(({ operation }) => operation)).toEqual([]);
  });

  it('tells an unrouted operation from a routed one that finds nothing', async () => {
    const unknown = await host.app.inject({
      method: 'GET',
      url: '/v0/nothing-here',
      headers: { authorization: host.auth },
    });
    expect(unknown.body).toContain('"No route ');
    const missingJob = await host.app.inject({
      method: 'GET',
      url: samplePath('/v0/solvers/{solver_key}/releases/{version}/jobs/{job_id}'),
      headers: { authorization: host.auth },
    });
    expect(missingJob.statusCode).toBe(404);
    expect(missingJob.body).not.toContain('"No route ');
  });
});
