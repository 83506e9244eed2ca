import { useEffect, useId, useState, type FormEvent } from 'react';
import { kioskSettingsSchema, settingsProblemCode, type KioskSettings, type SettingsView } from '../../../shared';
import { useKiosk } from '../context';
import { useStaffT } from '../i18n/staff';
import { staffErrorText } from '../error-text';

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
  const t = useStaffT();

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
        const words = t(`errors.${settingsProblemCode(issue)}`);
        next[field] ??= (field === 'residentIdleMs' || field === 'residentWarningMs') && Number.isNaN(candidate[field]) ? t('settings.wholeSeconds') : words;
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
      setMessage(t('settings.saved'));
    } catch (error) {
      // Why the host could not keep them is for IT (the console has it); the supervisor reads what to do.
      setMessage(t('settings.notSaved', { reason: staffErrorText(t, error, t('settings.tryAgain')) }));
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
      <h2 id={`${id}-title`}>{t('settings.title')}</h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        {field('apiUrl', t('settings.apiUrl'), (p) => <input {...p} value={draft.apiUrl} onChange={set('apiUrl')} inputMode="url" autoComplete="off" />, t('settings.apiUrlHint'))}
        {field('vanName', t('settings.vanName'), (p) => <input {...p} value={draft.vanName} onChange={set('vanName')} autoComplete="off" />)}
        {field('residentDisplay', t('settings.residentDisplay'), (p) => (
          <select {...p} value={draft.residentDisplay} onChange={set('residentDisplay')}>
            <option value="auto">{t('settings.automatic')}</option>
            {view.displays.map((d) => (
              <option key={d.id} value={String(d.id)}>
                {d.label}
                {d.primary ? t('settings.staffScreen') : ''}
              </option>
            ))}
          </select>
        ))}
        {field('printerName', t('settings.printer'), (p) => (
          <select {...p} value={draft.printerName} onChange={set('printerName')}>
            <option value="">{t('settings.defaultPrinter')}</option>
            {view.printers.map((printer) => (
              <option key={printer.name} value={printer.name}>
                {printer.label}
              </option>
            ))}
            {!printerKnown && <option value={draft.printerName}>{t('settings.notConnected', { name: draft.printerName })}</option>}
          </select>
        ))}
        {field('residentIdleMs', t('settings.idle'), (p) => (
          <input {...p} value={draft.residentIdleMs} onChange={set('residentIdleMs')} inputMode="numeric" autoComplete="off" />
        ))}
        {field('residentWarningMs', t('settings.warning'), (p) => (
          <input {...p} value={draft.residentWarningMs} onChange={set('residentWarningMs')} inputMode="numeric" autoComplete="off" />
        ))}
        <button type="submit" className="primary" disabled={busy}>
          {t('settings.save')}
        </button>
      </form>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
