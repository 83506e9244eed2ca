import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import { officeRoleAllows, type OfficeRole, type OfficeSessionResponse } from '../../shared';
import { currentSession, signOut, whenSignedOut } from './api';
import { SignIn } from './SignIn';
import { Requests311 } from './Requests311';
import { Accounts } from './Accounts';
import { Audit } from './Audit';
import { Fleet } from './Fleet';
import { Days } from './Days';
import { Voice } from './Voice';
import { Catalogue } from './Catalogue';
import { Staff } from './Staff';
import { Questions } from './Questions';
// The KPI page pulls the charting library: it is fetched when someone opens it, not with the console's first screen.
const Kpis = lazy(() => import('./Kpis').then((m) => ({ default: m.Kpis })));

export interface SectionProps {
  session: OfficeSessionResponse;
}

interface Section {
  path: string;
  title: string;
  role: OfficeRole;
  Component: ComponentType<SectionProps>;
}

const SECTIONS: Section[] = [
  { path: 'fleet', title: 'Fleet', role: 'viewer', Component: Fleet },
  { path: 'days', title: 'Money and days', role: 'viewer', Component: Days },
  { path: 'kpis', title: 'KPIs over time', role: 'viewer', Component: Kpis },
  { path: 'requests', title: '311 requests', role: 'viewer', Component: Requests311 },
  { path: 'voice', title: "Residents' voice", role: 'viewer', Component: Voice },
  { path: 'catalogue', title: 'Catalogue', role: 'admin', Component: Catalogue },
  { path: 'staff', title: 'Staff', role: 'admin', Component: Staff },
  { path: 'questions', title: 'Questions for residents', role: 'admin', Component: Questions },
  { path: 'accounts', title: 'Office accounts', role: 'admin', Component: Accounts },
  { path: 'audit', title: 'Audit log', role: 'admin', Component: Audit },
];

function currentPath(): string {
  return window.location.hash.replace(/^#\/?/, '') || 'fleet';
}

export function OfficeApp() {
  const [session, setSession] = useState<OfficeSessionResponse | null | 'loading'>('loading');
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    whenSignedOut(() => {
      setSession(null);
      setNotice('Your session has ended. Sign in again.');
    });
    currentSession().then(setSession, () => setSession(null));
  }, []);

  if (session === 'loading') return <p className="loading">Loading…</p>;
  if (!session) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          setNotice(null);
          setSession(s);
        }}
      />
    );
  }
  return (
    <Shell
      session={session}
      onSignedOut={() => {
        setNotice('You are signed out.');
        setSession(null);
      }}
    />
  );
}

function Shell({ session, onSignedOut }: { session: OfficeSessionResponse; onSignedOut: () => void }) {
  const [path, setPath] = useState(currentPath);
  const heading = useRef<HTMLHeadingElement>(null);
  const allowed = SECTIONS.filter((s) => officeRoleAllows(session.user.role, s.role));
  const section = allowed.find((s) => s.path === path);

  useEffect(() => {
    const onHash = () => setPath(currentPath());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  // A new section takes the focus to its heading, so a keyboard or screen-reader user starts reading there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [path]);

  const doSignOut = useCallback(async () => {
    await signOut().catch(() => undefined);
    onSignedOut();
  }, [onSignedOut]);

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <p className="brand">City Hall To Go · Office console</p>
        <p className="who">
          Signed in as <strong>{session.user.email}</strong> ({session.user.role})
        </p>
        <button type="button" onClick={doSignOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Sections">
        <ul>
          {allowed.map((s) => (
            <li key={s.path}>
              <a href={`#/${s.path}`} aria-current={s.path === section?.path ? 'page' : undefined}>
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {section?.title ?? 'Not available'}
        </h1>
        {section ? (
          <Suspense
            fallback={
              <p role="status" className="loading">
                Loading {section.title}…
              </p>
            }
          >
            <section.Component session={session} />
          </Suspense>
        ) : (
          <p>This section is not there, or your role ({session.user.role}) may not open it.</p>
        )}
      </main>
    </>
  );
}
