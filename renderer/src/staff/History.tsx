import { useId, useState } from 'react';
import { businessDate, containsCardNumber, formatCityTime, formatMoney, startOfCityDay, type CatalogueStaff, type Payment } from '../../../shared';
import { DomainError, voidApprovalReason, voidTransaction } from '../db/actions';
import type { LocalTransaction } from '../db/db';
import { useKiosk } from '../context';
import { useClosedDayStopIds, useTransactionsSince } from '../db/hooks';
import { useCityTimeZone, useRecordContext } from '../hooks';
import { useSyncPicture } from '../sync/hooks';
import { PinCheck } from '../components/PinCheck';

/** What the clerk must do with the money when a transaction is voided: the kiosk records, the clerk hands it back. */
export function moneyBackInstruction(payment: Payment, amountCents: number): string {
  const amount = formatMoney(amountCents);
  switch (payment.method) {
    case 'cash':
      return `Hand back ${amount} in cash to the resident.`;
    case 'check':
      return `Give check no. ${payment.checkNumber} (${amount}) back to the resident.`;
    case 'card':
      return `Reverse ${amount} on the card terminal (${payment.brand} ending ${payment.last4}, approval ${payment.approvalCode}).`;
    case 'none':
      return 'No money was taken.';
  }
}

/** Midnight of today on the city's clock, whatever zone the laptop is set to. */
function startOfToday(timeZone: string): string {
  return startOfCityDay(businessDate(new Date(), timeZone), timeZone).toISOString();
}

/** Today's transactions: search by receipt number, service or resident name; filter by status; void; reprint. */
export function History(props: { onPrint: (tx: LocalTransaction) => void; locked?: boolean }) {
  const { config } = useKiosk();
  const ctx = useRecordContext();
  const timeZone = useCityTimeZone();
  const [approving, setApproving] = useState(false);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<'all' | 'recorded' | 'voided'>('all');
  const [voiding, setVoiding] = useState<LocalTransaction | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const searchId = useId();
  const reasonId = useId();
  const today = useTransactionsSince(startOfToday(timeZone));
  // A transaction is sent once its record (and its void, if any) has been answered by the office.
  const unsent = useSyncPicture()?.pending.unsentTransactionIds;
  // A closed day's transactions cannot be voided, whichever stop is open now (the next stop's console shows them too).
  const closedStops = useClosedDayStopIds();
  const voidable = (t: LocalTransaction) => t.status !== 'voided' && !props.locked && closedStops !== undefined && !(t.stopId && closedStops.has(t.stopId));
  const approval = voiding ? voidApprovalReason(voiding, ctx.actorId, config.voidApprovalThresholdCents) : null;
  const q = query.trim().toLowerCase();
  const shown = (today ?? []).filter(
    (t) =>
      (status === 'all' || t.status === status) &&
      (!q || t.receiptNumber.toLowerCase().includes(q) || t.serviceName.toLowerCase().includes(q) || (t.residentName ?? '').toLowerCase().includes(q) || (t.reference ?? '').toLowerCase().includes(q)),
  );

  async function confirmVoid(approver: CatalogueStaff | null) {
    if (!voiding) return;
    if (!reason.trim()) return setMessage('Give a reason for the void.');
    if (containsCardNumber(reason)) return setMessage('Never type card numbers.');
    if (approval && !approver) return setApproving(true);
    try {
      await voidTransaction(ctx, voiding.id, reason, { approvedBy: approver?.id ?? null, approvalThresholdCents: config.voidApprovalThresholdCents });
      setMessage(`Voided ${voiding.receiptNumber}. ${moneyBackInstruction(voiding.payment, voiding.amountCents)}`);
      setVoiding(null);
      setReason('');
    } catch (error) {
      setMessage(error instanceof DomainError ? error.message : String(error));
    } finally {
      setApproving(false);
    }
  }

  function startVoid(t: LocalTransaction) {
    setMessage(null);
    setReason('');
    setApproving(false);
    setVoiding(t);
  }

  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Today’s history</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={searchId}>Search receipt, service or name</label>
          <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="segmented" role="radiogroup" aria-label="Status">
          {(['all', 'recorded', 'voided'] as const).map((s) => (
            <label key={s} className={status === s ? 'selected' : ''}>
              <input type="radio" name="history-status" checked={status === s} onChange={() => setStatus(s)} />
              {s === 'all' ? 'All' : s === 'recorded' ? 'Recorded' : 'Voided'}
            </label>
          ))}
        </div>
      </div>
      {message && (
        <p role="status" data-testid="history-message">
          {message}
        </p>
      )}
      {voiding && !approving && (
        <div className="void-box" role="group" aria-label={`Void ${voiding.receiptNumber}`}>
          <p>
            <strong>
              {voiding.serviceName}, {formatMoney(voiding.amountCents)}
            </strong>
          </p>
          <p data-testid="void-money-back">{moneyBackInstruction(voiding.payment, voiding.amountCents)}</p>
          <div className="field">
            <label htmlFor={reasonId}>Reason for voiding {voiding.receiptNumber}</label>
            <input
              id={reasonId}
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                setMessage(null);
              }}
              autoFocus
            />
          </div>
          {approval && (
            <p className="pill warn" data-testid="void-approval">
              {approval === 'over_threshold'
                ? `Over ${formatMoney(config.voidApprovalThresholdCents)}: a supervisor approves this void with their PIN.`
                : 'Recorded by another clerk: a supervisor approves this void with their PIN.'}
            </p>
          )}
          <div className="actions">
            <button type="button" className="danger" onClick={() => void confirmVoid(null)}>
              {approval ? 'Ask a supervisor to approve' : 'Void transaction'}
            </button>
            <button type="button" onClick={() => setVoiding(null)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {voiding && approving && (
        <PinCheck
          title={`Supervisor: approve voiding ${voiding.receiptNumber} (${formatMoney(voiding.amountCents)})`}
          role="supervisor"
          submitLabel="Approve the void"
          onVerified={(person) => void confirmVoid(person)}
          onCancel={() => setApproving(false)}
        />
      )}
      {shown.length === 0 && <p>No transactions match.</p>}
      <div className="table-scroll">
      <table className="history" data-testid="history">
        <thead>
          <tr>
            <th scope="col">Receipt</th>
            <th scope="col">Time</th>
            <th scope="col">Service</th>
            <th scope="col">For</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Office</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => (
            <tr key={t.id} data-transaction-id={t.id} className={t.status === 'voided' ? 'voided' : ''}>
              <td>{t.receiptNumber}</td>
              <td>{formatCityTime(t.occurredAt, timeZone)}</td>
              <td>
                {t.serviceName}
                {t.reference ? <span className="muted"> {t.reference}</span> : null}
              </td>
              <td>{t.residentName}</td>
              <td className={t.status === 'voided' ? 'struck' : ''}>{formatMoney(t.amountCents)}</td>
              <td>
                {t.status === 'voided' ? <span className="pill warn">Voided</span> : <span className="pill">Recorded</span>}
                {t.refundedCents ? <span className="pill warn"> Refunded {formatMoney(t.refundedCents)}</span> : null}
              </td>
              <td className="sent-state" data-testid="sent-state">
                {unsent === undefined ? '…' : unsent.has(t.id) ? 'Not yet sent' : 'Sent to the office'}
              </td>
              <td className="actions">
                <button type="button" onClick={() => props.onPrint(t)} aria-label={`Reprint ${t.receiptNumber}`}>
                  Reprint
                </button>
                {voidable(t) && (
                  <button type="button" onClick={() => startVoid(t)} aria-label={`Void ${t.receiptNumber}`}>
                    Void
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}
