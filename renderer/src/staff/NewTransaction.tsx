import { useState, type FormEvent } from 'react';
import { formatMoney, serviceFee, validateField, validateForm, type Catalogue, type CatalogueService, type FieldInput, type FieldProblem } from '../../../shared';
import type { LocalCertificateOrder, LocalTicket, LocalTransaction } from '../db/db';
import { recordServiceTransaction, serveTicket } from '../db/actions';
import { notSavedMessage } from '../db/storage';
import { ServiceForm } from '../forms/ServiceForm';
import { feeProblemText } from '../forms/field-problem-text';
import { useCatalogue, useRecordContext } from '../hooks';
import { useStaffT } from '../i18n/staff';
import { emptyPayment, PaymentFields, validatePayment, type PaymentDraft, type PaymentErrors } from './PaymentFields';
import { staffErrorText } from '../error-text';

/** Inputs that settle a resident's certificate order: its form already filled in at the touchscreen. */
function orderInputs(order: LocalCertificateOrder): Record<string, FieldInput> {
  return {
    copies: String(order.copies),
    // A pending order is never purged (db/retention.ts); these are always there when the counter takes its payment.
    nameOnRecord: order.nameOnRecord ?? '',
    eventDate: order.eventDate ?? '',
    eventPlace: order.eventPlace ?? '',
    residentName: order.requesterName ?? '',
  };
}

type NewTransactionProps = {
  order?: LocalCertificateOrder;
  ticket?: LocalTicket;
  /** The resident's language, when this transaction starts from their ticket or order: the receipt prints in it. */
  language?: string | null;
  onRecorded: (tx: LocalTransaction) => void;
  onCancel?: () => void;
};

/**
 * Category → service → its form (validated as you type) → fee → payment → recorded, with the receipt ready.
 * The form mounts only once the catalogue is loaded: its starting values (an order's service and answers) come from it.
 */
export function NewTransaction(props: NewTransactionProps) {
  const catalogue = useCatalogue();
  const t = useStaffT();
  if (catalogue === undefined) return <p className="card" role="status">{t('newTx.loadingCatalogue')}</p>;
  if (catalogue === null) return <p className="card">{t('newTx.noCatalogue')}</p>;
  const orderService = props.order && catalogue.services.find((s) => s.certificateType === props.order!.certificateType);
  if (props.order && !orderService) {
    return (
      <section className="card" role="alert">
        <h2>{t('newTx.orderUnpayableTitle', { reference: props.order.localReference })}</h2>
        <p>{t('newTx.orderUnpayable', { type: t(`orders.certificateTypes.${props.order.certificateType}`) })}</p>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('newTx.back')}
          </button>
        )}
      </section>
    );
  }
  return <TransactionForm {...props} catalogue={catalogue} orderService={orderService} />;
}

function TransactionForm(props: NewTransactionProps & { catalogue: Catalogue; orderService: CatalogueService | undefined }) {
  const { catalogue, orderService } = props;
  const ctx = useRecordContext();
  const t = useStaffT();
  const [categoryCode, setCategoryCode] = useState<string | null>(orderService?.categoryCode ?? props.ticket?.categoryCode ?? null);
  const [service, setService] = useState<CatalogueService | null>(orderService ?? null);
  const [inputs, setInputs] = useState<Record<string, FieldInput>>(props.order ? orderInputs(props.order) : {});
  const [errors, setErrors] = useState<Record<string, FieldProblem>>({});
  const [payment, setPayment] = useState<PaymentDraft>(orderService ? { ...emptyPayment, method: orderService.paymentMethods[0] ?? 'cash' } : emptyPayment);
  const [paymentErrors, setPaymentErrors] = useState<PaymentErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const form = service ? validateForm(service.fields, inputs) : null;
  const fee = service && form?.ok ? serviceFee(service, form.values) : null;

  function change(key: string, input: FieldInput) {
    const next = { ...inputs, [key]: input };
    setInputs(next);
    const def = service?.fields.find((f) => f.key === key);
    if (!def) return;
    const result = validateField(def, input);
    setErrors((prev) => {
      const { [key]: _removed, ...rest } = prev;
      return result.ok ? rest : { ...rest, [key]: result.problem };
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!service || !form) return;
    setErrors(form.problems);
    if (!form.ok) return;
    if (!fee?.ok) return setFailure(fee ? t('newTx.feeProblem', { message: feeProblemText(t, fee.problem) }) : t('newTx.feeIncomplete'));
    const paid = validatePayment(payment, fee.amountCents);
    setPaymentErrors(paid.errors);
    if (!paid.payment) return;
    const firstText = service.fields.find((f) => f.type === 'text' && typeof form.values[f.key] === 'string');
    setSaving(true);
    try {
      const tx = await recordServiceTransaction(ctx, {
        serviceCode: service.code,
        serviceName: service.name,
        reference: firstText ? String(form.values[firstText.key]).slice(0, 64) : '',
        quantity: fee.quantity,
        unitFeeCents: fee.unitFeeCents,
        amountCents: fee.amountCents,
        payment: paid.payment,
        catalogueVersion: catalogue.version,
        fields: form.values,
        residentName: typeof form.values.residentName === 'string' ? form.values.residentName : '',
        orderId: props.order?.id ?? null,
        language: props.language ?? null,
      });
      // The resident whose ticket was called has been served: the queue moves on without a second click.
      if (props.ticket && ctx.actorId) {
        // If that fails (served meanwhile in another window) the transaction stands; the ticket shows as it is.
        await serveTicket(ctx, props.ticket.id, ctx.actorId).catch(() => undefined);
      }
      props.onRecorded(tx);
    } catch (error) {
      setFailure(staffErrorText(t, error, notSavedMessage(error)));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="card new-transaction" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-tx-title">
      <h2 id="new-tx-title">{props.order ? t('newTx.titleOrder', { reference: props.order.localReference }) : props.ticket ? t('newTx.titleTicket', { number: props.ticket.number }) : t('newTx.title')}</h2>
      {!props.order && (
        <div className="picker" role="group" aria-label={t('newTx.category')}>
          {catalogue.categories.map((c) => (
            <button
              type="button"
              key={c.code}
              aria-pressed={categoryCode === c.code}
              className={categoryCode === c.code ? 'selected' : ''}
              onClick={() => {
                setCategoryCode(c.code);
                setService(null);
              }}
            >
              {c.name}
            </button>
          ))}
        </div>
      )}
      {categoryCode && !props.order && (
        <div className="picker" role="group" aria-label={t('newTx.service')}>
          {catalogue.services
            .filter((s) => s.categoryCode === categoryCode)
            .map((s) => (
              <button
                type="button"
                key={s.code}
                aria-pressed={service?.code === s.code}
                className={service?.code === s.code ? 'selected' : ''}
                onClick={() => {
                  setService(s);
                  setInputs({});
                  setErrors({});
                  setPayment({ ...emptyPayment, method: s.paymentMethods[0] ?? 'cash' });
                }}
              >
                {s.name}
              </button>
            ))}
        </div>
      )}
      {service && (
        <>
          <h3>{service.name}</h3>
          <ServiceForm fields={service.fields} inputs={inputs} errors={errors} onChange={change} idPrefix={`svc-${service.code}`} disabled={saving} />
          <p className="fee" aria-live="polite" data-testid="fee">
            {fee?.ok ? (
              <>
                {t('newTx.feeLabel')} <strong>{formatMoney(fee.amountCents)}</strong>
                {fee.quantity > 1 && fee.unitFeeCents !== null ? t('newTx.feeUnits', { quantity: fee.quantity, unit: formatMoney(fee.unitFeeCents) }) : ''}
              </>
            ) : (
              t('newTx.feePending')
            )}
          </p>
          {fee?.ok && fee.amountCents > 0 && (
            <PaymentFields draft={payment} errors={paymentErrors} amountCents={fee.amountCents} allowed={service.paymentMethods} onChange={setPayment} />
          )}
          <button type="submit" className="primary" disabled={saving}>
            {saving ? t('newTx.recording') : fee?.ok && fee.amountCents === 0 ? t('newTx.recordNoFee') : t('newTx.record')}
          </button>
        </>
      )}
      {failure && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
      {props.onCancel && (
        <button type="button" onClick={props.onCancel} className="secondary">
          {t('newTx.cancel')}
        </button>
      )}
    </form>
  );
}
