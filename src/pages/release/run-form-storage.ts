import type { PortFormData } from '../../components/port-form/port-schema.ts';
import type { SweepSpecs } from '../../sweep/plan.ts';

/** The run form in progress is kept per release for this tab, so a reload loses nothing. */
function storageKey(solverKey: string, version: string): string {
  return `osparc.run-form.${solverKey}@${version}`;
}

export function readRunForm(solverKey: string, version: string): PortFormData | undefined {
  try {
    const raw = sessionStorage.getItem(storageKey(solverKey, version));
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as PortFormData) : undefined;
  } catch {
    return undefined;
  }
}

export function writeRunForm(solverKey: string, version: string, formData: PortFormData): void {
  try {
    sessionStorage.setItem(storageKey(solverKey, version), JSON.stringify(formData));
  } catch {
    // Storage full or blocked: the form still works, it just does not survive a reload.
  }
}

/** The swept inputs of the form in progress, kept like its values. */
export function readRunSweeps(solverKey: string, version: string): SweepSpecs {
  try {
    const raw = sessionStorage.getItem(`${storageKey(solverKey, version)}.sweeps`);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as SweepSpecs) : {};
  } catch {
    return {};
  }
}

export function writeRunSweeps(solverKey: string, version: string, specs: SweepSpecs): void {
  try {
    sessionStorage.setItem(`${storageKey(solverKey, version)}.sweeps`, JSON.stringify(specs));
  } catch {
    // As above: only the reload is affected.
  }
}
