import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { RUNNING_STATES } from '../services/jobs.ts';

/*
 * The answer shapes the routes share, as upstream's models define them. Each route declares
 * what it answers with these (Fastify then serialises by them and refuses a body that does not
 * fit), and the route code types its answers with the Static types below.
 */

/** A value or null, as the spec's `anyOf: [..., {type: null}]`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const Uuid = Type.String({ format: 'uuid' });

/** `ErrorGet`: every error answer, whatever its status (errors.ts builds them all). */
export const ErrorGet = Type.Object({ errors: Type.Array(Type.Unknown()), support_id: Nullable(Type.String()) });
export type ErrorGet = Static<typeof ErrorGet>;

/** The error answers of every route: an ErrorGet for each 4xx and 5xx status (added to each route in app.ts). */
export const ERROR_RESPONSES = { '4xx': ErrorGet, '5xx': ErrorGet } as const;

/** An answer whose body is JSON `null` (upstream's empty successes). */
export const NullBody = Type.Null();

/** An answer with no body (204, 304, a redirect, a stored part): sent with `send()`. */
export const NoBody = Type.Unsafe<undefined>({ description: 'No body' });

const PageLinks = Type.Object({
  first: Nullable(Type.String()),
  last: Nullable(Type.String()),
  self: Nullable(Type.String()),
  next: Nullable(Type.String()),
  prev: Nullable(Type.String()),
});
const PageFields = {
  total: Type.Integer({ minimum: 0 }),
  limit: Type.Integer({ minimum: 1 }),
  offset: Type.Integer({ minimum: 0 }),
  links: PageLinks,
};

/** `Page[T]` of fastapi-pagination, as `pageOf` and `pageFrom` build it. */
export const PageOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), ...PageFields });
const PageOfAny = Type.Object(PageFields);
export type Page<T> = Static<typeof PageOfAny> & { items: T[] };

/** `OnePage[T]`: every item at once, with their number. */
export const OnePageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer() });

/** `RunningState` of a job: a string enum, as the spec writes it. */
export const RunningState = Type.Unsafe<(typeof RUNNING_STATES)[number]>({ type: 'string', enum: [...RUNNING_STATES] });

/** An entry of `JobStatus.errors` (pydantic's ErrorDict). */
const JobError = Type.Object(
  {
    loc: Type.Array(Type.Union([Type.String(), Type.Number()])),
    msg: Type.String(),
    type: Type.String(),
    ctx: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: true },
);

/** `Job`, of a solver or a study. */
export const Job = Type.Object({
  id: Uuid,
  name: Type.String(),
  inputs_checksum: Type.String(),
  created_at: Type.String(),
  runner_name: Type.String(),
  url: Type.String(),
  runner_url: Type.String(),
  outputs_url: Type.String(),
});
export type Job = Static<typeof Job>;

/** `JobStatus`, of a solver or a study job. */
export const JobStatus = Type.Object({
  job_id: Uuid,
  state: RunningState,
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  submitted_at: Type.String(),
  started_at: Nullable(Type.String()),
  stopped_at: Nullable(Type.String()),
  errors: Nullable(Type.Array(JobError)),
});
export type JobStatus = Static<typeof JobStatus>;

/** `JobMetadata`: a job's custom metadata. */
export const JobMetadata = Type.Object({
  job_id: Uuid,
  metadata: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  url: Type.String(),
});
export type JobMetadata = Static<typeof JobMetadata>;

/** `JobInputs`: the values a job runs with. */
export const JobInputs = Type.Object({ values: Type.Record(Type.String(), Type.Unknown()) });

/** `JobOutputs`: a job's results. */
export const JobOutputs = Type.Object({ job_id: Uuid, results: Type.Record(Type.String(), Type.Unknown()) });

/** `JobLog`: one line of the NDJSON log stream. */
export const JobLog = Type.Object({
  job_id: Uuid,
  node_id: Nullable(Type.String()),
  log_level: Type.Integer(),
  messages: Type.Array(Type.String()),
});
export type JobLog = Static<typeof JobLog>;

/** `Solver`: one release of a solver. */
export const Solver = Type.Object({
  id: Type.String(),
  version: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  url: Type.String(),
  maintainer: Type.String(),
  version_display: Nullable(Type.String()),
});
export type Solver = Static<typeof Solver>;

/** `SolverPort`: an input or output of a release, with its JSON schema. */
export const SolverPort = Type.Object({
  key: Type.String(),
  kind: Type.Union([Type.Literal('input'), Type.Literal('output')]),
  content_schema: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

/** `PricingUnitGetLegacy`. */
export const PricingUnit = Type.Object({
  pricingUnitId: Type.Integer(),
  unitName: Type.String(),
  unitExtraInfo: Type.Object({ CPU: Type.Integer(), RAM: Type.Integer(), VRAM: Type.Integer() }),
  currentCostPerUnit: Type.Number(),
  default: Type.Boolean(),
});

/** `ServicePricingPlanGetLegacy`. */
export const PricingPlan = Type.Object({
  pricingPlanId: Type.Integer(),
  displayName: Type.String(),
  description: Type.String(),
  classification: Type.Literal('TIER'),
  createdAt: Type.String(),
  pricingPlanKey: Type.String(),
  pricingUnits: Type.Array(PricingUnit),
});

/** `WalletGetWithAvailableCreditsLegacy`. */
export const Wallet = Type.Object({
  walletId: Type.Integer(),
  name: Type.String(),
  description: Nullable(Type.String()),
  owner: Type.Integer(),
  thumbnail: Nullable(Type.String()),
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('INACTIVE')]),
  created: Type.String(),
  modified: Type.String(),
  availableCredits: Type.Number(),
});
export type Wallet = Static<typeof Wallet>;

/** `GetCreditPriceLegacy`. */
export const CreditPrice = Type.Object({
  productName: Type.String(),
  usdPerCredit: Nullable(Type.Number()),
  minPaymentAmountUsd: Nullable(Type.Number()),
});

const Group = Type.Object({ gid: Type.String(), label: Type.String(), description: Nullable(Type.String()) });

/** `Profile`: the user the credentials belong to. */
export const Profile = Type.Object({
  id: Type.Integer(),
  login: Type.String(),
  role: Type.Literal('USER'),
  first_name: Nullable(Type.String()),
  last_name: Nullable(Type.String()),
  language: Nullable(Type.Union([Type.Literal('en'), Type.Literal('es_ES'), Type.Literal('zh_CN')])),
  gravatar_id: Nullable(Type.String()),
  groups: Type.Object({ me: Group, organizations: Type.Array(Group), all: Group }),
});
export type Profile = Static<typeof Profile>;

/** `Meta`: what this host is. */
export const Meta = Type.Object({
  name: Type.String(),
  version: Type.String(),
  released: Type.Record(Type.String(), Type.String()),
  docs_url: Type.String(),
  docs_dev_url: Type.String(),
});

/**
 * An answer that is not serialised from an object (a stream, bytes, JSON written as text): the
 * schema says what the body holds, under the content type it is sent as.
 */
export const SentAs = (contentType: string, schema: TSchema) => ({
  // Typed as what the route sends (text, a stream), not as the object the body holds.
  content: { [contentType]: { schema: Type.Unsafe<unknown>(schema) } },
});

/** Bytes of a file, as the spec describes a download. */
export const Bytes = Type.String({ format: 'binary' });
