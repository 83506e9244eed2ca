import { useId, useState } from 'react';
import { containsCardNumber, formatMoney, parseMoney, refundMethods, type CatalogueStaff } from '../../../shared';
import { issueRefund, refundableCents } from '../db/actions';
import { findByReceiptNumber, stopById } from '../db/queries';
import type { LocalRefund, LocalTransaction } from '../db/db';
import { useKiosk } from '../context';
import { useRecordContext } from '../hooks';
import { PinCheck } from '../components/PinCheck';
import { staffT, useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

/** What the clerk does with the money for a refund: the kiosk records it, the clerk gives it back. */
export function refundInstruction(method: LocalRefund['method'], amountCents: number): string {
  const amount = formatMoney(amountCents);
  if (method === 'cash') return staffT('refund.moneyBack.cash', { amount });
  if (method === 'check') return staffT('refund.moneyBack.check', { amount });
  return staffT('refund.moneyBack.card', { amount });
}

/**
 * A refund of a receipt whose day is already closed (a void is the way before the close): found by its receipt
 * number, with a reason, how the money goes back and a supervisor's PIN. It counts in today's figures.
 */
export function RefundPanel(props: { disabled?: boolean }) {
  const { db } = useKiosk();
  const ctx = useRecordContext();
  const t = useStaffT();
  const methodLabels: Record<(typeof refundMethods)[number], string> = { cash: t('payment.cash'), check: t('payment.check'), card: t('payment.card') };
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
    if (!tx) return setError(t('refund.notFound', { number: number.trim().toUpperCase() || '…' }));
    const stop = await stopById(db, tx.stopId);
    if (tx.status === 'voided') return setError(t('refund.voided', { receipt: tx.receiptNumber }));
    if (stop && !stop.dayClosedAt) return setError(t('refund.dayOpen', { receipt: tx.receiptNumber }));
    if (refundableCents(tx) <= 0) return setError(t('refund.refundedInFull', { receipt: tx.receiptNumber }));
    setFound(tx);
    setAmount((refundableCents(tx) / 100).toFixed(2));
    setMethod(tx.payment.method === 'check' || tx.payment.method === 'card' ? tx.payment.method : 'cash');
    setReason('');
  }

  function checked(): number | null {
    if (!found) return null;
    const parsed = parseMoney(amount);
    if (!parsed.ok || parsed.cents <= 0) return (setError(t('refund.amountFormat')), null);
    if (parsed.cents > refundableCents(found)) return (setError(t('refund.amountTooHigh', { max: formatMoney(refundableCents(found)) })), null);
    if (!reason.trim()) return (setError(t('refund.reasonMissing')), null);
    if (containsCardNumber(reason)) return (setError(t('history.noCardNumbers')), null);
    return parsed.cents;
  }

  async function give(approver: CatalogueStaff) {
    const cents = checked();
    setApproving(false);
    if (!found || cents === null) return;
    try {
      const refund = await issueRefund(ctx, { transactionId: found.id, amountCents: cents, method, reason, approvedBy: approver.id });
      setMessage(t('refund.done', { amount: formatMoney(refund.amountCents), receipt: refund.receiptNumber, moneyBack: refundInstruction(refund.method, refund.amountCents) }));
      setFound(null);
      setNumber('');
    } catch (e) {
      setError(staffErrorText(t, e));
    }
  }

  return (
    <section className="card" aria-labelledby="refund-title">
      <h2 id="refund-title">{t('refund.title')}</h2>
      {message && (
        <p role="status" data-testid="refund-message">
          {message}
        </p>
      )}
      {!found && (
        <div className="filters">
          <div className="field">
            <label htmlFor={numberId}>{t('refund.number')}</label>
            <input id={numberId} value={number} onChange={(e) => setNumber(e.target.value)} placeholder={t('refund.numberPlaceholder')} disabled={props.disabled} />
          </div>
          <button type="button" onClick={() => void find()} disabled={props.disabled || !number.trim()}>
            {t('refund.find')}
          </button>
        </div>
      )}
      {found && !approving && (
        <div className="void-box" role="group" aria-label={t('refund.label', { receipt: found.receiptNumber })}>
          <p>
            <strong>
              {t('refund.summary', { receipt: found.receiptNumber, service: found.serviceName, amount: formatMoney(found.amountCents) })}
            </strong>
            {found.refundedCents ? t('refund.alreadyRefunded', { amount: formatMoney(found.refundedCents) }) : ''}
          </p>
          <div className="field">
            <label htmlFor={amountId}>{t('refund.amount')}</label>
            <input id={amountId} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </div>
          <div className="segmented" role="radiogroup" aria-label={t('refund.method')}>
            {refundMethods.map((m) => (
              <label key={m} className={method === m ? 'selected' : ''}>
                <input type="radio" name="refund-method" checked={method === m} onChange={() => setMethod(m)} />
                {methodLabels[m]}
              </label>
            ))}
          </div>
          <p data-testid="refund-money-back">{refundInstruction(method, parseMoney(amount).ok ? (parseMoney(amount) as { cents: number }).cents : 0)}</p>
          <div className="field">
            <label htmlFor={reasonId}>{t('refund.reason')}</label>
            <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <p className="pill warn">{t('refund.approvalNote')}</p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() => {
                setError(null);
                if (checked() !== null) setApproving(true);
              }}
            >
              {t('refund.askApproval')}
            </button>
            <button type="button" onClick={() => setFound(null)}>
              {t('refund.cancel')}
            </button>
          </div>
        </div>
      )}
      {found && approving && (
        <PinCheck
          title={t('refund.approveTitle', { receipt: found.receiptNumber })}
          role="supervisor"
          submitLabel={t('refund.approveSubmit')}
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
