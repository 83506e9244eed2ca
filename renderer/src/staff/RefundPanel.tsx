import { useId, useState } from 'react';
import { containsCardNumber, formatMoney, parseMoney, refundMethods, type CatalogueStaff } from '../../../shared';
import { DomainError, issueRefund, refundableCents } from '../db/actions';
import { findByReceiptNumber, stopById } from '../db/queries';
import type { LocalRefund, LocalTransaction } from '../db/db';
import { useKiosk } from '../context';
import { useRecordContext } from '../hooks';
import { PinCheck } from '../components/PinCheck';

const METHOD_LABELS: Record<(typeof refundMethods)[number], string> = { cash: 'Cash', check: 'Check', card: 'Card (terminal)' };

/** What the clerk does with the money for a refund: the kiosk records it, the clerk gives it back. */
export function refundInstruction(method: LocalRefund['method'], amountCents: number): string {
  const amount = formatMoney(amountCents);
  if (method === 'cash') return `Give ${amount} in cash from the drawer to the resident.`;
  if (method === 'check') return `The city mails a check for ${amount}; give the resident the refund slip.`;
  return `Refund ${amount} to the resident's card on the terminal.`;
}

/**
 * A refund of a receipt whose day is already closed (a void is the way before the close): found by its receipt
 * number, with a reason, how the money goes back and a supervisor's PIN. It counts in today's figures.
 */
export function RefundPanel(props: { disabled?: boolean }) {
  const { db } = useKiosk();
  const ctx = useRecordContext();
  const [number, setNumber] = useState('');
  const [found, setFound] = useState<LocalTransaction | null>(null);
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<LocalRefund['method']>('cash');
  const [reason, setReason] = useState('');
  const [approving, setApproving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const numberId = useId();
  const amountId = useId();
  const reasonId = useId();

  async function find() {
    setError(null);
    setMessage(null);
    const tx = await findByReceiptNumber(db, number);
    if (!tx) return setError(`No receipt ${number.trim().toUpperCase() || '…'} on this van.`);
    const stop = await stopById(db, tx.stopId);
    if (tx.status === 'voided') return setError(`${tx.receiptNumber} was voided: nothing to refund.`);
    if (stop && !stop.dayClosedAt) return setError(`The day of ${tx.receiptNumber} is still open: void it in today’s history instead.`);
    if (refundableCents(tx) <= 0) return setError(`${tx.receiptNumber} has been refunded in full.`);
    setFound(tx);
    setAmount((refundableCents(tx) / 100).toFixed(2));
    setMethod(tx.payment.method === 'check' || tx.payment.method === 'card' ? tx.payment.method : 'cash');
    setReason('');
  }

  function checked(): number | null {
    if (!found) return null;
    const parsed = parseMoney(amount);
    if (!parsed.ok || parsed.cents <= 0) return (setError('Enter the amount to give back, like 14.00.'), null);
    if (parsed.cents > refundableCents(found)) return (setError(`At most ${formatMoney(refundableCents(found))} can be refunded.`), null);
    if (!reason.trim()) return (setError('Give a reason for the refund.'), null);
    if (containsCardNumber(reason)) return (setError('Never type card numbers.'), null);
    return parsed.cents;
  }

  async function give(approver: CatalogueStaff) {
    const cents = checked();
    setApproving(false);
    if (!found || cents === null) return;
    try {
      const refund = await issueRefund(ctx, { transactionId: found.id, amountCents: cents, method, reason, approvedBy: approver.id });
      setMessage(`Refunded ${formatMoney(refund.amountCents)} on ${refund.receiptNumber}. ${refundInstruction(refund.method, refund.amountCents)}`);
      setFound(null);
      setNumber('');
    } catch (e) {
      setError(e instanceof DomainError ? e.message : String(e));
    }
  }

  return (
    <section className="card" aria-labelledby="refund-title">
      <h2 id="refund-title">Refund a receipt from a closed day</h2>
      {message && (
        <p role="status" data-testid="refund-message">
          {message}
        </p>
      )}
      {!found && (
        <div className="filters">
          <div className="field">
            <label htmlFor={numberId}>Receipt number to refund</label>
            <input id={numberId} value={number} onChange={(e) => setNumber(e.target.value)} placeholder="R-VAN2-000012" disabled={props.disabled} />
          </div>
          <button type="button" onClick={() => void find()} disabled={props.disabled || !number.trim()}>
            Find receipt
          </button>
        </div>
      )}
      {found && !approving && (
        <div className="void-box" role="group" aria-label={`Refund ${found.receiptNumber}`}>
          <p>
            <strong>
              {found.receiptNumber}: {found.serviceName}, {formatMoney(found.amountCents)}
            </strong>
            {found.refundedCents ? ` — already refunded ${formatMoney(found.refundedCents)}` : ''}
          </p>
          <div className="field">
            <label htmlFor={amountId}>Amount to refund ($)</label>
            <input id={amountId} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
          <div className="segmented" role="radiogroup" aria-label="Refund method">
            {refundMethods.map((m) => (
              <label key={m} className={method === m ? 'selected' : ''}>
                <input type="radio" name="refund-method" checked={method === m} onChange={() => setMethod(m)} />
                {METHOD_LABELS[m]}
              </label>
            ))}
          </div>
          <p data-testid="refund-money-back">{refundInstruction(method, parseMoney(amount).ok ? (parseMoney(amount) as { cents: number }).cents : 0)}</p>
          <div className="field">
            <label htmlFor={reasonId}>Reason for the refund</label>
            <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <p className="pill warn">A supervisor approves every refund with their PIN.</p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                setError(null);
                if (checked() !== null) setApproving(true);
              }}
            >
              Ask a supervisor to approve the refund
            </button>
            <button type="button" onClick={() => setFound(null)}>
              Cancel refund
            </button>
          </div>
        </div>
      )}
      {found && approving && (
        <PinCheck
          title={`Supervisor: approve refunding ${found.receiptNumber}`}
          role="supervisor"
          submitLabel="Approve the refund"
          onVerified={(person) => void give(person)}
          onCancel={() => setApproving(false)}
        />
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  );
}
