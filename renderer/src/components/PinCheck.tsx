import { useEffect, useId, useState, type FormEvent } from 'react';
import type { CatalogueStaff } from '../../../shared';
import { useKiosk } from '../context';
import { useCatalogue } from '../hooks';
import { dataKeyFor } from '../host/data-key';
import { readLockout, writeLockout } from '../db/pin-lockout';
import { lockoutAfterFailure, verifyPin } from '../pin';
import { refetchCatalogue } from '../sync/pull';
import { openPinHash } from '../pin-seal';
import { useStaffT } from '../i18n/staff';

/**
 * Pick a name, type a PIN, checked offline against the synced staff list. Wrong PINs lock the pad for a growing time.
 * Used to sign in, and for a second person's confirmation (float count, close-out sign-off).
 */
export function PinCheck(props: {
  title: string;
  role?: 'supervisor';
  exclude?: string;
  /** Only this person may answer (the locked window's own clerk). */
  only?: string;
  submitLabel: string;
  onVerified: (staff: CatalogueStaff) => void;
  onCancel?: () => void;
}) {
  const { db, host, sync } = useKiosk();
  const catalogue = useCatalogue();
  const [staffId, setStaffId] = useState(props.only ?? '');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [lockedUntil, setLockedUntil] = useState(0);
  const selectId = useId();
  const pinId = useId();
  const t = useStaffT();

  useEffect(() => {
    void readLockout(db).then((l) => setLockedUntil(l.lockedUntil));
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [db]);

  if (catalogue === undefined) return null;
  if (catalogue === null) {
    return (
      <p role="alert" className="card">
        {t('pin.noStaffList')}
      </p>
    );
  }
  const people = catalogue.staff.filter((s) => s.active && (!props.role || s.role === props.role) && s.id !== props.exclude && (!props.only || s.id === props.only));
  const locked = lockedUntil > now;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const person = people.find((p) => p.id === staffId);
    if (!person) return setError(t('pin.chooseName'));
    if (!/^\d{4,8}$/.test(pin)) return setError(t('pin.pinFormat'));
    const lockout = await readLockout(db);
    if (lockout.lockedUntil > Date.now()) return setLockedUntil(lockout.lockedUntil);
    setBusy(true);
    try {
      let stored;
      try {
        stored = await openPinHash(await dataKeyFor(host), person);
      } catch {
        // Stored in the clear (before wrapping) or under another device key: fetch the staff list again.
        await refetchCatalogue(db);
        void sync.trigger();
        setPin('');
        return setError(t('pin.refetchStaffList'));
      }
      if (await verifyPin(pin, stored)) {
        await writeLockout(db, { failures: 0, lockedUntil: 0 });
        setPin('');
        props.onVerified(person);
      } else {
        const next = lockoutAfterFailure(lockout, Date.now());
        await writeLockout(db, next);
        setLockedUntil(next.lockedUntil);
        setPin('');
        setError(next.lockedUntil ? t('pin.wrongLocked') : t('pin.wrong'));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card pin-check" onSubmit={(e) => void submit(e)} noValidate aria-label={props.title}>
      <h2>{props.title}</h2>
      <div className="field">
        <label htmlFor={selectId}>{t('pin.name')}</label>
        <select id={selectId} value={staffId} onChange={(e) => setStaffId(e.target.value)}>
          <option value="">{t('pin.choose')}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {t('pin.person', { name: p.name, role: t(`pin.roles.${p.role}`) })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={pinId}>{t('pin.pin')}</label>
        <input
          id={pinId}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          maxLength={8}
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          disabled={locked}
          aria-describedby={error || locked ? `${pinId}-msg` : undefined}
        />
      </div>
      {(error || locked) && (
        <p id={`${pinId}-msg`} role="alert" className="field-error">
          {locked ? t('pin.tooMany', { seconds: Math.ceil((lockedUntil - now) / 1000) }) : error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || locked}>
          {busy ? t('pin.checking') : props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            {t('pin.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
