import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { type HostContext, originOf, type Router } from '../context.ts';
import { apiErrors } from '../errors.ts';
import { type Catalog, releaseOrNotFound } from '../services/catalog.ts';
import { checkGlob, globMatches } from '../services/glob.ts';
import type { SolverRelease } from '../services/release.ts';
import { SOLVER_KEY_PATTERN, VERSION_PATTERN } from '../services/solver-package.ts';
import { AnswerCache } from './answer-cache.ts';
import { PageQuery, pageOf } from './pagination.ts';
import { OnePageOf, PageOf, PricingPlan, Solver, SolverPort } from './response-schemas.ts';

/** `Solver` as the API returns it. */
export type SolverBody = Solver;

/** Path parameter of a solver key (URL-encoded in one segment); the job routes use it too. */
export const SolverKeyParam = Type.String({ pattern: SOLVER_KEY_PATTERN, maxLength: 500 });
/** Path parameter of a release version: semver. */
export const VersionParam = Type.String({ pattern: VERSION_PATTERN, maxLength: 100 });
export const SolverParams = Type.Object({ solver_key: SolverKeyParam });
export const ReleaseParams = Type.Object({ solver_key: SolverKeyParam, version: VersionParam });

/** Absolute link to one release, as `Solver.url` carries it. */
export function solverUrl(request: FastifyRequest, key: string, version: string): string {
  return `${originOf(request)}/v0/solvers/${encodeURIComponent(key)}/releases/${version}`;
}

export function toSolver(request: FastifyRequest, release: SolverRelease): SolverBody {
  return {
    id: release.key,
    version: release.version,
    title: release.title,
    description: release.description,
    url: solverUrl(request, release.key, release.version),
    maintainer: release.maintainer,
    version_display: release.versionDisplay,
  };
}

/** The releases of a solver, or 404 when the catalog has none. */
export function releasesOrNotFound(catalog: Catalog, key: string): SolverRelease[] {
  const releases = catalog.releasesOf(key);
  if (releases.length === 0) throw apiErrors.notFound('Solver', key);
  return releases;
}

/**
 * A `solver_id` / `version_display` filter, as upstream's catalog applies it (`LIKE` with
 * `*` → `%`): the whole value matches the pattern; a lone `*` also takes a release with no
 * version display.
 */
function matchesFilter(text: string | null, filter: string | undefined): boolean {
  if (filter === undefined || filter === '') return true;
  if (text === null) return filter === '*';
  return globMatches(text, filter);
}

export function registerSolverRoutes(app: Router, context: HostContext): void {
  const { catalog, pricing } = context;
  const planCreatedAt = new Date().toISOString();
  // Clients poll the catalog lists; they only change with a restart.
  const answers = new AnswerCache();

  app.get('/v0/solvers', { schema: { response: { 200: Type.Array(Solver) } } }, async (request, reply) =>
    answers.send(request, reply, () => catalog.solvers().map((release) => toSolver(request, release))),
  );

  app.get(
    '/v0/solvers/page',
    {
      schema: {
        querystring: Type.Composite([
          PageQuery,
          Type.Object({
            solver_id: Type.Optional(Type.String({ maxLength: 512 })),
            version_display: Type.Optional(Type.String({ maxLength: 512 })),
          }),
        ]),
        response: { 200: PageOf(Solver) },
      },
    },
    async (request, reply) =>
      answers.send(request, reply, () => {
        const { limit, offset, solver_id, version_display } = request.query;
        if (solver_id) checkGlob(solver_id, ['query', 'solver_id']);
        if (version_display) checkGlob(version_display, ['query', 'version_display']);
        const solvers = catalog
          .solvers()
          .filter((release) => matchesFilter(release.key, solver_id))
          .filter((release) => matchesFilter(release.versionDisplay, version_display))
          .map((release) => toSolver(request, release));
        return pageOf(request, solvers, limit, offset);
      }),
  );

  app.get('/v0/solvers/releases', { schema: { response: { 200: Type.Array(Solver) } } }, async (request, reply) =>
    answers.send(request, reply, () => catalog.releases().map((release) => toSolver(request, release))),
  );

  app.get(
    '/v0/solvers/:solver_key/latest',
    { schema: { params: SolverParams, response: { 200: Solver } } },
    async (request) => toSolver(request, releasesOrNotFound(catalog, request.params.solver_key).at(-1)!),
  );

  app.get(
    '/v0/solvers/:solver_key/releases',
    { schema: { params: SolverParams, response: { 200: Type.Array(Solver) } } },
    async (request) =>
      releasesOrNotFound(catalog, request.params.solver_key).map((release) => toSolver(request, release)),
  );

  app.get(
    '/v0/solvers/:solver_key/releases/page',
    { schema: { params: SolverParams, querystring: PageQuery, response: { 200: PageOf(Solver) } } },
    async (request) => {
      const releases = releasesOrNotFound(catalog, request.params.solver_key).map((release) =>
        toSolver(request, release),
      );
      return pageOf(request, releases, request.query.limit, request.query.offset);
    },
  );

  app.get(
    '/v0/solvers/:solver_key/releases/:version',
    { schema: { params: ReleaseParams, response: { 200: Solver } } },
    async (request) => toSolver(request, releaseOrNotFound(catalog, request.params.solver_key, request.params.version)),
  );

  app.get(
    '/v0/solvers/:solver_key/releases/:version/ports',
    { schema: { params: ReleaseParams, response: { 200: OnePageOf(SolverPort) } } },
    async (request) => {
      const ports = catalog.ports(releaseOrNotFound(catalog, request.params.solver_key, request.params.version));
      return { items: ports, total: ports.length };
    },
  );

  app.get(
    '/v0/solvers/:solver_key/releases/:version/pricing_plan',
    { schema: { params: ReleaseParams, response: { 200: PricingPlan } } },
    async (request) => {
      const release = releaseOrNotFound(catalog, request.params.solver_key, request.params.version);
      const unit = pricing.unitOf(release.key, release.version);
      // One machine, one tier: the unit's cost is the release's price per job.
      return {
        pricingPlanId: 1,
        displayName: 'Local machine',
        description: `Jobs run as processes on this machine; each costs ${unit.currentCostPerUnit} credit(s) to start`,
        classification: 'TIER' as const,
        createdAt: planCreatedAt,
        pricingPlanKey: 'local',
        pricingUnits: [unit],
      };
    },
  );
}
