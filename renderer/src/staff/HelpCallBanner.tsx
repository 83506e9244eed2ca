import { useEffect, useRef, useState } from 'react';
import { formatCityTime } from '../../../shared';
import { answerHelp } from '../db/actions/help';
import { useKiosk } from '../context';
import { useCityTimeZone, useRecordContext } from '../hooks';
import { languageOf } from '../i18n/languages';
import { useUnansweredHelpCalls } from '../db/hooks';
import { useStaffT } from '../i18n/staff';
import { browserChime, HelpAlarm, msUntilNextFlag, overdueHelpCalls, type Chime } from './help-alert';
import { staffErrorText } from '../error-text';

/** How often the chime repeats while a call is open. */
const REPEAT_MS = 20_000;

/**
 * On every staff screen, above everything: a resident at the touchscreen asked for help. It chimes when the call comes
 * and again until someone answers (or the resident cancels); a call left too long is flagged to the supervisor.
 */
export function HelpCallBanner(props: { area: 'staff' | 'supervisor'; canAnswer: boolean; chime?: Chime }) {
  const { config } = useKiosk();
  const ctx = useRecordContext();
  const t = useStaffT();
  const timeZone = useCityTimeZone();
  const open = useUnansweredHelpCalls();
  const [now, setNow] = useState(() => Date.now());
  const [failure, setFailure] = useState<string | null>(null);
  const chime = props.chime ?? browserChime;
  const alarm = useRef<HelpAlarm | null>(null);

  useEffect(() => {
    alarm.current = new HelpAlarm(chime, REPEAT_MS, { setInterval: (run, ms) => window.setInterval(run, ms), clearInterval: (h) => window.clearInterval(h as number) });
    return () => alarm.current?.stop();
  }, [chime]);

  useEffect(() => {
    alarm.current?.update((open ?? []).map((h) => h.id));
  }, [open]);

  // Re-read the clock when the next open call becomes overdue, so the flag appears on time without polling.
  useEffect(() => {
    const wait = msUntilNextFlag(open ?? [], Date.now(), config.helpCallFlagMs);
    if (wait === null) return;
    const timer = window.setTimeout(() => setNow(Date.now()), wait + 50);
    return () => window.clearTimeout(timer);
  }, [open, now, config.helpCallFlagMs]);

  if (!open || open.length === 0) return null;
  const overdue = new Set(overdueHelpCalls(open, now, config.helpCallFlagMs).map((h) => h.id));
  const flagMinutes = Math.round(config.helpCallFlagMs / 60_000);

  return (
    <section className="help-banner" role="alert" aria-labelledby="help-banner-title" data-testid="help-banner">
      <h2 id="help-banner-title">{t('help.title')}</h2>
      {props.area === 'supervisor' && overdue.size > 0 && (
        <p className="help-flag" data-testid="help-supervisor-flag">
          {t('help.supervisorFlag', { count: overdue.size, minutes: flagMinutes })}
        </p>
      )}
      <ul>
        {open.map((h) => (
          <li key={h.id}>
            <span>
              {t('help.since', { time: formatCityTime(h.requestedAt, timeZone) })}
              {h.language ? t('help.speaks', { language: languageOf(h.language).name }) : ''}
            </span>
            {overdue.has(h.id) && (
              <span className="pill warn" data-testid="help-overdue">
                {t('help.overdue', { minutes: Math.floor((now - Date.parse(h.requestedAt)) / 60_000) })}
              </span>
            )}
            {props.canAnswer ? (
              <button
                type="button"
                className="primary"
                onClick={() => {
                  setFailure(null);
                  void answerHelp(ctx, h.id).catch((e: unknown) => setFailure(staffErrorText(t, e)));
                }}
              >
                {t('help.answer')}
              </button>
            ) : (
              <span className="muted">{t('help.signInToAnswer')}</span>
            )}
          </li>
        ))}
      </ul>
      {failure && <p className="field-error">{failure}</p>}
    </section>
  );
}
