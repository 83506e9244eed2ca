import { useEffect, useId, useState, type FormEvent } from 'react';
import { kioskSettingsSchema, type KioskSettings, type SettingsView } from '../../../shared';
import { useKiosk } from '../context';

type Field = 'apiUrl' | 'vanName' | 'residentDisplay' | 'printerName' | 'residentIdleMs' | 'residentWarningMs';

/**
 * The kiosk's settings a supervisor may change (reached only behind the supervisor PIN): the central office address,
 * the van's name, which screen the resident window uses, the printer receipts go to, and the resident idle times.
 * Checked here and again by the host (main under Electron), which stores them.
 */
export function Settings() {
  const { host, refreshConfig } = useKiosk();
  const [view, setView] = useState<SettingsView | null>(null);
  const [draft, setDraft] = useState<Record<Field, string>>({ apiUrl: '', vanName: '', residentDisplay: 'auto', printerName: '', residentIdleMs: '', residentWarningMs: '' });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    void host.getSettings().then((loaded) => {
      setView(loaded);
      const s = loaded.settings;
      setDraft({
        apiUrl: s.apiUrl,
        vanName: s.vanName,
        residentDisplay: String(s.residentDisplay),
        printerName: s.printerName ?? '',
        residentIdleMs: String(s.residentIdleMs / 1000),
        residentWarningMs: String(s.residentWarningMs / 1000),
      });
    });
  }, [host]);

  if (!view) return null;

  const seconds = (text: string) => (/^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) * 1000 : Number.NaN);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const candidate = {
      apiUrl: draft.apiUrl.trim(),
      vanName: draft.vanName,
      residentDisplay: draft.residentDisplay === 'auto' ? 'auto' : Number(draft.residentDisplay),
      printerName: draft.printerName.trim() === '' ? null : draft.printerName.trim(),
      residentIdleMs: seconds(draft.residentIdleMs),
      residentWarningMs: seconds(draft.residentWarningMs),
    };
    const parsed = kioskSettingsSchema.safeParse(candidate);
    if (!parsed.success) {
      const next: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as Field;
        next[field] ??= field === 'residentIdleMs' || field === 'residentWarningMs' ? (Number.isNaN(candidate[field]) ? 'Enter a whole number of seconds.' : issue.message) : issue.message;
      }
      setErrors(next);
      // The first field to fix gets the focus, so a keyboard or screen-reader user lands on it.
      const first = (['apiUrl', 'vanName', 'residentDisplay', 'printerName', 'residentIdleMs', 'residentWarningMs'] as const).find((f) => next[f]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await host.saveSettings(parsed.data satisfies KioskSettings);
      await refreshConfig();
      setMessage('Settings saved.');
    } catch (error) {
      setMessage(`The settings were not saved: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  }

  const field = (name: Field, label: string, input: (props: { id: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }) => React.ReactNode, hint?: string) => {
    const fieldId = `${id}-${name}`;
    const describedBy = [errors[name] ? `${fieldId}-error` : null, hint ? `${fieldId}-hint` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={fieldId}>{label}</label>
        {input({ id: fieldId, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': describedBy })}
        {hint && (
          <p id={`${fieldId}-hint`} className="hint">
            {hint}
          </p>
        )}
        {errors[name] && (
          <p id={`${fieldId}-error`} role="alert" className="field-error">
            {errors[name]}
          </p>
        )}
      </div>
    );
  };
  const set = (name: Field) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value }));
  const printerKnown = draft.printerName === '' || view.printers.some((p) => p.name === draft.printerName);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Kiosk settings</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        {field('apiUrl', 'Central office address', (p) => <input {...p} value={draft.apiUrl} onChange={set('apiUrl')} inputMode="url" autoComplete="off" />, 'https:// (plain http:// only for this computer).')}
        {field('vanName', 'Van name', (p) => <input {...p} value={draft.vanName} onChange={set('vanName')} autoComplete="off" />)}
        {field('residentDisplay', 'Resident screen', (p) => (
          <select {...p} value={draft.residentDisplay} onChange={set('residentDisplay')}>
            <option value="auto">Automatic (the second screen)</option>
            {view.displays.map((d) => (
              <option key={d.id} value={String(d.id)}>
                {d.label}
                {d.primary ? ' — staff screen' : ''}
              </option>
            ))}
          </select>
        ))}
        {field('printerName', 'Printer', (p) => (
          <select {...p} value={draft.printerName} onChange={set('printerName')}>
            <option value="">The system’s default printer</option>
            {view.printers.map((printer) => (
              <option key={printer.name} value={printer.name}>
                {printer.label}
              </option>
            ))}
            {!printerKnown && <option value={draft.printerName}>{draft.printerName} (not connected)</option>}
          </select>
        ))}
        {field('residentIdleMs', 'Resident screen: idle time before “Are you still there?” (seconds)', (p) => (
          <input {...p} value={draft.residentIdleMs} onChange={set('residentIdleMs')} inputMode="numeric" autoComplete="off" />
        ))}
        {field('residentWarningMs', 'Resident screen: how long the warning stays (seconds)', (p) => (
          <input {...p} value={draft.residentWarningMs} onChange={set('residentWarningMs')} inputMode="numeric" autoComplete="off" />
        ))}
        <button type="submit" className="primary" disabled={busy}>
          Save settings
        </button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
