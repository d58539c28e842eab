import type { ArgumentValue, ContentSchema, SolverPort } from '../../api/types.ts';
import { isOsparcFile } from '../../api/types.ts';
import { fileReference, type PortFormData, portInputKind } from '../../components/port-form/port-schema.ts';

function typesOf(schema: ContentSchema | null | undefined): string[] {
  const type = schema?.type;
  return Array.isArray(type) ? type : type ? [type] : [];
}

/**
 * A value as the form's field for that port expects it. Hosts coerce leniently (the tutorial
 * sends `"input_3": "false"`), so a job may hold `"false"` for a boolean or `"3"` for a number;
 * the form's schema would reject those, so they are read as what they mean.
 */
function valueForPort(value: ArgumentValue, schema: ContentSchema | null | undefined): unknown {
  if (isOsparcFile(value)) return fileReference(value);
  if (typeof value !== 'string') return value;
  const types = typesOf(schema);
  const text = value.trim();
  if (types.includes('boolean') && !types.includes('string') && /^(true|false)$/i.test(text)) {
    return text.toLowerCase() === 'true';
  }
  if ((types.includes('number') || types.includes('integer')) && !types.includes('string') && text !== '') {
    const number = Number(text);
    if (Number.isFinite(number)) return number;
  }
  return value;
}

interface JobPrefill {
  formData: PortFormData;
  /** Input keys the job had that this release's form has no port for. */
  dropped: string[];
}

/** The run form's data from a job's inputs: every input port the job had a value for. */
export function formDataFromJobInputs(values: Record<string, ArgumentValue>, ports: readonly SolverPort[]): JobPrefill {
  const inputs = new Map(ports.filter((port) => port.kind === 'input').map((port) => [port.key, port]));
  const formData: PortFormData = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const port = inputs.get(key);
    if (!port) {
      dropped.push(key);
      continue;
    }
    const kind = portInputKind(port.content_schema);
    if (value === null && kind !== 'value') continue;
    // A port of any shape is edited as JSON text.
    formData[key] = kind === 'json' ? JSON.stringify(value) : valueForPort(value, port.content_schema);
  }
  return { formData, dropped };
}
