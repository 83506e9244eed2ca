import { useId } from 'react';
import { cardBrands, containsCardNumber, formatMoney, parseMoney, type Payment, type PaymentMethod } from '../../../shared';
import { staffT, useStaffT } from '../i18n/staff';

export interface PaymentDraft {
  method: PaymentMethod;
  tendered: string;
  checkNumber: string;
  approvalCode: string;
  brand: (typeof cardBrands)[number];
  last4: string;
}

export const emptyPayment: PaymentDraft = { method: 'cash', tendered: '', checkNumber: '', approvalCode: '', brand: 'visa', last4: '' };

export type PaymentErrors = Partial<Record<keyof PaymentDraft, string>>;


/** Checks the payment for an amount due; card payments keep only the terminal's approval code, brand and last four. */
export function validatePayment(d: PaymentDraft, amountCents: number): { payment: Payment | null; errors: PaymentErrors } {
  const errors: PaymentErrors = {};
  for (const key of ['tendered', 'checkNumber', 'approvalCode', 'last4'] as const) {
    if (containsCardNumber(d[key])) errors[key] = staffT('payment.cardNumber');
  }
  if (amountCents === 0) return { payment: { method: 'none' }, errors: {} };
  if (Object.keys(errors).length) return { payment: null, errors };
  if (d.method === 'cash') {
    const tendered = parseMoney(d.tendered);
    if (!tendered.ok) return { payment: null, errors: { tendered: staffT('payment.tenderedFormat') } };
    if (tendered.cents < amountCents) return { payment: null, errors: { tendered: staffT('payment.tenderedShort', { due: formatMoney(amountCents) }) } };
    return { payment: { method: 'cash', tenderedCents: tendered.cents, changeCents: tendered.cents - amountCents }, errors };
  }
  if (d.method === 'check') {
    if (!/^\d{1,12}$/.test(d.checkNumber.trim())) return { payment: null, errors: { checkNumber: staffT('payment.checkNumberFormat') } };
    return { payment: { method: 'check', checkNumber: d.checkNumber.trim() }, errors };
  }
  if (!/^[A-Za-z0-9]{4,12}$/.test(d.approvalCode.trim())) errors.approvalCode = staffT('payment.approvalFormat');
  if (!/^\d{4}$/.test(d.last4.trim())) errors.last4 = staffT('payment.last4Format');
  if (Object.keys(errors).length) return { payment: null, errors };
  return { payment: { method: 'card', approvalCode: d.approvalCode.trim().toUpperCase(), brand: d.brand, last4: d.last4.trim() }, errors };
}

function Input(props: { label: string; value: string; error?: string; onChange: (v: string) => void; inputMode: 'decimal' | 'numeric' | 'text' }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        value={props.value}
        inputMode={props.inputMode}
        autoComplete="off"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function PaymentFields(props: {
  draft: PaymentDraft;
  errors: PaymentErrors;
  amountCents: number;
  allowed: readonly PaymentMethod[];
  onChange: (draft: PaymentDraft) => void;
}) {
  const { draft, errors } = props;
  const set = <K extends keyof PaymentDraft>(key: K) => (value: PaymentDraft[K]) => props.onChange({ ...draft, [key]: value });
  const tendered = parseMoney(draft.tendered);
  const change = tendered.ok && tendered.cents >= props.amountCents ? tendered.cents - props.amountCents : null;
  const brandId = useId();
  const t = useStaffT();
  return (
    <fieldset className="field payment">
      <legend>{t('payment.legend')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('payment.method')}>
        {props.allowed.map((method) => (
          <label key={method} className={draft.method === method ? 'selected' : ''}>
            <input type="radio" name="payment-method" value={method} checked={draft.method === method} onChange={() => set('method')(method)} />
            {method === 'cash' ? t('payment.cash') : method === 'check' ? t('payment.check') : t('payment.card')}
          </label>
        ))}
      </div>
      {draft.method === 'cash' && (
        <>
          <Input label={t('payment.tendered')} value={draft.tendered} error={errors.tendered} onChange={set('tendered')} inputMode="decimal" />
          <p className="change" aria-live="polite" data-testid="change-due">
            {t('payment.changeDue')} <strong>{change === null ? '—' : formatMoney(change)}</strong>
          </p>
        </>
      )}
      {draft.method === 'check' && <Input label={t('payment.checkNumber')} value={draft.checkNumber} error={errors.checkNumber} onChange={set('checkNumber')} inputMode="numeric" />}
      {draft.method === 'card' && (
        <>
          <Input label={t('payment.approvalCode')} value={draft.approvalCode} error={errors.approvalCode} onChange={set('approvalCode')} inputMode="text" />
          <div className="field">
            <label htmlFor={brandId}>{t('payment.brand')}</label>
            <select id={brandId} value={draft.brand} onChange={(e) => set('brand')(e.target.value as PaymentDraft['brand'])}>
              {cardBrands.map((b) => (
                <option key={b} value={b}>
                  {t(`payment.brands.${b}`)}
                </option>
              ))}
            </select>
          </div>
          <Input label={t('payment.last4')} value={draft.last4} error={errors.last4} onChange={set('last4')} inputMode="numeric" />
        </>
      )}
    </fieldset>
  );
}
