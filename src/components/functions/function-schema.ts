import type { FunctionSchema } from '../../api/functions.ts';
import type { ContentSchema, SolverPort } from '../../api/types.ts';
import { FILE_REFERENCE_SCHEMA } from '../port-form/port-schema.ts';

/**
 * An input schema from a release's (or study's) ports: one property per port, with the port's
 * schema. File ports take a File reference (an object), so their schema says so while keeping
 * the media type the form uses to offer a file.
 */
export function inputSchemaOfPorts(ports: SolverPort[]): FunctionSchema {
  const properties: Record<string, ContentSchema> = {};
  for (const port of ports) {
    if (port.kind !== 'input') continue;
    const schema = port.content_schema ?? {};
    properties[port.key] =
      typeof schema.content_media_type === 'string'
        ? ({
            ...FILE_REFERENCE_SCHEMA,
            title: schema.title,
            description: schema.description,
            content_media_type: schema.content_media_type,
          } as ContentSchema)
        : schema;
  }
  return { schema_class: 'application/schema+json', schema_content: { type: 'object', properties } };
}

/** An output schema from the ports: one property per output port. */
export function outputSchemaOfPorts(ports: SolverPort[]): FunctionSchema {
  const properties: Record<string, ContentSchema> = {};
  for (const port of ports) if (port.kind === 'output') properties[port.key] = port.content_schema ?? {};
  return { schema_class: 'application/schema+json', schema_content: { type: 'object', properties } };
}
