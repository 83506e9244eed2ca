import { useId, useState } from 'react';
import { businessDate, containsCardNumber, formatCityTime, formatMoney, startOfCityDay, type CatalogueStaff, type Payment } from '../../../shared';
import { voidApprovalReason, voidTransaction } from '../db/actions';
import type { LocalTransaction } from '../db/db';
import { useKiosk } from '../context';
import { useClosedDayStopIds } from '../db/hooks';
import { useCityTimeZone, useRecordContext } from '../hooks';
import { useTransactionsWithSentState } from '../sync/hooks';
import { PinCheck } from '../components/PinCheck';
import { staffT, useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

/** What the clerk must do with the money when a transaction is voided: the kiosk records, the clerk hands it back. */
export function moneyBackInstruction(payment: Payment, amountCents: number): string {
  const amount = formatMoney(amountCents);
  switch (payment.method) {
    case 'cash':
      return staffT('history.moneyBack.cash', { amount });
    case 'check':
      return staffT('history.moneyBack.check', { amount, number: payment.checkNumber });
    case 'card':
      return staffT('history.moneyBack.card', { amount, brand: staffT(`payment.brands.${payment.brand}`), last4: payment.last4, approval: payment.approvalCode });
    case 'none':
      return staffT('history.moneyBack.none');
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
  const t = useStaffT();
  const timeZone = useCityTimeZone();
  const [approving, setApproving] = useState(false);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<'all' | 'recorded' | 'voided'>('all');
  const [voiding, setVoiding] = useState<LocalTransaction | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const searchId = useId();
  const reasonId = useId();
  // A transaction is sent once its record (and its void, if any) has been answered by the office.
  const todayWithState = useTransactionsWithSentState(startOfToday(timeZone));
  const today = todayWithState?.transactions;
  const unsent = todayWithState?.unsent;
  // A closed day's transactions cannot be voided, whichever stop is open now (the next stop's console shows them too).
  const closedStops = useClosedDayStopIds();
  const voidable = (tx: LocalTransaction) => tx.status !== 'voided' && !props.locked && closedStops !== undefined && !(tx.stopId && closedStops.has(tx.stopId));
  const approval = voiding ? voidApprovalReason(voiding, ctx.actorId, config.voidApprovalThresholdCents) : null;
  const q = query.trim().toLowerCase();
  const shown = (today ?? []).filter(
    (tx) =>
      (status === 'all' || tx.status === status) &&
      (!q || tx.receiptNumber.toLowerCase().includes(q) || tx.serviceName.toLowerCase().includes(q) || (tx.residentName ?? '').toLowerCase().includes(q) || (tx.reference ?? '').toLowerCase().includes(q)),
  );

  async function confirmVoid(approver: CatalogueStaff | null) {
    if (!voiding) return;
    if (!reason.trim()) return setMessage(t('history.reasonMissing'));
    if (containsCardNumber(reason)) return setMessage(t('history.noCardNumbers'));
    if (approval && !approver) return setApproving(true);
    try {
      await voidTransaction(ctx, voiding.id, reason, { approvedBy: approver?.id ?? null, approvalThresholdCents: config.voidApprovalThresholdCents });
      setMessage(t('history.voided', { receipt: voiding.receiptNumber, moneyBack: moneyBackInstruction(voiding.payment, voiding.amountCents) }));
      setVoiding(null);
      setReason('');
    } catch (error) {
      setMessage(staffErrorText(t, error));
    } finally {
      setApproving(false);
    }
  }

  function startVoid(tx: LocalTransaction) {
    setMessage(null);
    setReason('');
    setApproving(false);
    setVoiding(tx);
  }

  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={searchId}>{t('history.search')}</label>
          <input id={searchId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="segmented" role="radiogroup" aria-label={t('history.status')}>
          {(['all', 'recorded', 'voided'] as const).map((s) => (
            <label key={s} className={status === s ? 'selected' : ''}>
              <input type="radio" name="history-status" checked={status === s} onChange={() => setStatus(s)} />
              {s === 'all' ? t('history.filterAll') : s === 'recorded' ? t('history.filterRecorded') : t('history.filterVoided')}
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
        <div className="void-box" role="group" aria-label={t('history.voidLabel', { receipt: voiding.receiptNumber })}>
          <p>
            <strong>
              {t('history.voidSummary', { service: voiding.serviceName, amount: formatMoney(voiding.amountCents) })}
            </strong>
          </p>
          <p data-testid="void-money-back">{moneyBackInstruction(voiding.payment, voiding.amountCents)}</p>
          <div className="field">
            <label htmlFor={reasonId}>{t('history.voidReason', { receipt: voiding.receiptNumber })}</label>
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
                ? t('history.approvalOverThreshold', { threshold: formatMoney(config.voidApprovalThresholdCents) })
                : t('history.approvalOtherClerk')}
            </p>
          )}
          <div className="actions">
            <button type="button" className="danger" onClick={() => void confirmVoid(null)}>
              {approval ? t('history.askApproval') : t('history.voidConfirm')}
            </button>
            <button type="button" onClick={() => setVoiding(null)}>
              {t('history.keep')}
            </button>
          </div>
        </div>
      )}
      {voiding && approving && (
        <PinCheck
          title={t('history.approveTitle', { receipt: voiding.receiptNumber, amount: formatMoney(voiding.amountCents) })}
          role="supervisor"
          submitLabel={t('history.approveSubmit')}
          onVerified={(person) => void confirmVoid(person)}
          onCancel={() => setApproving(false)}
        />
      )}
      {shown.length === 0 && <p>{t('history.noMatch')}</p>}
      <div className="table-scroll">
      <table className="history" data-testid="history">
        <thead>
          <tr>
            <th scope="col">{t('history.col.receipt')}</th>
            <th scope="col">{t('history.col.time')}</th>
            <th scope="col">{t('history.col.service')}</th>
            <th scope="col">{t('history.col.for')}</th>
            <th scope="col">{t('history.col.amount')}</th>
            <th scope="col">{t('history.col.status')}</th>
            <th scope="col">{t('history.col.office')}</th>
            <th scope="col">
              <span className="sr-only">{t('history.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((tx) => (
            <tr key={tx.id} data-transaction-id={tx.id} className={tx.status === 'voided' ? 'voided' : ''}>
              <td>{tx.receiptNumber}</td>
              <td>{formatCityTime(tx.occurredAt, timeZone)}</td>
              <td>
                {tx.serviceName}
                {tx.reference ? <span className="muted"> {tx.reference}</span> : null}
              </td>
              <td>{tx.residentName}</td>
              <td className={tx.status === 'voided' ? 'struck' : ''}>{formatMoney(tx.amountCents)}</td>
              <td>
                {tx.status === 'voided' ? <span className="pill warn">{t('history.voidedPill')}</span> : <span className="pill">{t('history.recordedPill')}</span>}
                {tx.refundedCents ? <span className="pill warn">{t('history.refundedPill', { amount: formatMoney(tx.refundedCents) })}</span> : null}
              </td>
              <td className="sent-state" data-testid="sent-state">
                {unsent === undefined ? '…' : unsent.has(tx.id) ? t('history.notSent') : t('history.sent')}
              </td>
              <td className="actions">
                <button type="button" onClick={() => props.onPrint(tx)} aria-label={t('history.reprintLabel', { receipt: tx.receiptNumber })}>
                  {t('history.reprint')}
                </button>
                {voidable(tx) && (
                  <button type="button" onClick={() => startVoid(tx)} aria-label={t('history.voidLabel', { receipt: tx.receiptNumber })}>
                    {t('history.void')}
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
