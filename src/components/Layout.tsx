import { NavLink, Outlet } from 'react-router';
import { HostStatusBanner } from './HostStatusBanner.tsx';

const NAV = [
  { to: '/', label: 'Solvers', end: true },
  { to: '/studies', label: 'Studies', end: false },
  { to: '/jobs', label: 'Jobs', end: false },
  { to: '/sweeps', label: 'Sweeps', end: false },
  { to: '/functions', label: 'Functions', end: false },
  { to: '/files', label: 'Files', end: false },
  { to: '/settings', label: 'Settings', end: false },
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
