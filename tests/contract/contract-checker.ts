import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks the host's answers against the upstream API specification (read from ../shared at
 * test time, never copied into the project).
 */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const specPath = path.resolve(projectRoot, '../shared/osparc-openapi.json');
export const specPresent = fs.existsSync(specPath);
if (!specPresent) console.log(`Contract test skipped: the upstream specification is not at ${specPath}`);

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
export interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

const SPEC_ID = 'https://spec.invalid/osparc-openapi.json';

/** One answer of the host, as the walk saw it. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string;
  text: string;
}

/** A path of a host route with each parameter filled (`:job_id([^:/]+)::start` → `x:start`), to match a spec template. */
export function concreteSpecPath(url: string): string {
  // `::` is a literal colon in a Fastify path; every other `:name` is a parameter.
  return url
    .replace(/\([^)]*\)/g, '')
    .split('::')
    .map((part) => part.replace(/:\w+/g, 'x'))
    .join(':');
}

export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly templates: { template: string; pattern: RegExp; params: number; literal: number }[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: Spec) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: SPEC_ID, components: spec.components });
    this.templates = Object.keys(spec.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(
          `^${template
            .split(/(\{[^}]+\})/)
            .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
            .join('')}$`,
        ),
        params: (template.match(/\{/g) ?? []).length,
        literal: template.replace(/\{[^}]+\}/g, '').length,
      }))
      // The most literal template wins: /jobs/page before /jobs/{job_id}, {job_id}:start before {job_id}.
      .sort((a, b) => a.params - b.params || b.literal - a.literal);
  }

  templateOf(pathname: string, method: string): string | undefined {
    return this.templates.find((t) => t.pattern.test(pathname) && this.spec.paths[t.template]?.[method.toLowerCase()])
      ?.template;
  }

  /** The validator of one path, method and status, from the spec's components. */
  validatorFor(template: string, method: string, status: number, mediaType: string): ValidateFunction | string {
    const operation = this.spec.paths[template]?.[method.toLowerCase()];
    if (!operation) return `${method} ${template} is not in the specification`;
    const response = operation.responses[String(status)];
    if (!response) return `${method} ${template} has no response ${status} in the specification`;
    const schema = response.content?.[mediaType]?.schema;
    if (!schema) return `${method} ${template} ${status} has no ${mediaType} body in the specification`;
    const key = `${method} ${template} ${status} ${mediaType}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const pointed = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${SPEC_ID}#/components/`));
      validate = this.ajv.compile(pointed);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  component(name: string): ValidateFunction {
    const validate = this.ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
    if (!validate) throw new Error(`No schema ${name} in the specification`);
    return validate;
  }

  /**
   * Problems of one exchange; empty when it conforms: its status is one the specification lists
   * for that operation (errors included), and a JSON body matches that status's schema.
   */
  check(exchange: Exchange): string[] {
    const where = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const template = this.templateOf(exchange.path, exchange.method);
    if (!template) return [`${where}: no path of the specification matches`];
    const operation = this.spec.paths[template]?.[exchange.method.toLowerCase()];
    if (!operation?.responses[String(exchange.status)]) {
      return [`${where}: the specification lists no ${exchange.status} for ${exchange.method} ${template}`];
    }
    if (!exchange.contentType.startsWith('application/json')) return [];
    let validate = this.validatorFor(template, exchange.method, exchange.status, 'application/json');
    // An error the spec lists without a body (the logfile's 404) still comes as ErrorGet upstream
    // (exceptions/handlers/_http_exceptions.py): check it as one.
    if (
      typeof validate === 'string' &&
      exchange.status >= 400 &&
      !operation.responses[String(exchange.status)]?.content
    ) {
      validate = this.component('ErrorGet');
    }
    if (typeof validate === 'string') return [`${where}: ${validate}`];
    const body: unknown = JSON.parse(exchange.text);
    if (validate(body)) return [];
    return [`${where}: ${this.ajv.errorsText(validate.errors)}\n  body: ${exchange.text.slice(0, 500)}`];
  }
}

/** The checker over the specification file. */
export function loadContractChecker(): ContractChecker {
  return new ContractChecker(JSON.parse(fs.readFileSync(specPath, 'utf8')) as Spec);
}
