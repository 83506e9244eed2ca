import { useId, useState } from 'react';
import { answerHelp, DomainError, endTickets, type TicketEnding } from '../db/actions';
import type { LocalCertificateOrder, LocalStop, LocalTicket } from '../db/db';
import { isChecklistClear, type DayCloseChecklist } from '../db/day-close';
import { useCatalogue, useRecordContext } from '../hooks';
import { OrderRow } from '../staff/Notices';

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
  const clear = isChecklistClear(c);
  const open = c.waiting.length + c.calledNotServed.length + c.unpaidOrders.length + c.openHelpCalls.length;
  return (
    <section className="card" aria-labelledby="checklist-title" data-testid="close-checklist">
      <h2 id="checklist-title">Before closing the day</h2>
      <p className={clear ? 'pill ok' : 'pill warn'} data-testid="checklist-state">
        {clear ? 'Nothing is left open at this stop.' : `${open} ${open === 1 ? 'thing' : 'things'} to resolve before the day can close.`}
      </p>
      {c.waiting.length > 0 && <TicketGroup title="Residents still waiting" testId="checklist-waiting" tickets={c.waiting} />}
      {c.calledNotServed.length > 0 && <TicketGroup title="Called but not served" testId="checklist-called" tickets={c.calledNotServed} />}
      {c.unpaidOrders.length > 0 && (
        <div className="checklist-group" data-testid="checklist-orders">
          <h3>Unpaid certificate orders ({c.unpaidOrders.length})</h3>
          <p className="muted">Take the payment, cancel with a reason, or carry the order over to the van's next stop.</p>
          <ul className="queue">
            {c.unpaidOrders.map((o) => (
              <OrderRow key={o.id} order={o} dayClosed={false} onTakePayment={props.onTakePayment} allowCarryOver />
            ))}
          </ul>
        </div>
      )}
      {c.openHelpCalls.length > 0 && (
        <div className="checklist-group" data-testid="checklist-help">
          <h3>Help calls not answered ({c.openHelpCalls.length})</h3>
          <ul className="queue">
            {c.openHelpCalls.map((h) => (
              <li key={h.id}>
                <span>Call from the touchscreen{h.language ? ` (${h.language})` : ''}</span>
                <button type="button" onClick={() => void answerHelp(ctx, h.id)}>
                  Mark answered
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className={props.pendingRecords === 0 ? 'muted' : 'pill warn'} data-testid="checklist-unsent">
        {props.pendingRecords === 0
          ? 'Every record has reached the central office.'
          : `${props.pendingRecords} ${props.pendingRecords === 1 ? 'record has' : 'records have'} not reached the central office yet. That does not stop the close: they go when the van is online.`}
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
  const chosen = props.tickets.filter((t) => !unchosen.has(t.id));
  const category = (code: string) => catalogue?.categories.find((c) => c.code === code)?.name ?? code;

  const end = async (ending: TicketEnding) => {
    setProblem(null);
    if (chosen.length === 0) return setProblem('Choose at least one ticket.');
    if (ending.kind === 'cancelled' && !ending.reason.trim()) return setProblem('Give a reason for cancelling.');
    setBusy(true);
    try {
      await endTickets(ctx, chosen.map((t) => t.id), ending);
      setReason('');
    } catch (error) {
      setProblem(error instanceof DomainError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="checklist-group" data-testid={props.testId}>
      <legend>
        {props.title} ({props.tickets.length})
      </legend>
      <ul className="queue">
        {props.tickets.map((t) => (
          <li key={t.id}>
            <label className="checkbox-row">
              <input
                type="checkbox"
                checked={!unchosen.has(t.id)}
                onChange={(e) => {
                  const next = new Set(unchosen);
                  if (e.target.checked) next.delete(t.id);
                  else next.add(t.id);
                  setUnchosen(next);
                }}
              />
              <strong className="ticket-number">{t.number}</strong> {category(t.categoryCode)}
            </label>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void end({ kind: 'served' })}>
          Mark chosen as served ({chosen.length})
        </button>
        <button type="button" disabled={busy} onClick={() => void end({ kind: 'no_show' })}>
          Mark chosen as no-show ({chosen.length})
        </button>
      </div>
      <div className="field">
        <label htmlFor={reasonId}>Reason for cancelling ({props.title.toLowerCase()})</label>
        <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="button" disabled={busy} onClick={() => void end({ kind: 'cancelled', reason })}>
        Cancel chosen with this reason ({chosen.length})
      </button>
      {problem && (
        <p role="alert" className="field-error">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
