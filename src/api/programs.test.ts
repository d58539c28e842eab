import { describe, expect, it } from 'vitest';
import { paths } from '../paths.ts';
import { costOfPlan } from './job-pricing.ts';
import { isProgramKey, type WorkspaceFile, workspacePathFor } from './programs.ts';

const picked = (path: string): WorkspaceFile => ({ file: new File(['x'], path.split('/').pop() ?? ''), path });

describe('running a program', () => {
  it('puts each picked file at workspace/<name>, numbering a name that is already taken', () => {
    expect(workspacePathFor('notes.txt', [])).toBe('workspace/notes.txt');
    const taken = [picked('workspace/notes.txt'), picked('workspace/notes (2).txt')];
    expect(workspacePathFor('notes.txt', taken)).toBe('workspace/notes (3).txt');
    expect(workspacePathFor('Makefile', [picked('workspace/Makefile')])).toBe('workspace/Makefile (2)');
  });

  it('tells programs from solvers by their key, and links to the program page', () => {
    expect(isProgramKey('simcore/services/dynamic/local/workspace-summary')).toBe(true);
    expect(isProgramKey('simcore/services/comp/itis/sleeper')).toBe(false);
    expect(paths.programRelease.getHref('simcore/services/dynamic/local/workspace-summary', '1.0.0')).toBe(
      '/programs/simcore%2Fservices%2Fdynamic%2Flocal%2Fworkspace-summary/releases/1.0.0',
    );
  });

  it("reads a run's cost from the pricing plan's default unit", () => {
    const unit = (cost: number, isDefault: boolean) => ({
      pricingUnitId: 1,
      unitName: 'u',
      unitExtraInfo: {},
      currentCostPerUnit: cost,
      default: isDefault,
    });
    expect(costOfPlan({ pricingPlanId: 1, displayName: 'p', pricingUnits: [unit(9, false), unit(4, true)] })).toBe(4);
    expect(costOfPlan({ pricingPlanId: 1, displayName: 'p', pricingUnits: null })).toBeUndefined();
    expect(costOfPlan(undefined)).toBeUndefined();
  });
});
