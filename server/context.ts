import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { HostConfig } from './config.ts';
import type { Credentials } from './credentials.ts';
import type { Db } from './db.ts';
import type { Catalog } from './services/catalog.ts';
import type { FileService } from './services/files.ts';
import type { FunctionJobCollectionService } from './services/function-job-collections.ts';
import type { FunctionJobService } from './services/function-jobs.ts';
import type { FunctionService } from './services/functions.ts';
import type { JobAssetsService } from './services/job-assets.ts';
import type { JobLogService } from './services/job-logs.ts';
import type { JobRunService } from './services/job-runs.ts';
import type { JobService } from './services/jobs.ts';
import type { LicensedItemService } from './services/licensed-items.ts';
import type { LogLinks } from './services/log-links.ts';
import type { PricingService } from './services/pricing.ts';
import type { ProgramService } from './services/programs.ts';
import type { StudyService } from './services/studies.ts';
import type { StudyJobService } from './services/study-jobs.ts';
import type { TaskService } from './services/tasks.ts';
import type { UploadService } from './services/uploads.ts';
import type { UserService } from './services/users.ts';
import type { WalletService } from './services/wallet.ts';

/** What every route module is given: the settings and the services, built once in app.ts. */
export interface HostContext {
  config: HostConfig;
  credentials: Credentials;
  db: Db;
  log: FastifyBaseLogger;
  catalog: Catalog;
  files: FileService;
  uploads: UploadService;
  jobs: JobService;
  jobRuns: JobRunService;
  jobLogs: JobLogService;
  studies: StudyService;
  studyJobs: StudyJobService;
  logLinks: LogLinks;
  tasks: TaskService;
  functions: FunctionService;
  functionJobs: FunctionJobService;
  functionJobCollections: FunctionJobCollectionService;
  users: UserService;
  wallet: WalletService;
  programs: ProgramService;
  pricing: PricingService;
  licensedItems: LicensedItemService;
  jobAssets: JobAssetsService;
}

/** The origin clients reached us at, for the absolute `url` fields of API resources. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** The Fastify instance routes are registered on, with TypeBox schemas typing each request. */
export type Router = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
