import { useId, useState } from 'react';
import { formatMoney } from '../../../shared';
import { cancelOrder, carryOverOrder } from '../db/actions';
import type { LocalCertificateOrder, LocalStop } from '../db/db';
import { useOrdersAtStop } from '../db/hooks';
import { useRecordContext } from '../hooks';
import { useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

/** Certificate orders waiting for payment at this stop's counter (help calls have their own banner on every staff screen). */
export function Notices(props: { stop: LocalStop; onTakePayment: (order: LocalCertificateOrder) => void }) {
  const orders = useOrdersAtStop(props.stop.id);
  const dayClosed = Boolean(props.stop.dayClosedAt);
  const t = useStaffT();
  return (
    <>
      <section className="card" aria-labelledby="orders-title">
        <h2 id="orders-title">{t('orders.title')}</h2>
        {orders?.length === 0 && <p>{t('orders.none')}</p>}
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
  const t = useStaffT();
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
      setProblem(staffErrorText(t, error));
    }
  };
  return (
    <li>
      <strong>{o.localReference}</strong>
      <span>
        {t('orders.summary', { copies: o.copies, type: t(`orders.certificateTypes.${o.certificateType}`), name: o.nameOnRecord, amount: formatMoney(o.amountCents) })}
        {o.carriedOverFrom ? t('orders.carriedOver') : ''}
      </span>
      {!cancelling && (
        <span className="actions">
          {props.onTakePayment && !props.dayClosed && (
            <button type="button" onClick={() => props.onTakePayment!(o)} aria-label={t('orders.takePaymentFor', { reference: o.localReference })}>
              {t('orders.takePayment')}
            </button>
          )}
          {props.allowCarryOver && (
            <button type="button" onClick={() => void act(() => carryOverOrder(ctx, o.id))} aria-label={t('orders.carryOverLabel', { reference: o.localReference })}>
              {t('orders.carryOver')}
            </button>
          )}
          <button type="button" onClick={() => setCancelling(true)} aria-label={t('orders.cancelLabel', { reference: o.localReference })}>
            {t('orders.cancel')}
          </button>
        </span>
      )}
      {cancelling && (
        <span className="inline-form">
          <label htmlFor={reasonId}>{t('orders.cancelReason', { reference: o.localReference })}</label>
          <input id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" onClick={() => void act(() => cancelOrder(ctx, o.id, reason))}>
            {t('orders.cancelConfirm')}
          </button>
          <button type="button" onClick={() => setCancelling(false)}>
            {t('orders.keep')}
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
