import { NavLink, Outlet } from 'react-router';
import { paths } from '../paths.ts';
import { HostStatusBanner } from './HostStatusBanner.tsx';

const NAV = [
  { to: paths.catalog.getHref(), label: 'Solvers', end: true },
  { to: paths.studies.getHref(), label: 'Studies', end: false },
  { to: paths.jobs.getHref(), label: 'Jobs', end: false },
  { to: paths.sweeps.getHref(), label: 'Sweeps', end: false },
  { to: paths.functions.getHref(), label: 'Functions', end: false },
  { to: paths.files.getHref(), label: 'Files', end: false },
  { to: paths.settings.getHref(), label: 'Settings', end: false },
];

/** Page frame: skip link, site navigation, and the routed page. */
export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="container">
        <nav aria-label="Main">
          <ul>
            <li>
              <strong>oSPARC solvers</strong>
            </li>
          </ul>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <HostStatusBanner />
      <main id="main" className="container" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
