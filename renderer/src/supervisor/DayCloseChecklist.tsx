import { useId, useState } from 'react';
import { answerHelp, endTickets, type TicketEnding } from '../db/actions';
import type { LocalCertificateOrder, LocalStop, LocalTicket } from '../db/db';
import { isChecklistClear, type DayCloseChecklist } from '../db/day-close';
import { useCatalogue, useRecordContext } from '../hooks';
import { OrderRow } from '../staff/Notices';
import { languageOf } from '../i18n/languages';
import { useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

/**
 * Before the day closes, every open thing at the stop is seen and resolved: tickets still waiting or called, unpaid
 * orders, unanswered help calls. Records not yet sent are shown but never block: closing works offline.
 */
export function DayCloseChecklistPanel(props: {
  stop: LocalStop;
  checklist: DayCloseChecklist;
  pendingRecords: number;
  onTakePayment: (order: LocalCertificateOrder) => void;
}) {
  const { checklist: c } = props;
  const ctx = useRecordContext();
  const t = useStaffT();
  const clear = isChecklistClear(c);
  const open = c.waiting.length + c.calledNotServed.length + c.unpaidOrders.length + c.openHelpCalls.length;
  return (
    <section className="card" aria-labelledby="checklist-title" data-testid="close-checklist">
      <h2 id="checklist-title">{t('checklist.title')}</h2>
      <p className={clear ? 'pill ok' : 'pill warn'} data-testid="checklist-state">
        {clear ? t('checklist.clear') : t('checklist.open', { count: open })}
      </p>
      {c.waiting.length > 0 && <TicketGroup title={t('checklist.waiting')} testId="checklist-waiting" tickets={c.waiting} />}
      {c.calledNotServed.length > 0 && <TicketGroup title={t('checklist.called')} testId="checklist-called" tickets={c.calledNotServed} />}
      {c.unpaidOrders.length > 0 && (
        <div className="checklist-group" data-testid="checklist-orders">
          <h3>{t('checklist.orders', { n: c.unpaidOrders.length })}</h3>
          <p className="muted">{t('checklist.ordersHint')}</p>
          <ul className="queue">
            {c.unpaidOrders.map((o) => (
              <OrderRow key={o.id} order={o} dayClosed={false} onTakePayment={props.onTakePayment} allowCarryOver />
            ))}
          </ul>
        </div>
      )}
      {c.openHelpCalls.length > 0 && (
        <div className="checklist-group" data-testid="checklist-help">
          <h3>{t('checklist.help', { n: c.openHelpCalls.length })}</h3>
          <ul className="queue">
            {c.openHelpCalls.map((h) => (
              <li key={h.id}>
                <span>
                  {t('checklist.helpCall')}
                  {h.language ? t('checklist.helpLanguage', { language: languageOf(h.language).name }) : ''}
                </span>
                <button type="button" onClick={() => void answerHelp(ctx, h.id)}>
                  {t('checklist.markAnswered')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className={props.pendingRecords === 0 ? 'muted' : 'pill warn'} data-testid="checklist-unsent">
        {props.pendingRecords === 0
          ? t('checklist.allSent')
          : t('checklist.unsent', { count: props.pendingRecords })}
      </p>
    </section>
  );
}

/** Tickets still open, all chosen to begin with: end the chosen ones as served, no-show, or cancelled with a reason. */
function TicketGroup(props: { title: string; testId: string; tickets: LocalTicket[] }) {
  const ctx = useRecordContext();
  const catalogue = useCatalogue();
  const [unchosen, setUnchosen] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonId = useId();
  const t = useStaffT();
  const chosen = props.tickets.filter((ticket) => !unchosen.has(ticket.id));
  const category = (code: string) => catalogue?.categories.find((c) => c.code === code)?.name ?? code;

  const end = async (ending: TicketEnding) => {
    setProblem(null);
    if (chosen.length === 0) return setProblem(t('checklist.chooseTicket'));
    if (ending.kind === 'cancelled' && !ending.reason.trim()) return setProblem(t('checklist.reasonMissing'));
    setBusy(true);
    try {
      await endTickets(ctx, chosen.map((ticket) => ticket.id), ending);
      setReason('');
    } catch (error) {
      setProblem(staffErrorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="checklist-group" data-testid={props.testId}>
      <legend>{t('checklist.group', { title: props.title, n: props.tickets.length })}</legend>
      <ul className="queue">
        {props.tickets.map((ticket) => (
          <li key={ticket.id}>
            <label className="checkbox-row">
              <input
                type="checkbox"
                checked={!unchosen.has(ticket.id)}
                onChange={(e) => {
                  const next = new Set(unchosen);
                  if (e.target.checked) next.delete(ticket.id);
                  else next.add(ticket.id);
                  setUnchosen(next);
                }}
              />
              <strong className="ticket-number">{ticket.number}</strong> {category(ticket.categoryCode)}
            </label>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void end({ kind: 'served' })}>
          {t('checklist.markServed', { n: chosen.length })}
        </button>
        <button type="button" disabled={busy} onClick={() => void end({ kind: 'no_show' })}>
          {t('checklist.markNoShow', { n: chosen.length })}
        </button>
      </div>
      <div className="field">
        <label htmlFor={reasonId}>{t('checklist.cancelReason', { group: props.title.toLowerCase() })}</label>
        <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="button" disabled={busy} onClick={() => void end({ kind: 'cancelled', reason })}>
        {t('checklist.cancelChosen', { n: chosen.length })}
      </button>
      {problem && (
        <p role="alert" className="field-error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
