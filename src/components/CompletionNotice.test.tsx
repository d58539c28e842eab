import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotifyWhenEndsButton, useCompletionNotice } from './CompletionNotice.tsx';

/** A page watching `total` jobs of which `stopped` have ended. */
function Watcher({ stopped, total, outcome }: { stopped: number; total: number; outcome?: string }) {
  const notice = useCompletionNotice(stopped, total, 'sleeper job', { outcome, succeeded: outcome !== 'FAILED' });
  return <NotifyWhenEndsButton notice={notice} running={stopped < total} />;
}

/** The browser's Notification API, which jsdom lacks: records what would be shown. */
class RecordingNotification {
  static permission: NotificationPermission = 'default';
  static shown: string[] = [];
  static async requestPermission(): Promise<NotificationPermission> {
    RecordingNotification.permission = 'granted';
    return 'granted';
  }
  constructor(title: string) {
    RecordingNotification.shown.push(title);
  }
}

describe('completion notice', () => {
  beforeEach(() => {
    document.title = 'oSPARC solvers';
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'Notification');
  });

  it('changes the tab title when the watched job ends, and restores it when the page closes', () => {
    const view = render(<Watcher stopped={0} total={1} outcome="STARTED" />);
    expect(document.title).toBe('oSPARC solvers');
    view.rerender(<Watcher stopped={1} total={1} outcome="SUCCESS" />);
    expect(document.title).toBe('✓ SUCCESS — sleeper job');
    view.unmount();
    expect(document.title).toBe('oSPARC solvers');
  });

  it('says nothing for work that had already ended when the page opened', () => {
    render(<Watcher stopped={1} total={1} outcome="SUCCESS" />);
    expect(document.title).toBe('oSPARC solvers');
  });

  it('marks a failure and counts a sweep', () => {
    const job = render(<Watcher stopped={0} total={1} />);
    job.rerender(<Watcher stopped={1} total={1} outcome="FAILED" />);
    expect(document.title).toBe('✗ FAILED — sleeper job');
    job.unmount();
    const sweep = render(<Watcher stopped={1} total={3} />);
    sweep.rerender(<Watcher stopped={3} total={3} />);
    expect(document.title).toBe('✓ All 3 jobs ended — sleeper job');
  });

  it('sends a browser notification only after the user asked for one', async () => {
    Object.assign(globalThis, { Notification: RecordingNotification });
    RecordingNotification.shown = [];
    const view = render(<Watcher stopped={0} total={1} />);
    await userEvent.click(screen.getByRole('button', { name: 'Notify me when it ends' }));
    expect(await screen.findByText('You will get a browser notification when it ends.')).toBeInTheDocument();
    act(() => view.rerender(<Watcher stopped={1} total={1} outcome="SUCCESS" />));
    expect(RecordingNotification.shown).toEqual(['✓ SUCCESS — sleeper job']);
  });

  it('sends none when the user did not ask', () => {
    Object.assign(globalThis, { Notification: RecordingNotification });
    RecordingNotification.permission = 'granted';
    RecordingNotification.shown = [];
    const view = render(<Watcher stopped={0} total={1} />);
    view.rerender(<Watcher stopped={1} total={1} outcome="SUCCESS" />);
    expect(RecordingNotification.shown).toEqual([]);
  });
});
