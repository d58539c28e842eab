import { mediaTypeOf } from '../runner/work-folder.ts';
import type { PortMetadata, SolverPort } from './release.ts';

const LEGACY_TYPES = new Set(['integer', 'number', 'boolean', 'string']);

/**
 * The JSON schema of a port's value, derived as oSPARC's catalog does: the port's own
 * contentSchema when it has one, else the legacy type with label, description, default and
 * unit. File ports are strings upstream; we also say which media type they take.
 */
export function contentSchemaOf(port: PortMetadata): Record<string, unknown> {
  const schema = valueSchemaOf(port);
  // The upstream schema has no way to say "may be left unset"; a type that admits null does,
  // and forms read it as optional. Null for an optional port means unset (see inputs.ts).
  if (port.optional && mediaTypeOf(port) === undefined && typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
  }
  return schema;
}

function valueSchemaOf(port: PortMetadata): Record<string, unknown> {
  const mediaType = mediaTypeOf(port);
  if (mediaType !== undefined) {
    return { type: 'string', title: port.label, description: port.description, content_media_type: mediaType };
  }
  if (port.contentSchema) {
    const schema: Record<string, unknown> = { ...port.contentSchema };
    schema.title ??= port.label;
    schema.description ??= port.description;
    // A default in the metadata pre-fills forms the same way as one inside the schema.
    if (port.defaultValue !== undefined) schema.default ??= port.defaultValue;
    return schema;
  }
  if (LEGACY_TYPES.has(port.type)) {
    const schema: Record<string, unknown> = { type: port.type, title: port.label, description: port.description };
    if (port.defaultValue !== undefined) schema.default = port.defaultValue;
    const unit = port.unit ?? port.unitLong;
    if (unit) schema.x_unit = unit;
    return schema;
  }
  // Unreachable for checked metadata; an empty schema accepts anything rather than nothing.
  return { title: port.label, description: port.description };
}

/** Ports of one kind in display order (then in the order the metadata lists them). */
export function orderedPorts(ports: Record<string, PortMetadata>): [string, PortMetadata][] {
  return Object.entries(ports)
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      const byOrder =
        (a.entry[1].displayOrder ?? Number.MAX_SAFE_INTEGER) - (b.entry[1].displayOrder ?? Number.MAX_SAFE_INTEGER);
      return byOrder || a.index - b.index;
    })
    .map(({ entry }) => entry);
}

/** The API's `SolverPort` list of a release: inputs, then outputs. */
export function solverPortsOf(
  inputs: Record<string, PortMetadata>,
  outputs: Record<string, PortMetadata>,
): SolverPort[] {
  return [
    ...orderedPorts(inputs).map(([key, port]) => ({
      key,
      kind: 'input' as const,
      content_schema: contentSchemaOf(port),
    })),
    ...orderedPorts(outputs).map(([key, port]) => ({
      key,
      kind: 'output' as const,
      content_schema: contentSchemaOf(port),
    })),
  ];
}
