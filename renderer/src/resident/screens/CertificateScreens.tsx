import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { computeFee, type CatalogueService } from '../../../../shared';
import { DomainError, orderCertificate } from '../../db/actions';
import { ClosedForToday } from './HomeScreen';
import { useCatalogue, useCityTimeZone, useCounterState, useRecordContext } from '../../hooks';
import { NoCatalogueScreen, BackButton, ChoiceGroup, DoneButton, FormScreen, Notice, ProblemText, Reference, ScreenFrame, TextField, useFormat, useResidentForm } from '../parts';
import { useResident } from '../store';
import { checkCopies, checkDate, checkText, localToday, MAX_COPIES, MIN_COPIES, type Problems } from '../validation';
import { DateField } from '../date-field';

type CertificateType = 'birth' | 'marriage' | 'death';
type Field = 'certificateType' | 'copies' | 'nameOnRecord' | 'eventDate' | 'eventPlace' | 'requesterName';

const TYPES: CertificateType[] = ['birth', 'marriage', 'death'];

/** The certificate services a resident may order here, by type: per-unit fees from the catalogue. */
function orderableServices(services: readonly CatalogueService[]): Map<CertificateType, CatalogueService & { feeRule: { kind: 'per_unit' } }> {
  const found = new Map<CertificateType, CatalogueService & { feeRule: { kind: 'per_unit' } }>();
  for (const service of services) {
    if (service.residentOrderable && service.certificateType && service.feeRule.kind === 'per_unit' && !found.has(service.certificateType)) {
      found.set(service.certificateType, service as CatalogueService & { feeRule: { kind: 'per_unit' } });
    }
  }
  return found;
}

/** The number of copies, with large − and + buttons around it. */
function CopiesStepper(props: { value: number; onChange: (value: number) => void; problem: Problems<Field>['copies'] }) {
  const { t } = useTranslation();
  const id = useId();
  const current = Number.isInteger(props.value) ? props.value : 1;
  const [text, setText] = useState(String(props.value));
  const set = (value: number) => {
    const next = Math.min(MAX_COPIES, Math.max(MIN_COPIES, value));
    setText(String(next));
    props.onChange(next);
  };
  return (
    <div className={`r-field ${props.problem ? 'r-field-invalid' : ''}`}>
      <label htmlFor={id}>{t('certificate.copies')}</label>
      <div className="r-stepper">
        <button type="button" className="r-btn r-step" onClick={() => set(current - 1)} aria-controls={id}>
          <span aria-hidden="true">−</span>
          <span className="sr-only">{t('certificate.fewer')}</span>
        </button>
        <input
          id={id}
          type="text"
          inputMode="numeric"
          className="r-step-value"
          value={text}
          autoComplete="off"
          data-field="copies"
          aria-invalid={props.problem ? true : undefined}
          aria-describedby={props.problem ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            const digits = e.target.value.trim();
            props.onChange(/^\d{1,3}$/.test(digits) ? Number(digits) : Number.NaN);
          }}
        />
        <button type="button" className="r-btn r-step" onClick={() => set(current + 1)} aria-controls={id}>
          <span aria-hidden="true">+</span>
          <span className="sr-only">{t('certificate.more')}</span>
        </button>
      </div>
      <ProblemText id={`${id}-error`} problem={props.problem} />
    </div>
  );
}

/** Start a certificate order here; the resident pays at the counter, where it shows as a pending order. */
export function CertificateScreen() {
  const { t, i18n } = useTranslation();
  const ctx = useRecordContext(true);
  const catalogue = useCatalogue();
  const format = useFormat();
  const go = useResident((s) => s.go);

  const [certificateType, setCertificateType] = useState<CertificateType | null>(null);
  const [copies, setCopies] = useState(1);
  const [nameOnRecord, setNameOnRecord] = useState('');
  const [eventDate, setEventDate] = useState('');
  const [eventPlace, setEventPlace] = useState('');
  const [requesterName, setRequesterName] = useState('');
  const [closedMeanwhile, setClosedMeanwhile] = useState(false);
  const counter = useCounterState();

  const timeZone = useCityTimeZone();
  const services = orderableServices(catalogue?.services ?? []);
  const types = TYPES.filter((type) => services.has(type));
  const today = localToday(timeZone);

  const check = (): Problems<Field> => ({
    certificateType: certificateType ? null : { key: 'errors.chooseOne' },
    copies: checkCopies(copies),
    nameOnRecord: checkText(nameOnRecord, { required: true, max: 200 }),
    eventDate: checkDate(eventDate, today),
    eventPlace: checkText(eventPlace, { max: 200 }),
    requesterName: checkText(requesterName, { required: true, max: 200 }),
  });
  const { problems, wire } = useResidentForm(check);

  // The fee of the chosen certificate, or of all of them when they cost the same.
  const unitFees = [...new Set(types.map((type) => services.get(type)!.feeRule.unitCents))];
  const service = certificateType ? services.get(certificateType) : types.length > 0 && unitFees.length === 1 ? services.get(types[0]!) : undefined;
  const fee = service && Number.isInteger(copies) ? computeFee(service.feeRule, { [service.feeRule.quantityField]: copies }) : null;

  // What is ordered is priced as the counter will price it: the chosen type's fee for the copies asked.
  const chosen = certificateType ? services.get(certificateType) : undefined;
  const chosenFee = chosen ? computeFee(chosen.feeRule, { [chosen.feeRule.quantityField]: copies }) : null;
  const order = async (type: CertificateType, unitFeeCents: number, amountCents: number) => {
    const placed = await orderCertificate(ctx, {
      certificateType: type,
      copies,
      nameOnRecord: nameOnRecord.trim(),
      eventDate: eventDate.trim(),
      eventPlace: eventPlace.trim(),
      requesterName: requesterName.trim(),
      unitFeeCents,
      amountCents,
      // The counter prints this order's receipt in the resident's language.
      language: i18n.language,
    });
    go({ name: 'certificateDone', reference: placed.localReference, amountCents: placed.amountCents, copies: placed.copies, unitFeeCents: placed.unitFeeCents });
  };
  const closedNow = (error: unknown) => {
    if (!(error instanceof DomainError && (error.code === 'counter_closed' || error.code === 'no_open_stop'))) return false;
    setClosedMeanwhile(true);
    return true;
  };

  if (catalogue === undefined || counter === undefined) return null;
  if (types.length === 0) {
    return <NoCatalogueScreen screen="certificate" title={t('certificate.title')} testId="certificate-title" />;
  }
  // Orders are paid at the counter: none is taken while it is not open.
  if (counter.kind !== 'open' || closedMeanwhile) {
    return (
      <ScreenFrame screen="certificate" title={t('certificate.title')} testId="certificate-title" actions={<BackButton />}>
        {counter.kind === 'notOpen' ? <Notice testId="no-stop">{t('ticket.noStop')}</Notice> : <ClosedForToday next={counter.kind === 'closedToday' ? counter.next : null} />}
      </ScreenFrame>
    );
  }

  return (
    <FormScreen
      screen="certificate"
      title={t('certificate.title')}
      prompt={t('home.orderCertificateHint')}
      testId="certificate-title"
      form={wire(certificateType && chosenFee?.ok ? () => order(certificateType, chosenFee.unitFeeCents ?? 0, chosenFee.amountCents) : null, closedNow)}
      submitTestId="submit-certificate"
    >
      <ChoiceGroup
        legend={t('certificate.type')}
        name="certificateType"
        value={certificateType}
        onChange={setCertificateType}
        problem={problems.certificateType}
        options={types.map((type) => ({ value: type, label: t(`certificate.${type}`) }))}
      />
      <CopiesStepper value={copies} onChange={setCopies} problem={problems.copies} />
      <TextField name="nameOnRecord" label={t('certificate.nameOnRecord')} value={nameOnRecord} onChange={setNameOnRecord} problem={problems.nameOnRecord} required maxLength={200} />
      <DateField name="eventDate" label={t('certificate.eventDate')} value={eventDate} onChange={setEventDate} problem={problems.eventDate} required />
      <TextField name="eventPlace" label={t('certificate.eventPlace')} value={eventPlace} onChange={setEventPlace} problem={problems.eventPlace} maxLength={200} />
      <TextField name="requesterName" label={t('certificate.requesterName')} value={requesterName} onChange={setRequesterName} problem={problems.requesterName} required maxLength={200} />
      {fee?.ok && (
        <div className="r-fee" aria-live="polite" data-testid="certificate-fee">
          <p className="r-strong">{t('certificate.fee', { amount: format.money(fee.amountCents) })}</p>
          <p className="r-hint">{t('certificate.feeDetail', { copies: fee.quantity, unit: format.money(fee.unitFeeCents ?? 0) })}</p>
          <p>{t('certificate.payAtCounter')}</p>
        </div>
      )}
    </FormScreen>
  );
}

/** The order is waiting at the counter: its number, the fee, and where to pay. */
export function CertificateDoneScreen(props: { reference: string; amountCents: number; copies: number; unitFeeCents: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ScreenFrame screen="certificate-done" tone="done" title={t('certificate.payAtCounter')} testId="certificate-done-title" actions={<DoneButton />}>
      <Reference label={t('certificate.orderNumber')} value={props.reference} testId="order-reference" />
      <p className="r-strong" data-testid="order-fee" data-speak>
        {t('certificate.fee', { amount: format.money(props.amountCents) })}
      </p>
      <p className="r-hint">{t('certificate.feeDetail', { copies: props.copies, unit: format.money(props.unitFeeCents) })}</p>
      <p data-speak>{t('certificate.payAtCounterHint')}</p>
    </ScreenFrame>
  );
}
