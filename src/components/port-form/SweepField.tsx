import type { FieldProps } from '@rjsf/utils';
import { descriptionId, helpId } from '@rjsf/utils';
import { useContext, useId } from 'react';
import { unitSymbol } from '../../lib/units.ts';
import { initialSweepSpec, type SweepExpansion, type SweepKind, type SweepSpec } from '../../sweep/expand.ts';
import { SweepFieldContext, withSpec } from './sweep-context.ts';

const KIND_LABELS: Record<SweepKind, string> = {
  list: 'List of values',
  range: 'Range with a step',
  linspace: 'Evenly spaced values',
};

/** Switching kinds keeps the bounds typed so far. */
function convert(spec: SweepSpec, kind: SweepKind): SweepSpec {
  if (spec.kind === kind) return spec;
  const start = spec.kind === 'list' ? (spec.values.split(/[\s,;]+/).find(Boolean) ?? '') : spec.start;
  const stop = spec.kind === 'list' ? '' : spec.stop;
  if (kind === 'list') return { kind, values: spec.kind === 'list' ? spec.values : start };
  if (kind === 'range') return { kind, start, stop, step: '1' };
  return { kind, start, stop, count: '5' };
}

function previewOf(values: number[]): string {
  const shown = values.slice(0, 12).join(', ');
  return values.length > 12 ? `${shown}, … (${values.length - 12} more)` : shown;
}

interface SweepControlsProps {
  id: string;
  title: string;
  unit?: string;
  spec: SweepSpec;
  expansion: SweepExpansion | undefined;
  disabled?: boolean;
  onChange(spec: SweepSpec): void;
  /** Goes back to one value. */
  onStop(): void;
}

/** The sweep of one numeric input: its kind, the numbers that define it, and what it expands to. */
function SweepControls({ id, title, unit, spec, expansion, disabled, onChange, onStop }: SweepControlsProps) {
  const messagesId = useId();
  const errors = expansion?.errors ?? [];
  const invalid = errors.length > 0 || undefined;
  const text = (label: string, value: string, set: (value: string) => void, placeholder?: string) => (
    <label>
      {label}
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={invalid}
        aria-describedby={messagesId}
        onChange={(event) => set(event.target.value)}
      />
    </label>
  );
  return (
    <fieldset className="sweep-controls">
      <legend>
        Sweep of {title}
        {unit ? ` (${unit})` : ''}
      </legend>
      <label>
        Kind of sweep
        <select
          id={id}
          value={spec.kind}
          disabled={disabled}
          onChange={(event) => onChange(convert(spec, event.target.value as SweepKind))}
        >
          {(Object.keys(KIND_LABELS) as SweepKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <div className="sweep-numbers">
        {spec.kind === 'list' && text('Values', spec.values, (values) => onChange({ ...spec, values }), 'e.g. 0, 1, 2')}
        {spec.kind !== 'list' && text('Start', spec.start, (start) => onChange({ ...spec, start }))}
        {spec.kind !== 'list' && text('Stop', spec.stop, (stop) => onChange({ ...spec, stop }))}
        {spec.kind === 'range' && text('Step', spec.step, (step) => onChange({ ...spec, step }))}
        {spec.kind === 'linspace' && text('Number of values', spec.count, (count) => onChange({ ...spec, count }))}
      </div>
      <div id={messagesId} aria-live="polite" className="sweep-messages">
        {errors.length > 0 ? (
          <ul className="field-error">
            {errors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : expansion && expansion.values.length > 0 ? (
          <small>
            {expansion.values.length === 1 ? '1 value' : `${expansion.values.length} values`}:{' '}
            {previewOf(expansion.values)}
          </small>
        ) : null}
        {expansion?.notes.map((note) => (
          <small key={note} className="sweep-note">
            {note}
          </small>
        ))}
      </div>
      <button type="button" className="secondary outline small-button" disabled={disabled} onClick={onStop}>
        {'Use a single value '}
        <span className="visually-hidden">for {title}</span>
      </button>
    </fieldset>
  );
}

/**
 * `ui:field` of integer and number ports when the form offers sweeps: RJSF's own number field,
 * plus a "Sweep" toggle that replaces the single value with a list, a range or evenly spaced
 * values. The sweep is kept beside the form data (the value stays as it was for when the
 * sweep is switched off).
 */
export function OsparcNumberOrSweepField(props: FieldProps) {
  const context = useContext(SweepFieldContext);
  const NumberField = props.registry.fields.NumberField;
  const { schema, fieldPathId, disabled, readonly, name } = props;
  const title = String(schema.title ?? name);
  const unit = typeof schema.x_unit === 'string' && schema.x_unit ? unitSymbol(schema.x_unit) || undefined : undefined;
  const spec = context?.specs[name];
  const single = NumberField ? <NumberField {...props} /> : null;
  if (!context) return single;
  // RJSF leaves labels of custom fields to the field: the port's title labels the number (or
  // the sweep's first control), its description follows.
  return (
    <>
      <label htmlFor={fieldPathId.$id}>
        {title}
        {props.required && !spec && (
          <span className="required" title="required">
            {' '}
            *
          </span>
        )}
      </label>
      {schema.description && (
        <small id={descriptionId(fieldPathId)} className="port-description">
          {String(schema.description)}
        </small>
      )}
      <div className="sweep-switch">
        {spec ? (
          <SweepControls
            id={fieldPathId.$id}
            title={title}
            unit={unit}
            spec={spec}
            expansion={context.plan.expansions[name]}
            disabled={disabled || readonly}
            onChange={(next) => context.onChange(withSpec(context.specs, name, next))}
            onStop={() => context.onChange(withSpec(context.specs, name, undefined))}
          />
        ) : (
          <div className={unit ? 'with-unit' : undefined}>
            {single}
            {unit && (
              <span id={helpId(fieldPathId)} className="port-unit">
                {unit}
              </span>
            )}
          </div>
        )}
      </div>
    </>
  );
}

/**
 * The switches that turn numeric inputs into sweeps, after the run buttons: the form reads
 * (and tabs) as a plain run form, and a sweep is one deliberate step further.
 */
export function SweepOffer({
  ports,
  formData,
  disabled,
}: {
  ports: { key: string; title: string }[];
  formData: Record<string, unknown> | undefined;
  disabled?: boolean;
}) {
  const context = useContext(SweepFieldContext);
  if (!context || ports.length === 0) return null;
  return (
    <fieldset className="sweep-offer">
      <legend>Parameter sweep</legend>
      <small>
        Run one job for each of many values: switch a numeric input to a list, a range or evenly spaced values.
      </small>
      <div className="sweep-offer-buttons">
        {ports.map(({ key, title }) => {
          const swept = Boolean(context.specs[key]);
          return (
            <button
              key={key}
              type="button"
              className="secondary outline small-button sweep-toggle"
              aria-pressed={swept}
              disabled={disabled}
              onClick={() =>
                context.onChange(withSpec(context.specs, key, swept ? undefined : initialSweepSpec(formData?.[key])))
              }
            >
              Sweep of {title}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
