import { useId, useState, type FormEvent } from 'react';
import type { DeviceIdentity, KioskHost } from '../../../shared';
import { useStaffT } from '../i18n/staff';

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
  const t = useStaffT();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!code.trim()) {
      setError(t('enrol.codeMissing'));
      return;
    }
    setBusy(true);
    try {
      // The host enrols: under Electron main makes the request and keeps the token; the page never holds it.
      const result = await props.host.enrol({ apiUrl: apiUrl.trim(), code: code.trim(), deviceId: props.existingDeviceId });
      if (result.ok) props.onEnrolled(result.device);
      // The code picks the words (the host's or the office's English message is for logs); an unknown code reads as a failed enrolment.
      else setError(t(`enrol.errors.${result.code}`, { defaultValue: t('enrol.failed') }));
    } catch {
      setError(t('enrol.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="enrol">
      <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="enrol-title">
        <h1 id="enrol-title">{props.existingDeviceId ? t('enrol.titleAgain') : t('enrol.title')}</h1>
        <p>
          {props.existingDeviceId
            ? t('enrol.introAgain')
            : t('enrol.intro')}
        </p>
        <div className="field">
          <label htmlFor={urlId}>{t('enrol.apiUrl')}</label>
          <input id={urlId} value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} inputMode="url" autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={codeId}>{t('enrol.code')}</label>
          <input
            id={codeId}
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            placeholder={t('enrol.codePlaceholder')}
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
          {busy ? t('enrol.connecting') : t('enrol.submit')}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel} style={{ marginTop: '0.75rem', width: '100%' }}>
            {t('enrol.notNow')}
          </button>
        )}
      </form>
    </main>
  );
}
