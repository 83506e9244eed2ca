import { useId, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { cardBrands, containsCardNumber, formatMoney, parseMoney, type Payment, type PaymentMethod } from '../../../shared';
import { getSyncCursor, type LocalTransaction } from '../db/db';
import { listRecentTransactions, recordTransaction } from '../db/transactions';
import { useKiosk } from '../context';

interface Draft {
  ticketNumber: string;
  amount: string;
  method: PaymentMethod;
  tendered: string;
  checkNumber: string;
  approvalCode: string;
  brand: (typeof cardBrands)[number];
  last4: string;
}

const emptyDraft: Draft = {
  ticketNumber: '',
  amount: '',
  method: 'cash',
  tendered: '',
  checkNumber: '',
  approvalCode: '',
  brand: 'visa',
  last4: '',
};

type Errors = Partial<Record<keyof Draft, string>>;

const moneyMessages = {
  empty: 'Enter an amount.',
  not_a_number: 'Enter an amount like 45.00.',
  negative: 'The amount cannot be negative.',
  too_many_decimals: 'Use at most two decimals (cents).',
  too_large: 'That amount is too large.',
} as const;

export function validateParkingDraft(d: Draft): { errors: Errors; amountCents?: number; payment?: Payment } {
  const errors: Errors = {};
  for (const [field, value] of Object.entries(d)) {
    if (containsCardNumber(value)) errors[field as keyof Draft] = 'This looks like a card number. Never type card numbers here.';
  }
  if (!errors.ticketNumber && !/^[A-Za-z0-9-]{4,20}$/.test(d.ticketNumber.trim())) {
    errors.ticketNumber = 'Enter the ticket number as printed (4–20 letters or digits).';
  }
  const amount = parseMoney(d.amount);
  let amountCents: number | undefined;
  if (!amount.ok) errors.amount = moneyMessages[amount.error];
  else if (amount.cents === 0) errors.amount = 'A parking ticket payment cannot be zero.';
  else amountCents = amount.cents;

  let payment: Payment | undefined;
  if (d.method === 'cash') {
    const tendered = parseMoney(d.tendered);
    if (!tendered.ok) errors.tendered = moneyMessages[tendered.error];
    else if (amountCents !== undefined && tendered.cents < amountCents) errors.tendered = 'Less than the amount due.';
    else if (amountCents !== undefined) payment = { method: 'cash', tenderedCents: tendered.cents, changeCents: tendered.cents - amountCents };
  } else if (d.method === 'check') {
    if (!errors.checkNumber && !/^\d{1,12}$/.test(d.checkNumber.trim())) errors.checkNumber = 'Enter the check number (digits only).';
    else payment = { method: 'check', checkNumber: d.checkNumber.trim() };
  } else {
    if (!errors.approvalCode && !/^[A-Za-z0-9]{4,12}$/.test(d.approvalCode.trim())) {
      errors.approvalCode = 'Enter the approval code from the card terminal.';
    }
    if (!errors.last4 && !/^\d{4}$/.test(d.last4.trim())) errors.last4 = 'Enter exactly the last 4 digits.';
    if (!errors.approvalCode && !errors.last4) {
      payment = { method: 'card', approvalCode: d.approvalCode.trim().toUpperCase(), brand: d.brand, last4: d.last4.trim() };
    }
  }
  return Object.keys(errors).length ? { errors } : { errors, amountCents, payment };
}

function Field(props: {
  label: string;
  name: keyof Draft;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  inputMode?: 'decimal' | 'numeric' | 'text';
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        value={props.value}
        inputMode={props.inputMode ?? 'text'}
        autoComplete="off"
        autoFocus={props.autoFocus}
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

/** The first service on the staff console: take payment for a parking ticket. */
export function ParkingTicketPayment() {
  const { db, credentials, sync } = useKiosk();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const [confirmed, setConfirmed] = useState<LocalTransaction | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const recent = useLiveQuery(() => listRecentTransactions(db), [db]);
  const cursor = useLiveQuery(() => getSyncCursor(db), [db]);

  const set = (field: keyof Draft) => (value: string) => {
    const next = { ...draft, [field]: value } as Draft;
    setDraft(next);
    if (Object.keys(errors).length) setErrors(validateParkingDraft(next).errors);
  };

  const amountPreview = parseMoney(draft.amount);
  const tenderedPreview = parseMoney(draft.tendered);
  const change =
    draft.method === 'cash' && amountPreview.ok && tenderedPreview.ok && tenderedPreview.cents >= amountPreview.cents
      ? tenderedPreview.cents - amountPreview.cents
      : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const result = validateParkingDraft(draft);
    setErrors(result.errors);
    if (!result.payment || result.amountCents === undefined) return;
    setSaving(true);
    try {
      const tx = await recordTransaction(
        { db, deviceId: credentials.deviceId, now: () => new Date(), actorId: null, catalogueVersion: 0 },
        {
          serviceCode: 'parking-ticket',
          serviceName: 'Pay parking ticket',
          reference: draft.ticketNumber.trim().toUpperCase(),
          quantity: 1,
          unitFeeCents: null,
          amountCents: result.amountCents,
          payment: result.payment,
          catalogueVersion: 0,
          stopId: null,
          staffId: null,
        },
      );
      setConfirmed(tx);
      setDraft(emptyDraft);
      void sync.trigger();
    } catch (error) {
      setFailure(`Not recorded: ${error instanceof Error ? error.message : String(error)}. Nothing was saved; try again.`);
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="screen">
      <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="parking-title">
        <h2 id="parking-title">Pay a parking ticket</h2>
        <Field label="Ticket number" name="ticketNumber" value={draft.ticketNumber} error={errors.ticketNumber} onChange={set('ticketNumber')} autoFocus />
        <Field label="Amount due ($)" name="amount" value={draft.amount} error={errors.amount} onChange={set('amount')} inputMode="decimal" />
        <fieldset className="field">
          <legend>Payment method</legend>
          <div className="segmented">
            {(['cash', 'check', 'card'] as const).map((method) => (
              <label key={method} className={draft.method === method ? 'selected' : ''}>
                <input type="radio" name="method" value={method} checked={draft.method === method} onChange={() => set('method')(method)} />
                {method === 'cash' ? 'Cash' : method === 'check' ? 'Check' : 'Card (terminal)'}
              </label>
            ))}
          </div>
        </fieldset>
        {draft.method === 'cash' && (
          <>
            <Field label="Cash tendered ($)" name="tendered" value={draft.tendered} error={errors.tendered} onChange={set('tendered')} inputMode="decimal" />
            <p className="change" aria-live="polite" data-testid="change-due">
              Change due: <strong>{change === null ? '—' : formatMoney(change)}</strong>
            </p>
          </>
        )}
        {draft.method === 'check' && (
          <Field label="Check number" name="checkNumber" value={draft.checkNumber} error={errors.checkNumber} onChange={set('checkNumber')} inputMode="numeric" />
        )}
        {draft.method === 'card' && (
          <>
            <Field label="Approval code (from the terminal)" name="approvalCode" value={draft.approvalCode} error={errors.approvalCode} onChange={set('approvalCode')} />
            <div className="field">
              <label htmlFor="card-brand">Card brand</label>
              <select id="card-brand" value={draft.brand} onChange={(e) => set('brand')(e.target.value)}>
                {cardBrands.map((b) => (
                  <option key={b} value={b}>
                    {b === 'amex' ? 'American Express' : b[0]!.toUpperCase() + b.slice(1)}
                  </option>
                ))}
              </select>
            </div>
            <Field label="Last 4 digits" name="last4" value={draft.last4} error={errors.last4} onChange={set('last4')} inputMode="numeric" />
          </>
        )}
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Recording…' : 'Record payment'}
        </button>
        {failure && (
          <p role="alert" className="field-error">
            {failure}
          </p>
        )}
        {confirmed && (
          <p role="status" className="confirmation" data-testid="confirmation">
            Recorded: receipt <strong>{confirmed.receiptNumber}</strong>, {formatMoney(confirmed.amountCents)} for ticket{' '}
            {confirmed.reference}.
          </p>
        )}
      </form>
      <section className="card" aria-labelledby="recent-title">
        <h2 id="recent-title">Recent transactions</h2>
        {recent && recent.length === 0 && <p>No transactions yet.</p>}
        <ul className="recent" data-testid="recent-transactions">
          {recent?.map((tx) => (
            <li key={tx.id} data-transaction-id={tx.id}>
              <span>{tx.receiptNumber}</span>
              <span>{tx.serviceName} {tx.reference}</span>
              <span>{formatMoney(tx.amountCents)}</span>
              <span className={`pill ${cursor !== undefined && tx.seq <= cursor ? 'ok' : 'warn'}`}>
                {cursor !== undefined && tx.seq <= cursor ? 'Synced' : 'Pending'}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
