import type { ReactNode } from 'react';
import { Link } from 'react-router';

interface BreadcrumbProps {
  /** The pages above this one, outermost first. */
  trail: { to: string; label: ReactNode }[];
  /** This page, when it is named in the trail too. */
  current?: ReactNode;
}

/** The links up from a page, as Pico lays out a `nav` holding a list. */
export function Breadcrumb({ trail, current }: BreadcrumbProps) {
  return (
    <nav aria-label="Breadcrumb">
      <ul>
        {trail.map(({ to, label }) => (
          <li key={to}>
            <Link to={to}>{label}</Link>
          </li>
        ))}
        {current !== undefined && <li aria-current="page">{current}</li>}
      </ul>
    </nav>
  );
}
