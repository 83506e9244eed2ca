import { SyncStatusBar } from './components/SyncStatusBar';
import { useKiosk } from './context';
import { signIn, signOut } from './db/actions';
import { useRecordContext } from './hooks';
import { useSession } from './session';
import { PinCheck } from './staff/PinCheck';
import { StaffConsole } from './staff/StaffConsole';
import { SupervisorArea } from './supervisor/SupervisorArea';

/** The staff window: sign in with a PIN, then the clerk's console, or the supervisor's screens behind a supervisor PIN. */
export function StaffShell(props: { area: 'staff' | 'supervisor' }) {
  const { config } = useKiosk();
  const staff = useSession((s) => s.staff);
  const setStaff = useSession((s) => s.setStaff);
  const ctx = useRecordContext();
  const needsSupervisor = props.area === 'supervisor' && staff?.role !== 'supervisor';

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          {config.cityName} <span className="van">· {config.vanName}</span>
        </h1>
        <nav aria-label="Staff areas" className="nav">
          <a href="#/staff" aria-current={props.area === 'staff' ? 'page' : undefined}>
            Counter
          </a>
          <a href="#/supervisor" aria-current={props.area === 'supervisor' ? 'page' : undefined}>
            Supervisor
          </a>
        </nav>
        {staff && (
          <span className="who">
            {staff.name} ({staff.role}){' '}
            <button
              type="button"
              onClick={() => {
                void signOut({ ...ctx, actorId: staff.id }, staff.id, 'manual');
                setStaff(null);
              }}
            >
              Sign out
            </button>
          </span>
        )}
        <SyncStatusBar />
      </header>
      <main>
        {!staff || needsSupervisor ? (
          <PinCheck
            title={needsSupervisor ? 'Supervisor sign-in' : 'Sign in'}
            role={props.area === 'supervisor' ? 'supervisor' : undefined}
            submitLabel="Sign in"
            onVerified={(person) => {
              const next = { id: person.id, name: person.name, role: person.role };
              void signIn({ ...ctx, actorId: person.id }, next);
              setStaff(next);
            }}
          />
        ) : props.area === 'supervisor' ? (
          <SupervisorArea />
        ) : (
          <StaffConsole />
        )}
      </main>
    </div>
  );
}
