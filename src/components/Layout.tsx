import { useEffect, useId, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
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

/**
 * Page frame: skip link, site navigation, and the routed page. On narrow screens the
 * navigation folds into a Menu button (styles.css decides the width), closed again after each
 * navigation.
 */
export function Layout() {
  const [menuOpen, setMenuOpen] = useState(false);
  const menuId = useId();
  const { pathname } = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the menu
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="container">
        <nav aria-label="Main" className={menuOpen ? 'site-nav menu-open' : 'site-nav'}>
          <ul>
            <li>
              <strong>oSPARC solvers</strong>
            </li>
          </ul>
          <button
            type="button"
            className="menu-button secondary outline"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            Menu
          </button>
          <ul id={menuId} className="site-nav-links">
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
