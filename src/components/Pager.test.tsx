import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Pager } from './Pager.tsx';

describe('the pager of a listing', () => {
  it('says where the reader is and moves a page at a time, not past either end', async () => {
    const asked: number[] = [];
    const { rerender } = render(
      <Pager page={1} pages={3} onPage={(page) => asked.push(page)} label="Pages of files" />,
    );
    const pager = screen.getByRole('navigation', { name: 'Pages of files' });
    expect(pager).toHaveTextContent('Page 1 of 3');
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    rerender(<Pager page={3} pages={3} onPage={(page) => asked.push(page)} label="Pages of files" />);
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    // A page past the end (the listing shrank) reads as the last one.
    rerender(<Pager page={9} pages={3} onPage={(page) => asked.push(page)} label="Pages of files" />);
    expect(pager).toHaveTextContent('Page 3 of 3');
    expect(asked).toEqual([2, 2]);
  });

  it('shows nothing when everything fits on one page', () => {
    render(<Pager page={1} pages={1} onPage={() => {}} label="Study pages" />);
    expect(screen.queryByRole('navigation')).toBeNull();
  });
});
