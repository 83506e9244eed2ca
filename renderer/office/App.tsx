import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ComponentType } from 'react';
import { officeRoleAllows, type OfficeRole, type OfficeSessionResponse } from '../../shared';
import { currentSession, signOut, whenSignedOut } from './api';
import { officeT, useOfficeT } from './i18n';
import { OfficeTrans } from './i18n/OfficeTrans';
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
  /** Also the section's key in the catalogue: shell.sections.<path>. */
  path: SectionPath;
  role: OfficeRole;
  Component: ComponentType<SectionProps>;
}

type SectionPath = 'fleet' | 'days' | 'kpis' | 'requests' | 'voice' | 'catalogue' | 'staff' | 'questions' | 'accounts' | 'audit';

const SECTIONS: Section[] = [
  { path: 'fleet', role: 'viewer', Component: Fleet },
  { path: 'days', role: 'viewer', Component: Days },
  { path: 'kpis', role: 'viewer', Component: Kpis },
  { path: 'requests', role: 'viewer', Component: Requests311 },
  { path: 'voice', role: 'viewer', Component: Voice },
  { path: 'catalogue', role: 'admin', Component: Catalogue },
  { path: 'staff', role: 'admin', Component: Staff },
  { path: 'questions', role: 'admin', Component: Questions },
  { path: 'accounts', role: 'admin', Component: Accounts },
  { path: 'audit', role: 'admin', Component: Audit },
];

/** A section's title, as the navigation, its heading and its loading line say it. */
const sectionTitle = (path: SectionPath) => officeT(`shell.sections.${path}`);

function currentPath(): string {
  return window.location.hash.replace(/^#\/?/, '') || 'fleet';
}

export function OfficeApp() {
  const [session, setSession] = useState<OfficeSessionResponse | null | 'loading'>('loading');
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    whenSignedOut(() => {
      setSession(null);
      setNotice(officeT('shell.sessionEnded'));
    });
    currentSession().then(setSession, () => setSession(null));
  }, []);

  if (session === 'loading') return <p className="loading">{officeT('shell.loading')}</p>;
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
        setNotice(officeT('shell.signedOut'));
        setSession(null);
      }}
    />
  );
}

function Shell({ session, onSignedOut }: { session: OfficeSessionResponse; onSignedOut: () => void }) {
  const t = useOfficeT();
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
        {t('shell.skip')}
      </a>
      <header className="top">
        <p className="brand">{t('shell.brand')}</p>
        <p className="who">
          <OfficeTrans i18nKey="shell.signedInAs" values={{ email: session.user.email, role: t(`shell.roles.${session.user.role}`) }} components={{ b: <strong /> }} />
        </p>
        <button type="button" onClick={doSignOut}>
          {t('shell.signOut')}
        </button>
      </header>
      <nav aria-label={t('shell.sectionsLabel')}>
        <ul>
          {allowed.map((s) => (
            <li key={s.path}>
              <a href={`#/${s.path}`} aria-current={s.path === section?.path ? 'page' : undefined}>
                {sectionTitle(s.path)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {section ? sectionTitle(section.path) : t('shell.notAvailable')}
        </h1>
        {section ? (
          <Suspense
            fallback={
              <p role="status" className="loading">
                {t('shell.loadingSection', { section: sectionTitle(section.path) })}
              </p>
            }
          >
            <section.Component session={session} />
          </Suspense>
        ) : (
          <p>{t('shell.notThere', { role: t(`shell.roles.${session.user.role}`) })}</p>
        )}
      </main>
    </>
  );
}
