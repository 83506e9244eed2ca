import { useId, useState, type FormEvent } from 'react';
import type { DeviceIdentity, KioskHost } from '../../../shared';

/**
 * First run (or after the central office refused this device): connect the kiosk with an enrolment code from
 * `npm run admin -- enrol-code --van <name>`. Re-enrolment keeps the device id, so every pending event still goes out.
 */
export function EnrolScreen(props: {
  host: KioskHost;
  defaultApiUrl: string;
  existingDeviceId: string | null;
  onEnrolled: (credentials: DeviceIdentity) => void;
  onCancel?: () => void;
}) {
  const [apiUrl, setApiUrl] = useState(props.defaultApiUrl);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const urlId = useId();
  const codeId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!code.trim()) {
      setError('Enter the enrolment code.');
      return;
    }
    setBusy(true);
    try {
      // The host enrols: under Electron main makes the request and keeps the token; the page never holds it.
      const result = await props.host.enrol({ apiUrl: apiUrl.trim(), code: code.trim(), deviceId: props.existingDeviceId });
      if (result.ok) props.onEnrolled(result.device);
      else setError(result.message);
    } catch {
      setError('Enrolment failed. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="enrol">
      <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="enrol-title">
        <h1 id="enrol-title">{props.existingDeviceId ? 'Enrol this kiosk again' : 'Connect this kiosk'}</h1>
        <p>
          {props.existingDeviceId
            ? 'The central office no longer accepts this kiosk’s key. Enter a new enrolment code: nothing recorded here is lost, and it all syncs once the kiosk is enrolled again.'
            : 'Enter the central office address and the one-time enrolment code your administrator gave you.'}
        </p>
        <div className="field">
          <label htmlFor={urlId}>Central office address</label>
          <input id={urlId} value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} inputMode="url" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={codeId}>Enrolment code</label>
          <input
            id={codeId}
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            placeholder="XXXX-XXXX-XXXX"
            autoComplete="off"
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${codeId}-error` : undefined}
          />
        </div>
        {error && (
          <p id={`${codeId}-error`} role="alert" className="field-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Connecting…' : 'Enrol'}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel} style={{ marginTop: '0.75rem', width: '100%' }}>
            Not now
          </button>
        )}
      </form>
    </main>
  );
}
