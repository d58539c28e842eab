import crypto from 'node:crypto';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Db } from '../db.ts';
import { ApiError, apiErrors, type ValidationIssue } from '../errors.ts';
import { type FunctionClass, type FunctionRecord, type FunctionSchema, FunctionStore } from '../stores/functions.ts';
import type { Catalog } from './catalog.ts';
import type { StudyService } from './studies.ts';

/** What registering a function takes (upstream's Function models, by class). */
export interface FunctionRegistration {
  functionClass: FunctionClass;
  title: string;
  description: string;
  inputSchema: FunctionSchema;
  outputSchema: FunctionSchema;
  defaultInputs: Record<string, unknown> | null;
  solverKey?: string;
  solverVersion?: string;
  projectId?: string;
  codeUrl?: string;
}

/** One input that failed the function's input schema, located like a 422 entry. */
export interface InputProblem {
  path: (string | number)[];
  message: string;
}

function describe(error: ErrorObject): InputProblem {
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  if (missing) path.push(missing);
  const where = path.length ? path.join('.') : 'the inputs';
  return { path, message: `${where} ${error.message ?? 'is invalid'}` };
}

/**
 * Registered functions (upstream: api/routes/functions_routes.py, backed by the webserver's
 * functions repository). Input schemas are JSON schemas, checked as upstream's
 * `jsonschema.validate` checks them: no coercion ("1" is not a number).
 */
export class FunctionService {
  readonly store: FunctionStore;
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    db: Db,
    private readonly catalog: Catalog,
    private readonly studies: StudyService,
  ) {
    this.store = new FunctionStore(db);
    addFormats(this.ajv);
  }

  private compile(schema: Record<string, unknown>, where: string): ValidateFunction {
    try {
      return this.ajv.compile(schema);
    } catch (error) {
      throw apiErrors.invalid(
        ['body', where, 'schema_content'],
        `${where} is not a valid JSON schema: ${(error as Error).message}`,
      );
    }
  }

  register(registration: FunctionRegistration): FunctionRecord {
    this.compile(registration.inputSchema.schema_content, 'input_schema');
    this.compile(registration.outputSchema.schema_content, 'output_schema');
    // A function that names a release or study this host lacks could never run: say so now.
    if (registration.functionClass === 'SOLVER') {
      const { solverKey = '', solverVersion = '' } = registration;
      if (!this.catalog.release(solverKey, solverVersion)) {
        throw apiErrors.invalid(
          ['body', 'solver_key'],
          `No solver release ${solverKey} ${solverVersion} on this host: register a function of a release that GET /v0/solvers lists`,
        );
      }
    }
    if (registration.functionClass === 'PROJECT') {
      try {
        this.studies.get(registration.projectId ?? '');
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          throw apiErrors.invalid(['body', 'project_id'], `No study ${registration.projectId} on this host`);
        }
        throw error;
      }
    }
    const now = new Date().toISOString();
    const fn: FunctionRecord = {
      uid: crypto.randomUUID(),
      functionClass: registration.functionClass,
      title: registration.title,
      description: registration.description,
      inputSchema: registration.inputSchema,
      outputSchema: registration.outputSchema,
      defaultInputs: registration.defaultInputs,
      createdAt: now,
      modifiedAt: now,
      solverKey: registration.solverKey ?? null,
      solverVersion: registration.solverVersion ?? null,
      projectId: registration.projectId?.toLowerCase() ?? null,
      codeUrl: registration.codeUrl ?? null,
    };
    this.store.insertFunction(fn);
    return fn;
  }

  get(uid: string): FunctionRecord {
    const fn = this.store.getFunction(uid.toLowerCase());
    if (!fn) throw apiErrors.notFound('Function', uid);
    return fn;
  }

  list(limit: number, offset: number): { functions: FunctionRecord[]; total: number } {
    return this.store.listFunctions(limit, offset);
  }

  update(uid: string, change: Partial<Pick<FunctionRecord, 'title' | 'description'>>): FunctionRecord {
    const updated = { ...this.get(uid), ...change, modifiedAt: new Date().toISOString() };
    this.store.updateFunction(updated);
    return updated;
  }

  /** Upstream refuses (409) to delete a function that still has jobs. */
  delete(uid: string): void {
    const fn = this.get(uid);
    const jobs = this.store.countJobsOfFunction(fn.uid);
    if (jobs > 0) {
      throw apiErrors.conflict(
        `Cannot delete function ${fn.uid} because it has ${jobs} associated job(s). Delete its function jobs first.`,
      );
    }
    this.store.deleteFunction(fn.uid);
  }

  /** The problems of `inputs` against the function's input schema; empty when they are valid. */
  inputProblems(fn: FunctionRecord, inputs: Record<string, unknown>): InputProblem[] {
    let validate = this.validators.get(fn.uid);
    if (!validate) {
      validate = this.compile(fn.inputSchema.schema_content, 'input_schema');
      this.validators.set(fn.uid, validate);
    }
    return validate(inputs) ? [] : (validate.errors ?? []).map(describe);
  }

  /** `:validate_inputs`: [valid, why], as upstream answers it. */
  validateInputs(fn: FunctionRecord, inputs: Record<string, unknown>): [boolean, string] {
    if (!Object.keys(fn.inputSchema.schema_content).length) return [true, 'No input schema defined for this function'];
    const problems = this.inputProblems(fn, inputs);
    return problems.length ? [false, problems.map((p) => p.message).join('; ')] : [true, 'Inputs are valid'];
  }

  /** A 422 for inputs that fail the schema; `at` locates them in the request (["body"] or ["body", 3]). */
  invalidInputs(problems: InputProblem[], at: (string | number)[]): ApiError {
    const issues: ValidationIssue[] = problems.map((problem) => ({
      loc: [...at, ...problem.path],
      msg: `Function inputs validation failed: ${problem.message}`,
      type: 'value_error',
    }));
    return apiErrors.validation(issues);
  }
}
