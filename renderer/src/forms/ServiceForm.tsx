import type { ReactNode } from 'react';
import { formatMoney, type FieldDefinition, type FieldInput, type FieldProblem } from '../../../shared';
import { useStaffT } from '../i18n/staff';
import { fieldProblemText } from './field-problem-text';

export interface ServiceFormProps {
  fields: FieldDefinition[];
  /** What each control holds, by field key: text for every type, a boolean for a checkbox. */
  inputs: Record<string, FieldInput>;
  /** What is wrong, by field key, for fields in error (from `validateField`/`validateForm`, run by the parent). */
  errors: Record<string, FieldProblem>;
  onChange: (key: string, input: FieldInput) => void;
  /** Makes ids unique on the page: each field's control is `${idPrefix}-${key}`. */
  idPrefix: string;
  disabled?: boolean;
}

/** Own keys only: a field named "constructor" must not read Object.prototype.constructor. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * The controls of a service's form, drawn from its catalogue field definitions. Presentational: the parent keeps the
 * inputs, validates them (on change, to validate as the clerk types) and passes the errors back in.
 */
export function ServiceForm(props: ServiceFormProps) {
  return (
    <div className="service-form">
      {props.fields.map((def) => (
        <ServiceField
          key={def.key}
          def={def}
          id={`${props.idPrefix}-${def.key}`}
          input={own(props.inputs, def.key)}
          error={own(props.errors, def.key)}
          onChange={(input) => props.onChange(def.key, input)}
          disabled={props.disabled ?? false}
        />
      ))}
    </div>
  );
}

function ServiceField(props: {
  def: FieldDefinition;
  id: string;
  input: FieldInput | undefined;
  error: FieldProblem | undefined;
  onChange: (input: FieldInput) => void;
  disabled: boolean;
}) {
  const { def, id, error, disabled } = props;
  const t = useStaffT();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const describedBy = [def.help ? helpId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const text = typeof props.input === 'string' ? props.input : '';
  const common = {
    id,
    name: def.key,
    disabled,
    'aria-required': def.required ? true : undefined,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  } as const;

  const required = def.required ? (
    <span className="field-required" aria-hidden="true">
      {t('serviceForm.required')}
    </span>
  ) : null;

  const help = def.help ? (
    <p className="field-help" id={helpId}>
      {def.help}
    </p>
  ) : null;

  const errorText = error ? (
    <p className="field-error" id={errorId}>
      {fieldProblemText(t, error, (cents) => formatMoney(cents))}
    </p>
  ) : null;

  if (def.type === 'checkbox') {
    return (
      <div className="field field-checkbox">
        <label className="checkbox-row" htmlFor={id}>
          <input {...common} type="checkbox" checked={props.input === true} onChange={(e) => props.onChange(e.target.checked)} />
          <span>
            {def.label}
            {required}
          </span>
        </label>
        {help}
        {errorText}
      </div>
    );
  }

  const onText = (e: { target: { value: string } }) => props.onChange(e.target.value);
  let control: ReactNode;
  switch (def.type) {
    case 'text':
      control = <input {...common} type="text" autoComplete="off" value={text} onChange={onText} />;
      break;
    case 'number':
      // type=text: a number input hides what was typed when it is not a number, so validation could not explain it.
      control = <input {...common} type="text" inputMode="numeric" autoComplete="off" value={text} onChange={onText} />;
      break;
    case 'money':
      control = (
        <div className="money-input">
          <span className="money-prefix" aria-hidden="true">
            $
          </span>
          <input {...common} type="text" inputMode="decimal" autoComplete="off" value={text} onChange={onText} />
        </div>
      );
      break;
    case 'date':
      control = <input {...common} type="date" value={text} onChange={onText} />;
      break;
    case 'select':
      control = (
        <select {...common} value={text} onChange={onText}>
          <option value="">{t('serviceForm.choose')}</option>
          {def.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
      break;
    case 'address':
      control = <textarea {...common} rows={2} autoComplete="off" value={text} onChange={onText} />;
      break;
  }

  return (
    <div className="field">
      <label htmlFor={id}>
        {def.label}
        {def.type === 'money' && <span className="sr-only">{t('serviceForm.inDollars')}</span>}
        {required}
      </label>
      {help}
      {control}
      {errorText}
    </div>
  );
}
