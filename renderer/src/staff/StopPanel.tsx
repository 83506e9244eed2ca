import { useId, useState, type FormEvent } from 'react';
import { containsCardNumber, formatMoney, fromCityDateTime, parseMoney, toCityDateTimeInput } from '../../../shared';
import { openStop } from '../db/actions';
import { useCatalogue, useRecordContext } from '../hooks';
import { useSession } from '../session';
import { PinCheck } from '../components/PinCheck';
import { staffT, useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

const HOUR = 3_600_000;
/** A start further than this from now is probably a typo (a wrong month, say): the clerk confirms it first. */
const START_PAST_LIMIT_MS = 2 * HOUR;
const START_FUTURE_LIMIT_MS = 24 * HOUR;
const MAX_STOP_MS = 24 * HOUR;

/** The form's starting hours: from the top of this hour, for four hours, even when that runs past midnight. */
export function defaultStopHours(now: Date, timeZone: string): { start: string; end: string } {
  const wall = toCityDateTimeInput(now, timeZone);
  const start = fromCityDateTime(`${wall.slice(0, 14)}00`, timeZone);
  return { start: toCityDateTimeInput(start, timeZone), end: toCityDateTimeInput(new Date(start.getTime() + 4 * HOUR), timeZone) };
}

/** A datetime-local value read on the city's clock, or null when the field holds no date and time. */
function cityInstant(value: string, timeZone: string): Date | null {
  try {
    return fromCityDateTime(value, timeZone);
  } catch {
    return null;
  }
}

/** How far a start is from now, in words, when it is far enough to need a confirmation. */
function farStart(start: Date, now: Date): string | null {
  const delta = start.getTime() - now.getTime();
  if (delta >= -START_PAST_LIMIT_MS && delta <= START_FUTURE_LIMIT_MS) return null;
  const hours = Math.round(Math.abs(delta) / HOUR);
  const amount = hours >= 48 ? staffT('openStop.far.days', { count: Math.round(hours / 24) }) : staffT('openStop.far.hours', { count: hours });
  return delta < 0 ? staffT('openStop.far.ago', { amount }) : staffT('openStop.far.fromNow', { amount });
}

function TextField(props: { label: string; value: string; onChange: (v: string) => void; error?: string; type?: string; inputMode?: 'decimal' }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        inputMode={props.inputMode}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-e` : undefined}
      />
      {props.error && (
        <p id={`${id}-e`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Opening a stop: where the van is, its planned hours (in the city's time zone), and the float counted by two people. */
export function OpenStopForm() {
  const catalogue = useCatalogue();
  // The hours are shown in the city's zone, which comes with the catalogue: wait for it before filling them in.
  if (catalogue === undefined) return null;
  return <OpenStopFields timeZone={catalogue?.city.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone} />;
}

function OpenStopFields(props: { timeZone: string }) {
  const { timeZone } = props;
  const ctx = useRecordContext();
  const t = useStaffT();
  const staff = useSession((s) => s.staff);
  const [defaults] = useState(() => defaultStopHours(new Date(), timeZone));
  const [neighbourhood, setNeighbourhood] = useState('');
  const [place, setPlace] = useState('');
  const [start, setStart] = useState(defaults.start);
  const [end, setEnd] = useState(defaults.end);
  const [float, setFloat] = useState('100.00');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [startConfirmed, setStartConfirmed] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const startAt = cityInstant(start, timeZone);
  const endAt = cityInstant(end, timeZone);
  const far = startAt ? farStart(startAt, new Date()) : null;

  function check(): Record<string, string> {
    const e: Record<string, string> = {};
    if (!neighbourhood.trim()) e.neighbourhood = t('openStop.neighbourhoodMissing');
    if (!place.trim()) e.place = t('openStop.placeMissing');
    for (const [k, v] of Object.entries({ neighbourhood, place })) if (containsCardNumber(v)) e[k] = t('history.noCardNumbers');
    if (!startAt) e.start = t('openStop.startMissing');
    else if (far && !startConfirmed) e.start = t('openStop.startFar', { far });
    if (!endAt) e.end = t('openStop.endMissing');
    else if (startAt && endAt.getTime() <= startAt.getTime()) e.end = t('openStop.endBeforeStart');
    else if (startAt && endAt.getTime() - startAt.getTime() > MAX_STOP_MS) e.end = t('openStop.tooLong');
    const money = parseMoney(float);
    if (!money.ok) e.float = t('openStop.floatFormat');
    return e;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const e = check();
    setErrors(e);
    if (Object.keys(e).length === 0) setConfirming(true);
  }

  async function open(confirmedBy: string) {
    const money = parseMoney(float);
    if (!money.ok || !startAt || !endAt) return;
    try {
      await openStop(ctx, {
        neighbourhood: neighbourhood.trim(),
        place: place.trim(),
        plannedStart: startAt!.toISOString(),
        plannedEnd: endAt!.toISOString(),
        openingFloatCents: money.cents,
        floatConfirmedBy: confirmedBy,
      });
    } catch (error) {
      setFailure(staffErrorText(t, error));
      setConfirming(false);
    }
  }

  if (confirming && staff) {
    const money = parseMoney(float);
    return (
      <PinCheck
        title={t('openStop.confirmTitle', { amount: money.ok ? formatMoney(money.cents) : float })}
        exclude={staff.id}
        submitLabel={t('openStop.confirmSubmit')}
        onVerified={(person) => void open(person.id)}
        onCancel={() => setConfirming(false)}
      />
    );
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="open-stop-title">
      <h2 id="open-stop-title">{t('openStop.title')}</h2>
      <p>{t('openStop.intro')}</p>
      <TextField label={t('openStop.neighbourhood')} value={neighbourhood} onChange={setNeighbourhood} error={errors.neighbourhood} />
      <TextField label={t('openStop.place')} value={place} onChange={setPlace} error={errors.place} />
      <p className="muted">{t('openStop.timeZone', { timeZone })}</p>
      <TextField
        label={t('openStop.start')}
        type="datetime-local"
        value={start}
        onChange={(v) => {
          setStart(v);
          setStartConfirmed(false);
        }}
        error={errors.start}
      />
      {far && (
        <label className="checkbox-row">
          <input type="checkbox" checked={startConfirmed} onChange={(e) => setStartConfirmed(e.target.checked)} />
          {t('openStop.confirmFar', { far })}
        </label>
      )}
      <TextField label={t('openStop.end')} type="datetime-local" value={end} onChange={setEnd} error={errors.end} />
      <TextField label={t('openStop.float')} inputMode="decimal" value={float} onChange={setFloat} error={errors.float} />
      <button type="submit" className="primary">
        {t('openStop.submit')}
      </button>
      {failure && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
    </form>
  );
}
