import { FormatRegistry, type Static, type TObject, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { apiErrors } from '../errors.ts';
import { SOLVER_KEY_PATTERN, VERSION_PATTERN } from '../services/solver-package.ts';
import type { FunctionJobCollectionRecord, FunctionJobRecord, FunctionRecord } from '../stores/functions.ts';
import type { TaskRecord } from '../stores/tasks.ts';

/*
 * Request and response bodies of the functions, function_jobs, function_job_collections and
 * tasks sections, as upstream's models_library/functions.py and api_schemas_long_running_tasks
 * define them.
 */

export const Uuid = Type.String({ format: 'uuid' });
// Bodies checked by class (checkBody) go through TypeBox's checker, which knows formats only once registered.
if (!FormatRegistry.Has('uuid')) {
  FormatRegistry.Set('uuid', (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value));
}
const Values = Type.Record(Type.String(), Type.Unknown());
const NullableValues = Type.Union([Values, Type.Null()]);
export const FunctionSchemaBody = Type.Object({
  schema_class: Type.Literal('application/schema+json', { default: 'application/schema+json' }),
  schema_content: Type.Record(Type.String(), Type.Unknown(), { default: {} }),
});

// Functions: what registering takes, by class, then what the host answers.
const functionCommon = {
  title: Type.String({ default: '', maxLength: 600 }),
  description: Type.String({ default: '', maxLength: 65536 }),
  input_schema: FunctionSchemaBody,
  output_schema: FunctionSchemaBody,
  default_inputs: NullableValues,
};
const solverFields = {
  solver_key: Type.String({ pattern: SOLVER_KEY_PATTERN, maxLength: 500 }),
  solver_version: Type.String({ pattern: VERSION_PATTERN, maxLength: 100 }),
};
const projectFields = { project_id: Uuid };
const pythonFields = { code_url: Type.String({ maxLength: 2048 }) };

export const FunctionRegistrationBodies = {
  SOLVER: Type.Object({ function_class: Type.Literal('SOLVER'), ...functionCommon, ...solverFields }),
  PROJECT: Type.Object({ function_class: Type.Literal('PROJECT'), ...functionCommon, ...projectFields }),
  PYTHON_CODE: Type.Object({ function_class: Type.Literal('PYTHON_CODE'), ...functionCommon, ...pythonFields }),
};
export type FunctionRegistrationBody = Static<
  (typeof FunctionRegistrationBodies)[keyof typeof FunctionRegistrationBodies]
>;

const registered = { uid: Uuid, created_at: Type.String(), modified_at: Type.String() };
export const FunctionBody = Type.Union([
  Type.Object({ function_class: Type.Literal('SOLVER'), ...functionCommon, ...registered, ...solverFields }),
  Type.Object({ function_class: Type.Literal('PROJECT'), ...functionCommon, ...registered, ...projectFields }),
  Type.Object({ function_class: Type.Literal('PYTHON_CODE'), ...functionCommon, ...registered, ...pythonFields }),
]);
export type FunctionBody = Static<typeof FunctionBody>;

// Function jobs.
const jobCommon = {
  title: Type.String({ default: '' }),
  description: Type.String({ default: '' }),
  function_uid: Uuid,
  inputs: NullableValues,
  outputs: NullableValues,
};
const NullableUuid = Type.Union([Uuid, Type.Null()]);
const TaskId = Type.Union([Type.String(), Type.Null()]);
const jobKinds = {
  SOLVER: { function_class: Type.Literal('SOLVER'), solver_job_id: NullableUuid, job_creation_task_id: TaskId },
  PROJECT: { function_class: Type.Literal('PROJECT'), project_job_id: NullableUuid, job_creation_task_id: TaskId },
  PYTHON_CODE: { function_class: Type.Literal('PYTHON_CODE') },
};
export const FunctionJobRegistrationBodies = {
  SOLVER: Type.Object({ ...jobCommon, ...jobKinds.SOLVER }),
  PROJECT: Type.Object({ ...jobCommon, ...jobKinds.PROJECT }),
  PYTHON_CODE: Type.Object({ ...jobCommon, ...jobKinds.PYTHON_CODE }),
};
const registeredJob = { uid: Uuid, created_at: Type.String() };
export const FunctionJobStatusBody = Type.Object({ status: Type.String() });
export const FunctionJobBody = Type.Union([
  Type.Object({ ...jobCommon, ...registeredJob, ...jobKinds.SOLVER }),
  Type.Object({ ...jobCommon, ...registeredJob, ...jobKinds.PROJECT }),
  Type.Object({ ...jobCommon, ...registeredJob, ...jobKinds.PYTHON_CODE }),
]);
export const FunctionJobWithStatusBody = Type.Union([
  Type.Object({ ...jobCommon, ...registeredJob, status: FunctionJobStatusBody, ...jobKinds.SOLVER }),
  Type.Object({ ...jobCommon, ...registeredJob, status: FunctionJobStatusBody, ...jobKinds.PROJECT }),
  Type.Object({ ...jobCommon, ...registeredJob, status: FunctionJobStatusBody, ...jobKinds.PYTHON_CODE }),
]);
export type FunctionJobBody = Static<typeof FunctionJobBody>;

// Collections.
export const FunctionJobCollectionRequest = Type.Object({
  title: Type.String({ default: '', maxLength: 600 }),
  description: Type.String({ default: '', maxLength: 65536 }),
  job_ids: Type.Array(Uuid, { default: [], maxItems: 10_000 }),
});
export const FunctionJobCollectionBody = Type.Object({
  title: Type.String(),
  description: Type.String(),
  job_ids: Type.Array(Uuid),
  uid: Uuid,
  created_at: Type.String(),
});
export type FunctionJobCollectionBody = Static<typeof FunctionJobCollectionBody>;
export const FunctionJobCollectionStatusBody = Type.Object({ status: Type.Array(Type.String()) });

// Tasks.
export const TaskGetBody = Type.Object({
  task_id: Type.String(),
  task_name: Type.String(),
  status_href: Type.String(),
  abort_href: Type.String(),
  result_href: Type.Union([Type.String(), Type.Null()]),
  stream_href: Type.Union([Type.String(), Type.Null()]),
});
export const TaskStatusBody = Type.Object({
  task_progress: Type.Object({
    task_id: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
    percent: Type.Number({ minimum: 0, maximum: 1 }),
  }),
  done: Type.Boolean(),
  started: Type.Union([Type.String(), Type.Null()]),
});
export const TaskResultBody = Type.Object({ result: Type.Unknown(), error: Type.Unknown() });

/** Bodies whose shape depends on a field (`function_class`), checked by the class they name. */
export function checkBody<T extends TObject>(schema: T, body: unknown): Static<T> {
  const withDefaults = Value.Default(schema, structuredClone(body)) as unknown;
  if (Value.Check(schema, withDefaults)) return withDefaults as Static<T>;
  const issues = [...Value.Errors(schema, withDefaults)].map((error) => {
    const path = error.path.split('/').filter(Boolean);
    return { loc: ['body', ...path], msg: `${path.join('.') || 'body'} ${error.message}`, type: 'value_error' };
  });
  throw apiErrors.validation(issues);
}

/** Picks the schema of the class a body names, or answers 422 saying which classes there are. */
export function bodyOfClass<K extends string, S extends TObject>(schemas: Record<K, S>, body: unknown): Static<S> {
  const named = (body as { function_class?: unknown } | null)?.function_class;
  const classes = Object.keys(schemas) as K[];
  if (typeof named !== 'string' || !classes.includes(named as K)) {
    throw apiErrors.invalid(
      ['body', 'function_class'],
      `function_class must be one of ${classes.join(', ')}`,
      'union_tag_invalid',
      named,
    );
  }
  return checkBody(schemas[named as K], body);
}

// Records → bodies.

export function toFunctionBody(fn: FunctionRecord): FunctionBody {
  const common = {
    title: fn.title,
    description: fn.description,
    input_schema: fn.inputSchema,
    output_schema: fn.outputSchema,
    default_inputs: fn.defaultInputs,
    uid: fn.uid,
    created_at: fn.createdAt,
    modified_at: fn.modifiedAt,
  };
  switch (fn.functionClass) {
    case 'SOLVER':
      return { function_class: 'SOLVER', ...common, solver_key: fn.solverKey!, solver_version: fn.solverVersion! };
    case 'PROJECT':
      return { function_class: 'PROJECT', ...common, project_id: fn.projectId! };
    default:
      return { function_class: 'PYTHON_CODE', ...common, code_url: fn.codeUrl ?? '' };
  }
}

export function toFunctionJobBody(job: FunctionJobRecord): FunctionJobBody {
  const common = {
    title: job.title,
    description: job.description,
    function_uid: job.functionUid,
    inputs: job.inputs,
    outputs: job.outputs,
    uid: job.uid,
    created_at: job.createdAt,
  };
  switch (job.functionClass) {
    case 'SOLVER':
      return {
        ...common,
        function_class: 'SOLVER',
        solver_job_id: job.wrappedJobId,
        job_creation_task_id: job.jobCreationTaskId,
      };
    case 'PROJECT':
      return {
        ...common,
        function_class: 'PROJECT',
        project_job_id: job.wrappedJobId,
        job_creation_task_id: job.jobCreationTaskId,
      };
    default:
      return { ...common, function_class: 'PYTHON_CODE' };
  }
}

export const toCollectionBody = (collection: FunctionJobCollectionRecord): FunctionJobCollectionBody => ({
  title: collection.title,
  description: collection.description,
  job_ids: collection.jobIds,
  uid: collection.uid,
  created_at: collection.createdAt,
});

export function toTaskGet(task: TaskRecord): Static<typeof TaskGetBody> {
  const base = `/v0/tasks/${task.id}`;
  return {
    task_id: task.id,
    task_name: task.name,
    status_href: base,
    abort_href: `${base}:cancel`,
    result_href: `${base}/result`,
    stream_href: null,
  };
}
