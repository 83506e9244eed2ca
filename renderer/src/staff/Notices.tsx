import { useLiveQuery } from 'dexie-react-hooks';
import { formatMoney } from '../../../shared';
import { answerHelp } from '../db/actions';
import type { LocalCertificateOrder } from '../db/db';
import { useKiosk } from '../context';
import { useRecordContext } from '../hooks';

/** Calls for help from the touchscreen, and certificate orders waiting for payment at the counter. */
export function Notices(props: { onTakePayment: (order: LocalCertificateOrder) => void }) {
  const { db } = useKiosk();
  const ctx = useRecordContext();
  const help = useLiveQuery(() => db.helpRequests.filter((h) => h.answeredAt === null).toArray(), [db]);
  const orders = useLiveQuery(() => db.certificateOrders.where('status').equals('pending').sortBy('orderedAt'), [db]);
  return (
    <>
      {help && help.length > 0 && (
        <section className="card notice" role="alert" aria-labelledby="help-title">
          <h2 id="help-title">A resident asks for help at the touchscreen</h2>
          <ul>
            {help.map((h) => (
              <li key={h.id}>
                Since {new Date(h.requestedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
                {h.language ? ` · language: ${h.language}` : ''}
                <button type="button" onClick={() => void answerHelp(ctx, h.id)}>
                  On my way
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card" aria-labelledby="orders-title">
        <h2 id="orders-title">Certificate orders to pay</h2>
        {orders?.length === 0 && <p>No pending orders.</p>}
        <ul className="queue" data-testid="pending-orders">
          {orders?.map((o) => (
            <li key={o.id}>
              <strong>{o.localReference}</strong>
              <span>
                {o.copies} × {o.certificateType} certificate for {o.nameOnRecord} ({formatMoney(o.amountCents)})
              </span>
              <button type="button" onClick={() => props.onTakePayment(o)}>
                Take payment
              </button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
