import { useId, useState } from 'react';
import { formatMoney } from '../../../shared';
import { cancelOrder, carryOverOrder, DomainError } from '../db/actions';
import type { LocalCertificateOrder, LocalStop } from '../db/db';
import { useOrdersAtStop } from '../db/hooks';
import { useRecordContext } from '../hooks';

/** Certificate orders waiting for payment at this stop's counter (help calls have their own banner on every staff screen). */
export function Notices(props: { stop: LocalStop; onTakePayment: (order: LocalCertificateOrder) => void }) {
  const orders = useOrdersAtStop(props.stop.id);
  const dayClosed = Boolean(props.stop.dayClosedAt);
  return (
    <>
      <section className="card" aria-labelledby="orders-title">
        <h2 id="orders-title">Certificate orders to pay</h2>
        {orders?.length === 0 && <p>No pending orders.</p>}
        <ul className="queue" data-testid="pending-orders">
          {orders?.map((o) => <OrderRow key={o.id} order={o} dayClosed={dayClosed} onTakePayment={props.onTakePayment} />)}
        </ul>
      </section>
    </>
  );
}

/** One unpaid order: take its payment, or cancel it with a reason (the resident left, changed their mind). */
export function OrderRow(props: { order: LocalCertificateOrder; dayClosed: boolean; onTakePayment?: (order: LocalCertificateOrder) => void; allowCarryOver?: boolean }) {
  const ctx = useRecordContext();
  const { order: o } = props;
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reasonId = useId();
  const act = async (run: () => Promise<void>) => {
    setProblem(null);
    try {
      await run();
    } catch (error) {
      setProblem(error instanceof DomainError ? error.message : String(error));
    }
  };
  return (
    <li>
      <strong>{o.localReference}</strong>
      <span>
        {o.copies} × {o.certificateType} certificate for {o.nameOnRecord} ({formatMoney(o.amountCents)})
        {o.carriedOverFrom ? ' · carried over from an earlier stop' : ''}
      </span>
      {!cancelling && (
        <span className="actions">
          {props.onTakePayment && !props.dayClosed && (
            <button type="button" onClick={() => props.onTakePayment!(o)} aria-label={`Take payment for ${o.localReference}`}>
              Take payment
            </button>
          )}
          {props.allowCarryOver && (
            <button type="button" onClick={() => void act(() => carryOverOrder(ctx, o.id))} aria-label={`Carry ${o.localReference} over to the next stop`}>
              Carry over to the next stop
            </button>
          )}
          <button type="button" onClick={() => setCancelling(true)} aria-label={`Cancel order ${o.localReference}`}>
            Cancel order
          </button>
        </span>
      )}
      {cancelling && (
        <span className="inline-form">
          <label htmlFor={reasonId}>Reason for cancelling {o.localReference}</label>
          <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" onClick={() => void act(() => cancelOrder(ctx, o.id, reason))}>
            Cancel this order
          </button>
          <button type="button" onClick={() => setCancelling(false)}>
            Keep it
          </button>
        </span>
      )}
      {problem && (
        <span role="alert" className="field-error">
          {problem}
        </span>
      )}
    </li>
  );
}
