import { useId, useState, type FormEvent } from 'react';
import { containsCardNumber, formatMoney, parseMoney } from '../../../shared';
import { DomainError, openStop } from '../db/actions';
import { useRecordContext } from '../hooks';
import { useSession } from '../session';
import { PinCheck } from './PinCheck';

function todayAt(hour: number): string {
  const d = new Date();
  d.setHours(hour, 0, 0, 0);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00`;
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

/** Opening a stop: where the van is, its planned hours, and the opening float counted by two people. */
export function OpenStopForm() {
  const ctx = useRecordContext();
  const staff = useSession((s) => s.staff);
  const [neighbourhood, setNeighbourhood] = useState('');
  const [place, setPlace] = useState('');
  const [start, setStart] = useState(todayAt(new Date().getHours()));
  const [end, setEnd] = useState(todayAt(Math.min(23, new Date().getHours() + 4)));
  const [float, setFloat] = useState('100.00');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  function check(): Record<string, string> {
    const e: Record<string, string> = {};
    if (!neighbourhood.trim()) e.neighbourhood = 'Enter the neighbourhood.';
    if (!place.trim()) e.place = 'Enter the address or place name.';
    for (const [k, v] of Object.entries({ neighbourhood, place })) if (containsCardNumber(v)) e[k] = 'Never type card numbers.';
    if (!start || !end || Date.parse(end) <= Date.parse(start)) e.end = 'The end must be after the start.';
    const money = parseMoney(float);
    if (!money.ok) e.float = 'Enter the float counted into the drawer, like 100.00.';
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
    if (!money.ok) return;
    try {
      await openStop(ctx, {
        neighbourhood: neighbourhood.trim(),
        place: place.trim(),
        plannedStart: new Date(start).toISOString(),
        plannedEnd: new Date(end).toISOString(),
        openingFloatCents: money.cents,
        floatConfirmedBy: confirmedBy,
      });
    } catch (error) {
      setFailure(error instanceof DomainError ? error.message : String(error));
      setConfirming(false);
    }
  }

  if (confirming && staff) {
    const money = parseMoney(float);
    return (
      <PinCheck
        title={`A second person confirms the opening float of ${money.ok ? formatMoney(money.cents) : float}`}
        exclude={staff.id}
        submitLabel="Confirm float and open stop"
        onVerified={(person) => void open(person.id)}
        onCancel={() => setConfirming(false)}
      />
    );
  }
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="open-stop-title">
      <h2 id="open-stop-title">Open a stop</h2>
      <p>No transactions can be recorded until a stop is open.</p>
      <TextField label="Neighbourhood" value={neighbourhood} onChange={setNeighbourhood} error={errors.neighbourhood} />
      <TextField label="Address or place name" value={place} onChange={setPlace} error={errors.place} />
      <TextField label="Planned start" type="datetime-local" value={start} onChange={setStart} />
      <TextField label="Planned end" type="datetime-local" value={end} onChange={setEnd} error={errors.end} />
      <TextField label="Opening float ($)" inputMode="decimal" value={float} onChange={setFloat} error={errors.float} />
      <button type="submit" className="primary">
        Count float with a second person
      </button>
      {failure && (
        <p role="alert" className="field-error">
          {failure}
        </p>
      )}
    </form>
  );
}
