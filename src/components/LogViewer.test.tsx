import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogViewer } from './LogViewer.tsx';
import { LogLineStore } from './log-viewer/log-text.ts';

const SLEEPER_LOG = [
  '2022-06-01T18:15:00.405035847+02:00 Entrypoint for stage production ...',
  '2022-06-01T18:15:03.923876794+02:00 Will sleep for 3 seconds',
  '2022-06-01T18:15:03.924473521+02:00 [PROGRESS] 1/3...',
  '2022-06-01T18:15:03.925021846+02:00 Remaining sleep time 0.9999995231628418',
  '2022-06-01T18:15:03.925558026+02:00 [PROGRESS] 2/3...',
  'copying outputs: 23%',
  '2022-06-01T18:15:03.926643184+02:00 [PROGRESS] 3/3...',
];

function lineOf(number: number): HTMLElement {
  const line = document.querySelector<HTMLElement>(`[data-line="${number}"]`);
  if (!line) throw new Error(`line ${number} is not on screen`);
  return line;
}

// jsdom lays nothing out: give the log's scroll area the size a browser would (400 px = 20 rows).
const layout = Object.getOwnPropertyDescriptors(HTMLElement.prototype);
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('log-scroll') ? 400 : 0;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('log-scroll') ? 800 : 0;
    },
  });
});
afterAll(() => {
  for (const name of ['clientHeight', 'clientWidth'] as const) {
    const original = layout[name];
    if (original) Object.defineProperty(HTMLElement.prototype, name, original);
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
  }
});

describe('LogViewer', () => {
  it('dims the leading timestamp of each line and keeps the message apart', () => {
    render(<LogViewer lines={SLEEPER_LOG} label="sleeper.log" />);
    const line = lineOf(2);
    const time = line.querySelector('.log-time');
    expect(time).toHaveTextContent('2022-06-01T18:15:03.923876794+02:00');
    expect(line.querySelector('.log-message')).toHaveTextContent(/^Will sleep for 3 seconds$/);
    // a line without a timestamp has no dimmed part
    expect(lineOf(6).querySelector('.log-time')).toBeNull();
  });

  it('marks progress lines, and only those', () => {
    render(<LogViewer lines={SLEEPER_LOG} label="sleeper.log" />);
    const marked = [1, 2, 3, 4, 5, 6, 7].filter((n) => within(lineOf(n)).queryByRole('img', { name: 'progress' }));
    expect(marked).toEqual([3, 5, 6, 7]);
  });

  it('finds every occurrence of the search text, counts them and steps through them', async () => {
    const user = userEvent.setup();
    render(<LogViewer lines={SLEEPER_LOG} label="sleeper.log" />);
    expect(screen.getByText('7 lines')).toBeInTheDocument();

    await user.type(screen.getByRole('searchbox', { name: 'Search in sleeper.log' }), 'progress');
    expect(await screen.findByText('1 of 3 matches')).toBeInTheDocument();
    const marks = document.querySelectorAll('mark');
    expect([...marks].map((mark) => mark.textContent)).toEqual(['PROGRESS', 'PROGRESS', 'PROGRESS']);
    expect(lineOf(3).querySelector('mark[aria-current="true"]')).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByText('2 of 3 matches')).toBeInTheDocument();
    expect(lineOf(5).querySelector('mark[aria-current="true"]')).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Previous match' }));
    await user.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(screen.getByText('3 of 3 matches')).toBeInTheDocument();

    await user.clear(screen.getByRole('searchbox'));
    await user.type(screen.getByRole('searchbox'), 'no such text');
    expect(await screen.findByText('No matches')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next match' })).toBeDisabled();
  });

  it('keeps only a window of a long log in the page', async () => {
    const user = userEvent.setup();
    const lines = Array.from({ length: 200_000 }, (_, i) => `2024-01-01T00:00:00Z line ${i + 1} of the run`);
    lines[150_000] = '2024-01-01T00:00:00Z needle in the haystack';
    render(<LogViewer lines={lines} label="big.log" />);
    expect(screen.getByText('200,000 lines')).toBeInTheDocument();
    const rendered = document.querySelectorAll('.log-line').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(200);

    await user.type(screen.getByRole('searchbox', { name: 'Search in big.log' }), 'needle');
    expect(await screen.findByText('1 of 1 match')).toBeInTheDocument();
    expect(document.querySelectorAll('.log-line').length).toBeLessThan(200);
  });

  it('takes in lines as a log arrives, keeping the search on what has arrived', async () => {
    const user = userEvent.setup();
    const store = new LogLineStore();
    store.append('2024-01-01T00:00:00Z started\n2024-01-01T00:00:01Z warning: disk almost full\n2024-01-01T00:');
    const { rerender } = render(<LogViewer lines={store.snapshot()} label="run.log" />);
    expect(screen.getByText('2 lines')).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: 'Search in run.log' }), 'warning');
    expect(await screen.findByText('1 of 1 match')).toBeInTheDocument();

    store.append('00:02Z warning: disk full\n2024-01-01T00:00:03Z stopped\n');
    store.finish();
    rerender(<LogViewer lines={store.snapshot()} label="run.log" />);
    expect(await screen.findByText('1 of 2 matches')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByText('2 of 2 matches')).toBeInTheDocument();
    expect(within(lineOf(3)).getByText('warning')).toHaveAttribute('aria-current', 'true');
  });

  it('offers a follow-the-end switch that is on for live logs', () => {
    render(<LogViewer lines={SLEEPER_LOG} label="live" initialFollow />);
    expect(screen.getByRole('switch', { name: 'Follow the end' })).toBeChecked();
  });
});
