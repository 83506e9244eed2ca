import { lazy, Suspense, useEffect } from 'react';
import { SyncStatusBar } from './components/SyncStatusBar';
import { useKiosk } from './context';
import { signIn, signOut } from './db/actions/session';
import { useCatalogue, useRecordContext } from './hooks';
import { useSession } from './session';
import { HelpCallBanner } from './staff/HelpCallBanner';
import { IdleLock, STAFF_ACTIVITY_EVENTS } from './staff/idle-lock';
import { PinCheck } from './components/PinCheck';
import { useStaffT } from './i18n/staff';

// The window opens on the sign-in form: the counter and the supervisor's screens load once someone has signed in.
const StaffConsole = lazy(() => import('./staff/StaffConsole').then((m) => ({ default: m.StaffConsole })));
const SupervisorArea = lazy(() => import('./supervisor/SupervisorArea').then((m) => ({ default: m.SupervisorArea })));

/**
 * The staff window: sign in with a PIN, then the clerk's console, or the supervisor's screens behind a supervisor PIN.
 * The sign-in survives a reload; after the configured idle time the window locks until the same person's PIN.
 */
export function StaffShell(props: { area: 'staff' | 'supervisor' }) {
  const { config } = useKiosk();
  const catalogue = useCatalogue();
  const staff = useSession((s) => s.staff);
  const locked = useSession((s) => s.locked);
  const setStaff = useSession((s) => s.setStaff);
  const lock = useSession((s) => s.lock);
  const unlock = useSession((s) => s.unlock);
  const touch = useSession((s) => s.touch);
  const ctx = useRecordContext();
  const t = useStaffT();
  const needsSupervisor = props.area === 'supervisor' && staff?.role !== 'supervisor';

  // A restored session names someone the synced staff list must still know, with the same role, still active.
  useEffect(() => {
    if (!staff || !catalogue) return;
    const known = catalogue.staff.find((s) => s.id === staff.id);
    if (!known || !known.active || known.role !== staff.role) setStaff(null);
  }, [staff, catalogue, setStaff]);

  // The idle lock: activity anywhere in the window keeps it open; a reload resumes the count from the last activity.
  useEffect(() => {
    if (!staff || locked) return;
    const idle = new IdleLock(
      {
        idleMs: config.staffIdleLockMs,
        now: () => Date.now(),
        setTimeout: (run, ms) => window.setTimeout(run, ms),
        clearTimeout: (handle) => window.clearTimeout(handle as number),
        onIdle: lock,
      },
      useSession.getState().lastActiveAt || Date.now(),
    );
    const onActivity = () => {
      idle.poke();
      touch();
    };
    for (const type of STAFF_ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { capture: true, passive: true });
    idle.start();
    return () => {
      idle.stop();
      for (const type of STAFF_ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [staff, locked, config.staffIdleLockMs, lock, touch]);

  const signOutNow = () => {
    if (!staff) return;
    void signOut({ ...ctx, actorId: staff.id }, staff.id, 'manual');
    setStaff(null);
  };

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          {config.cityName} <span className="van">· {config.vanName}</span>
        </h1>
        <nav aria-label={t('shell.areas')} className="nav">
          <a href="#/staff" aria-current={props.area === 'staff' ? 'page' : undefined}>
            {t('shell.counter')}
          </a>
          <a href="#/supervisor" aria-current={props.area === 'supervisor' ? 'page' : undefined}>
            {t('shell.supervisor')}
          </a>
        </nav>
        {staff && (
          <span className="who">
            {t('shell.who', { name: staff.name, role: t(`pin.roles.${staff.role}`) })}
            {locked ? t('shell.locked') : ''}{' '}
            <button type="button" onClick={signOutNow}>
              {t('shell.signOut')}
            </button>
          </span>
        )}
        <SyncStatusBar />
      </header>
      <HelpCallBanner area={props.area} canAnswer={Boolean(staff) && !locked} />
      <main>
        {staff && locked ? (
          <>
            <p className="card lock-note" role="status">
              {t('shell.lockNote', { minutes: Math.round(config.staffIdleLockMs / 60_000), name: staff.name })}
            </p>
            <PinCheck title={t('shell.lockedTitle')} only={staff.id} submitLabel={t('shell.unlock')} onVerified={() => unlock()} />
          </>
        ) : !staff || needsSupervisor ? (
          <PinCheck
            title={needsSupervisor ? t('shell.supervisorSignIn') : t('shell.signIn')}
            role={props.area === 'supervisor' ? 'supervisor' : undefined}
            submitLabel={t('shell.signIn')}
            onVerified={(person) => {
              const next = { id: person.id, name: person.name, role: person.role };
              void signIn({ ...ctx, actorId: person.id }, next);
              setStaff(next);
            }}
          />
        ) : (
          <Suspense fallback={<p className="card" role="status">{t('shell.loading')}</p>}>{props.area === 'supervisor' ? <SupervisorArea /> : <StaffConsole />}</Suspense>
        )}
      </main>
    </div>
  );
}
