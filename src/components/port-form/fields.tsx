import type { FieldProps } from '@rjsf/utils';
import { descriptionId, errorId, helpId } from '@rjsf/utils';
import { useId, useRef, useState } from 'react';
import type { OsparcFile } from '../../api/types.ts';
import { isOsparcFile } from '../../api/types.ts';
import { unitSymbol } from '../../lib/units.ts';
import { FilePortPicker } from './FilePortPicker.tsx';
import { OsparcNumberOrSweepField } from './SweepField.tsx';
import { SWEEPABLE_FIELD } from './sweep-context.ts';

/** A port that takes a file: a fieldset named by the port's title around the file picker. */
function PortFieldset({ props, children }: { props: FieldProps; children: React.ReactNode }) {
  const { schema, fieldPathId, required, rawErrors } = props;
  const title = String(schema.title ?? props.name);
  const invalid = (rawErrors?.length ?? 0) > 0;
  return (
    <fieldset
      className="port-fieldset"
      aria-describedby={`${descriptionId(fieldPathId)} ${errorId(fieldPathId)}`}
      aria-invalid={invalid || undefined}
    >
      <legend>
        {title}
        {required && (
          <span className="required" title="required">
            {' '}
            *
          </span>
        )}
      </legend>
      {schema.description && (
        <small id={descriptionId(fieldPathId)} className="port-description">
          {String(schema.description)}
        </small>
      )}
      {children}
    </fieldset>
  );
}

/** `ui:field` of ports with a `content_media_type`: the value is a `File` reference. */
function OsparcFileField(props: FieldProps) {
  const { schema, formData, onChange, fieldPathId, disabled, readonly, rawErrors } = props;
  const mediaType = typeof schema.content_media_type === 'string' ? schema.content_media_type : undefined;
  return (
    <PortFieldset props={props}>
      <FilePortPicker
        id={fieldPathId.$id}
        label={String(schema.title ?? props.name)}
        mediaType={mediaType}
        value={isOsparcFile(formData) ? formData : undefined}
        onChange={(file) => onChange(file, fieldPathId.path)}
        disabled={disabled || readonly}
        invalid={(rawErrors?.length ?? 0) > 0}
      />
    </PortFieldset>
  );
}

type Mode = 'value' | 'file';

/**
 * `ui:field` of plain string ports: a real oSPARC host describes file ports as plain strings,
 * so the user chooses between typing a value and giving a file.
 */
function OsparcValueOrFileField(props: FieldProps) {
  const { schema, formData, onChange, fieldPathId, disabled, readonly, rawErrors } = props;
  const [chosenMode, setMode] = useState<Mode>(isOsparcFile(formData) ? 'file' : 'value');
  // The value decides when there is one (it may be set from outside, e.g. a `?file=` link).
  const mode: Mode = isOsparcFile(formData) ? 'file' : typeof formData === 'string' ? 'value' : chosenMode;
  // What each mode last held, so switching back and forth loses nothing.
  const kept = useRef<{ value?: string; file?: OsparcFile }>({});
  const groupName = useId();
  const title = String(schema.title ?? props.name);
  const unit = typeof schema.x_unit === 'string' ? unitSymbol(schema.x_unit) || undefined : undefined;
  const invalid = (rawErrors?.length ?? 0) > 0;
  const inputId = `${fieldPathId.$id}__value`;

  function switchTo(next: Mode) {
    if (next === mode) return;
    if (mode === 'file' && isOsparcFile(formData)) kept.current.file = formData;
    if (mode === 'value' && typeof formData === 'string') kept.current.value = formData;
    setMode(next);
    onChange(next === 'file' ? kept.current.file : kept.current.value, fieldPathId.path);
  }

  return (
    <PortFieldset props={props}>
      <div className="value-or-file" role="radiogroup" aria-label={`How to give ${title}`}>
        {(['value', 'file'] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name={groupName}
              value={option}
              checked={mode === option}
              disabled={disabled || readonly}
              onChange={() => switchTo(option)}
            />
            {option === 'value' ? 'Type a value' : 'Use a file'}
          </label>
        ))}
      </div>
      {mode === 'value' ? (
        <>
          <label htmlFor={inputId}>Value of {title}</label>
          <div className={unit ? 'with-unit' : undefined}>
            <input
              id={inputId}
              type="text"
              value={typeof formData === 'string' ? formData : ''}
              disabled={disabled}
              readOnly={readonly}
              aria-invalid={invalid || undefined}
              aria-describedby={`${descriptionId(fieldPathId)} ${errorId(fieldPathId)} ${helpId(fieldPathId)}`}
              onChange={(event) =>
                onChange(event.target.value === '' ? undefined : event.target.value, fieldPathId.path)
              }
            />
            {unit && (
              <span id={helpId(fieldPathId)} className="port-unit">
                {unit}
              </span>
            )}
          </div>
        </>
      ) : (
        <FilePortPicker
          id={fieldPathId.$id}
          label={title}
          value={isOsparcFile(formData) ? formData : undefined}
          onChange={(file) => onChange(file, fieldPathId.path)}
          disabled={disabled || readonly}
          invalid={invalid}
        />
      )}
    </PortFieldset>
  );
}

export const portFormFields = {
  osparcFile: OsparcFileField,
  osparcValueOrFile: OsparcValueOrFileField,
  [SWEEPABLE_FIELD]: OsparcNumberOrSweepField,
};
