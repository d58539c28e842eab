/**
 * A release as people read it: the version, with its display name when that says more.
 * A display name that already starts with the version ("1.0.0 (finite differences)") is
 * shown as it is, not wrapped around the version again.
 */
export function releaseLabel(version: string, display?: string | null): string {
  if (!display || display === version) return version;
  return display.startsWith(version) ? display : `${version} (${display})`;
}
