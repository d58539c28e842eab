import { getDefaultRegistry } from '@rjsf/core';
import type {
  DescriptionFieldProps,
  ErrorListProps,
  FieldErrorProps,
  FieldTemplateProps,
  IconButtonProps,
  TemplatesType,
  WidgetProps,
} from '@rjsf/utils';
import { errorId, helpId } from '@rjsf/utils';
import { unitSymbol } from '../../lib/units.ts';
import { SWEEPABLE_FIELD } from './sweep-context.ts';

const CoreBaseInputTemplate = getDefaultRegistry().templates.BaseInputTemplate;

/**
 * RJSF templates for Pico's semantic styles: plain-text descriptions (API text is never HTML),
 * units beside their fields, errors tied to their inputs, and text buttons (the core theme's
 * buttons are Bootstrap glyphs, invisible here).
 */

function unitOf(schema: FieldTemplateProps['schema']): string | undefined {
  const unit = (schema as { x_unit?: unknown }).x_unit;
  return typeof unit === 'string' && unit ? unitSymbol(unit) || undefined : undefined;
}

function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, errors, description, hidden, required, displayLabel, schema, classNames, uiSchema } =
    props;
  if (hidden) return <div hidden>{children}</div>;
  const isCheckbox = schema.type === 'boolean' || uiSchema?.['ui:widget'] === 'checkbox';
  // The number-or-sweep field places the unit itself (beside the number, not the sweep).
  const unit = uiSchema?.['ui:field'] === SWEEPABLE_FIELD ? undefined : unitOf(schema);
  return (
    <div className={`port-field ${classNames ?? ''}`}>
      {displayLabel && !isCheckbox && (
        <label htmlFor={id}>
          {label}
          {required && (
            <span className="required" title="required">
              {' '}
              *
            </span>
          )}
        </label>
      )}
      {displayLabel && !isCheckbox && description}
      {unit ? (
        <div className="with-unit">
          {children}
          {/* RJSF's inputs name `${id}__help` in aria-describedby, so the unit is read with the field. */}
          <span id={helpId(id)} className="port-unit">
            {unit}
          </span>
        </div>
      ) : (
        children
      )}
      <UnsetNote schema={schema} value={props.formData} required={required} isCheckbox={isCheckbox} />
      {errors}
    </div>
  );
}

/**
 * An optional input left empty is not sent: the solver then uses its own default, which the
 * form names so that clearing a field never silently means "send the default".
 */
function UnsetNote({
  schema,
  value,
  required,
  isCheckbox,
}: {
  schema: FieldTemplateProps['schema'];
  value: unknown;
  required?: boolean;
  isCheckbox: boolean;
}) {
  const empty = value === undefined || value === null || value === '';
  if (!empty || required || isCheckbox || schema.type === 'object' || schema.type === 'array') return null;
  const fallback = schema.default;
  const unit = unitOf(schema);
  const uses =
    fallback === undefined || fallback === null
      ? 'whatever it does without this input'
      : `its default, ${typeof fallback === 'string' ? fallback : JSON.stringify(fallback)}${unit ? ` ${unit}` : ''}`;
  return <small className="port-description unset-note">Left empty: not sent, so the solver uses {uses}.</small>;
}

function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps) {
  if (!description) return null;
  return (
    <small id={id} className="port-description">
      {typeof description === 'string' ? description : String(description)}
    </small>
  );
}

function FieldErrorTemplate({ errors = [], fieldPathId }: FieldErrorProps) {
  const messages = errors.filter(Boolean);
  if (messages.length === 0) return null;
  return (
    <small id={errorId(fieldPathId)} className="field-error">
      {messages.map((message, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: messages have no identity of their own
        <span key={index}>{String(message)} </span>
      ))}
    </small>
  );
}

/** The summary above the form after a failed check; `role=alert` has screen readers announce it. */
function ErrorListTemplate({ errors }: ErrorListProps) {
  return (
    <article role="alert" className="error-box form-error-list">
      <strong>
        {errors.length === 1 ? 'One value needs fixing' : `${errors.length} values need fixing`} before the job can be
        created:
      </strong>
      <ul>
        {errors.map((error, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt on every check
          <li key={index}>{error.stack}</li>
        ))}
      </ul>
    </article>
  );
}

/** Inputs say when they hold an invalid value (Pico colours `aria-invalid`). */
function BaseInputTemplate(props: WidgetProps) {
  const invalid = (props.rawErrors?.length ?? 0) > 0;
  return <CoreBaseInputTemplate {...props} aria-invalid={invalid ? true : undefined} />;
}

function TextButton({ text, id, onClick, disabled, className }: IconButtonProps & { text: string }) {
  return (
    <button
      type="button"
      id={id}
      className={`secondary outline small-button ${className ?? ''}`}
      onClick={onClick}
      disabled={disabled}
    >
      {text}
    </button>
  );
}

const AddButton = (props: IconButtonProps) => <TextButton {...props} text="Add item" />;
const CopyButton = (props: IconButtonProps) => <TextButton {...props} text="Copy" />;
const MoveUpButton = (props: IconButtonProps) => <TextButton {...props} text="Move up" />;
const MoveDownButton = (props: IconButtonProps) => <TextButton {...props} text="Move down" />;
const RemoveButton = (props: IconButtonProps) => <TextButton {...props} text="Remove" />;
const ClearButton = (props: IconButtonProps) => <TextButton {...props} text="Clear" />;

export const portFormTemplates: Partial<Omit<TemplatesType, 'ButtonTemplates'>> & {
  ButtonTemplates: Partial<TemplatesType['ButtonTemplates']>;
} = {
  FieldTemplate,
  DescriptionFieldTemplate,
  FieldErrorTemplate,
  ErrorListTemplate,
  BaseInputTemplate,
  ButtonTemplates: {
    AddButton,
    CopyButton,
    MoveUpButton,
    MoveDownButton,
    RemoveButton,
    ClearButton,
    // The run form has its own "Run" and "Create without starting" buttons.
    SubmitButton: () => null,
  },
};
