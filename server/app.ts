import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { checkBasicAuth } from './auth.ts';
import type { HostConfig } from './config.ts';
import type { HostContext } from './context.ts';
import { resolveCredentials } from './credentials.ts';
import { openDatabase } from './db.ts';
import { apiErrors, registerErrorHandler } from './errors.ts';
import { isPublicRoute, registerDocs } from './routes/docs.ts';
import { registerFileRoutes } from './routes/files.ts';
import { registerFunctionJobCollectionRoutes } from './routes/function-job-collections.ts';
import { registerFunctionJobRoutes } from './routes/function-jobs.ts';
import { registerFunctionRoutes } from './routes/functions.ts';
import { registerJobAssetsRoutes } from './routes/job-assets.ts';
import { registerJobPricingRoutes } from './routes/job-pricing.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { registerLicensedItemRoutes } from './routes/licensed-items.ts';
import { registerMetaRoutes } from './routes/meta.ts';
import { registerProgramRoutes } from './routes/programs.ts';
import { ERROR_RESPONSES } from './routes/response-schemas.ts';
import { registerResponseRoutes } from './routes/responses.ts';
import { registerSolverRoutes } from './routes/solvers.ts';
import { registerStorageRoutes } from './routes/storage.ts';
import { registerStudyRoutes } from './routes/studies.ts';
import { registerTaskRoutes } from './routes/tasks.ts';
import { registerUserRoutes } from './routes/users.ts';
import { registerWalletRoutes } from './routes/wallets.ts';
import { loadCatalog } from './services/catalog.ts';
import { FileService } from './services/files.ts';
import { FunctionJobCollectionService } from './services/function-job-collections.ts';
import { FunctionJobService } from './services/function-jobs.ts';
import { FunctionService } from './services/functions.ts';
import { JobAssetsService } from './services/job-assets.ts';
import { JobLogService } from './services/job-logs.ts';
import { JobRunService } from './services/job-runs.ts';
import { JobService } from './services/jobs.ts';
import { LicensedItemService, readLicensedItems } from './services/licensed-items.ts';
import { LogLinks } from './services/log-links.ts';
import { PricingService } from './services/pricing.ts';
import { jobCatalog, loadPrograms, ProgramService } from './services/programs.ts';
import { StudyService } from './services/studies.ts';
import { loadStudyFiles } from './services/study-files.ts';
import { StudyJobService } from './services/study-jobs.ts';
import { TaskService } from './services/tasks.ts';
import { UploadService } from './services/uploads.ts';
import { UserService } from './services/users.ts';
import { WalletService } from './services/wallet.ts';

/** One registered route, as Fastify holds it (`url` with its `:params`), and the statuses it declares answers for. */
export interface HostRoute {
  method: string;
  url: string;
  responses: string[];
}

export type HostApp = FastifyInstance & { hostContext: HostContext; hostRoutes: readonly HostRoute[] };

/** Paths that do not take Basic auth: the presigned chunk links carry their own signed token. */
export const STORAGE_PREFIX = '/storage/';

/** Deeper JSON than any oSPARC body needs. */
const MAX_JSON_NESTING = 64;

/** How deep arrays and objects nest in a parsed JSON value (walked without recursion). */
function nestingOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_NESTING) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** What JSON.parse says is wrong with a text ("Unexpected end of JSON input"), or undefined when it parses. */
function jsonSyntaxProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function schemaValidator(coerceTypes: 'array' | false): Ajv {
  // verbose: each error carries the value that failed, which picks upstream's words for it (validation-issues.ts).
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
    verbose: true,
  });
  addFormats(ajv);
  return ajv;
}

/** Builds the embedded oSPARC API host: services over one SQLite database, routes over them. */
export async function buildHost(
  config: HostConfig,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<HostApp> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    // Closing the host must not wait out keep-alive connections (a finished download keeps one).
    forceCloseConnections: true,
    // Solver keys are URL-encoded in paths (simcore%2Fservices%2F...); long keys must fit.
    routerOptions: { maxParamLength: 500 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Path and query parameters arrive as text, so they are coerced ("3" → 3, one value → an array);
  // JSON bodies carry their own types and are taken as sent (["Ada"] is not the name "Ada").
  const parameterAjv = schemaValidator('array');
  const bodyAjv = schemaValidator(false);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : parameterAjv).compile(schema));

  // Clients generated from the spec send `Content-Type: application/json` with no body on POSTs
  // that take an optional one (`:start`, `:stop`, `:inspect`): an empty JSON body means "no body".
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, (error, parsed) => {
      // JSON.parse says where the text stops being JSON; Fastify's error does not.
      if (error) done(apiErrors.invalidJson(jsonSyntaxProblem(text) ?? error.message));
      // Validation and copying recurse into values: nesting without end would overflow the stack.
      else if (nestingOf(parsed) > MAX_JSON_NESTING) {
        done(
          apiErrors.badRequest(`The request body nests arrays and objects more than ${MAX_JSON_NESTING} levels deep`),
        );
      } else done(null, parsed);
    });
  });

  const credentials = resolveCredentials(config.dataDir, config.apiKey, config.apiSecret);
  const db = openDatabase(config.dataDir);
  const catalog = await loadCatalog(config.solverDirs, app.log);
  const programCatalog = await loadPrograms(config.programDirs, app.log);
  // Jobs run solvers and programs alike; the catalog routes keep them apart.
  const runnables = jobCatalog(catalog, programCatalog);
  const files = new FileService(db, config);
  const uploads = new UploadService(db, config, files);
  const pricing = new PricingService(runnables, config, app.log);
  const wallet = new WalletService(db, config, pricing);
  const users = new UserService(db);
  const jobs = new JobService({ db, config, catalog: runnables, files, wallet });
  const jobLogs = new JobLogService(config);
  const jobRuns = new JobRunService({ config, catalog: runnables, jobs, logs: jobLogs, files, wallet, log: app.log });
  await jobRuns.recover();
  const studies = new StudyService(db, loadStudyFiles(config.studyDirs, catalog, app.log).studies, catalog);
  const studyJobs = new StudyJobService({ db, config, studies, jobs, jobRuns, jobLogs, files, wallet, log: app.log });
  studyJobs.recover();
  const programs = new ProgramService(programCatalog, jobs, files, config.dataDir);
  const licensedItems = new LicensedItemService(db, readLicensedItems(config.licensedItemFiles, app.log), wallet);
  const jobAssets = new JobAssetsService(db, config.dataDir, jobs, files);
  const tasks = new TaskService(db);
  const functions = new FunctionService(db, catalog, studies);
  const functionJobs = new FunctionJobService({ functions, jobs, jobRuns, studyJobs, tasks });
  const functionJobCollections = new FunctionJobCollectionService(functions, functionJobs);

  const logLinks = new LogLinks(config.dataDir, config.uploadLinkTtlSeconds, config.now);
  const context: HostContext = {
    config,
    credentials,
    db,
    log: app.log,
    catalog,
    files,
    uploads,
    jobs,
    jobRuns,
    jobLogs,
    logLinks,
    studies,
    studyJobs,
    tasks,
    functions,
    functionJobs,
    functionJobCollections,
    users,
    wallet,
    programs,
    pricing,
    licensedItems,
    jobAssets,
  };

  // Every route, so tests can check each one (credentials, ...) and a new route cannot slip past them.
  const hostRoutes: HostRoute[] = [];
  app.addHook('onRoute', (route) => {
    // Every error a route answers is an ErrorGet (errors.ts builds them all), declared once here.
    const response = { ...ERROR_RESPONSES, ...(route.schema?.response as Record<string, unknown> | undefined) };
    route.schema = { ...route.schema, response };
    for (const method of [route.method].flat()) {
      hostRoutes.push({ method, url: route.url, responses: Object.keys(response) });
    }
  });

  registerErrorHandler(app);
  await app.register(multipart, {
    limits: { files: 1, fileSize: Number.MAX_SAFE_INTEGER, fields: 10 },
  });
  app.addHook('onRequest', async (request) => {
    // Decided by the route that matched, not by the raw URL: meta, the docs and the signed storage links go without.
    if (isPublicRoute(request.routeOptions.url, STORAGE_PREFIX)) return;
    checkBasicAuth(request, credentials);
  });

  // Routes with a JSON body take JSON only: a form or text would otherwise be parsed and refused as "not an object".
  app.addHook('preValidation', async (request) => {
    const type = request.headers['content-type'];
    if (!request.routeOptions.schema?.body || type === undefined) return;
    if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
      throw apiErrors.unsupportedMediaType(
        `${request.method} ${request.routeOptions.url} takes a JSON body (Content-Type: application/json), not ${type.split(';')[0]}`,
      );
    }
  });

  await registerDocs(app, STORAGE_PREFIX);
  registerMetaRoutes(app, context);
  registerUserRoutes(app, context);
  registerFileRoutes(app, context);
  registerStorageRoutes(app, context);
  registerSolverRoutes(app, context);
  registerJobRoutes(app, context);
  registerWalletRoutes(app, context);
  registerStudyRoutes(app, context);
  registerProgramRoutes(app, context);
  registerLicensedItemRoutes(app, context);
  registerJobPricingRoutes(app, context);
  registerJobAssetsRoutes(app, context);
  registerResponseRoutes(app);
  registerFunctionRoutes(app, context);
  registerFunctionJobRoutes(app, context);
  registerFunctionJobCollectionRoutes(app, context);
  registerTaskRoutes(app, context);

  app.addHook('onClose', async () => {
    // Study jobs stop orchestrating first; their node runs end with the solver jobs.
    const studyJobsClosed = studyJobs.shutdown();
    await jobRuns.shutdown();
    await studyJobsClosed;
    db.close();
  });

  return Object.assign(app, { hostContext: context, hostRoutes }) as unknown as HostApp;
}
