import { lazy, Suspense, useEffect, useState } from 'react';
import { StaffShell } from './StaffShell';

const ResidentApp = lazy(() => import('./resident/ResidentApp').then((m) => ({ default: m.ResidentApp })));

type Route = 'staff' | 'supervisor' | 'resident';

function routeFromHash(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  return hash === 'resident' || hash === 'supervisor' ? hash : 'staff';
}

/**
 * One renderer, three faces: the staff console (#/staff), the supervisor's screens (#/supervisor, PIN) and the resident
 * touchscreen (#/resident), which has no way back to the others.
 */
export function App() {
  const [route, setRoute] = useState<Route>(routeFromHash);
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (route === 'resident') {
    return (
      <Suspense fallback={null}>
        <ResidentApp />
      </Suspense>
    );
  }
  return <StaffShell area={route} />;
}
