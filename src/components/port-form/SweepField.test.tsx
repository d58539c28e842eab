import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ArgumentValue, SolverPort } from '../../api/types.ts';
import { planSweep, type SweepSpecs } from '../../sweep/plan.ts';
import { PortForm } from './PortForm.tsx';
import type { PortFormData } from './port-schema.ts';

const PORTS: SolverPort[] = [
  {
    key: 'input_2',
    kind: 'input',
    content_schema: { title: 'Sleep interval', type: 'integer', x_unit: 'second', minimum: 0, maximum: 65, default: 2 },
  },
  { key: 'input_3', kind: 'input', content_schema: { title: 'Fail after sleep', type: 'boolean', default: false } },
  { key: 'input_4', kind: 'input', content_schema: { title: 'Distance to bed', type: 'integer', default: 0 } },
];

/** The run form with sweeps offered, as the release page holds it. */
function SweepableForm({ submitted }: { submitted: { values: Record<string, ArgumentValue>; specs: SweepSpecs }[] }) {
  const [formData, setFormData] = useState<PortFormData | undefined>(undefined);
  const [specs, setSpecs] = useState<SweepSpecs>({});
  const plan = useMemo(() => planSweep(PORTS, specs), [specs]);
  return (
    <PortForm
      ports={PORTS}
      formData={formData}
      onChange={setFormData}
      onSubmit={(values) => submitted.push({ values, specs })}
      sweep={{ specs, plan, onChange: setSpecs }}
    />
  );
}

describe('sweeping a numeric input of the run form', () => {
  it('switches Sleep interval to a range, explains a bad step, counts the jobs and submits', async () => {
    const user = userEvent.setup();
    const submitted: { values: Record<string, ArgumentValue>; specs: SweepSpecs }[] = [];
    render(<SweepableForm submitted={submitted} />);

    // Only numeric inputs offer a sweep.
    expect(screen.getByRole('button', { name: 'Sweep of Sleep interval' })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('button', { name: 'Sweep of Distance to bed' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sweep of Fail after sleep' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sweep of Sleep interval' }));
    expect(screen.getByRole('button', { name: 'Sweep of Sleep interval' })).toHaveAttribute('aria-pressed', 'true');
    const sweep = screen.getByRole('group', { name: 'Sweep of Sleep interval (s)' });
    // It starts as a list holding the current value.
    expect(within(sweep).getByLabelText('Values')).toHaveValue('2');
    expect(screen.getByRole('status')).toHaveTextContent('This sweep runs 1 job');

    await user.selectOptions(within(sweep).getByLabelText('Kind of sweep'), 'Range with a step');
    await user.clear(within(sweep).getByLabelText('Start'));
    await user.type(within(sweep).getByLabelText('Start'), '0');
    await user.type(within(sweep).getByLabelText('Stop'), '2');
    await user.clear(within(sweep).getByLabelText('Step'));
    await user.type(within(sweep).getByLabelText('Step'), '0');
    expect(within(sweep).getByText('The step must not be zero.')).toBeInTheDocument();
    expect(within(sweep).getByLabelText('Step')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('Fix the sweep above');

    await user.clear(within(sweep).getByLabelText('Step'));
    await user.type(within(sweep).getByLabelText('Step'), '-1');
    expect(within(sweep).getByText('The step must be positive to go up from 0 to 2.')).toBeInTheDocument();

    await user.clear(within(sweep).getByLabelText('Step'));
    await user.type(within(sweep).getByLabelText('Step'), '1');
    expect(within(sweep).getByText('3 values: 0, 1, 2')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('This sweep runs 3 jobs, one for each value.');

    await user.click(screen.getByRole('button', { name: 'Run sweep of 3 jobs' }));
    expect(submitted).toHaveLength(1);
    expect(submitted[0]?.specs).toEqual({ input_2: { kind: 'range', start: '0', stop: '2', step: '1' } });
    expect(submitted[0]?.values).toMatchObject({ input_3: false, input_4: 0 });
  });

  it('combines two swept inputs as a grid, refuses values outside the port and too many jobs', async () => {
    const user = userEvent.setup();
    render(<SweepableForm submitted={[]} />);
    await user.click(screen.getByRole('button', { name: 'Sweep of Sleep interval' }));
    await user.click(screen.getByRole('button', { name: 'Sweep of Distance to bed' }));
    const sleep = screen.getByRole('group', { name: 'Sweep of Sleep interval (s)' });
    const distance = screen.getByRole('group', { name: 'Sweep of Distance to bed' });

    await user.clear(within(sleep).getByLabelText('Values'));
    await user.type(within(sleep).getByLabelText('Values'), '1, 70, x');
    expect(within(sleep).getByText('“x” is not a number.')).toBeInTheDocument();
    await user.clear(within(sleep).getByLabelText('Values'));
    await user.type(within(sleep).getByLabelText('Values'), '1, 70');
    expect(within(sleep).getByText('70 is above the maximum 65.')).toBeInTheDocument();
    await user.clear(within(sleep).getByLabelText('Values'));
    await user.type(within(sleep).getByLabelText('Values'), '1, 2, 3');

    await user.selectOptions(within(distance).getByLabelText('Kind of sweep'), 'Evenly spaced values');
    await user.clear(within(distance).getByLabelText('Start'));
    await user.type(within(distance).getByLabelText('Start'), '0');
    await user.type(within(distance).getByLabelText('Stop'), '10');
    await user.clear(within(distance).getByLabelText('Number of values'));
    await user.type(within(distance).getByLabelText('Number of values'), '4');
    expect(within(distance).getByText('Rounded to whole numbers.')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('This sweep runs 12 jobs (3 × 4)');
    expect(screen.getByRole('button', { name: 'Run sweep of 12 jobs' })).toBeEnabled();

    await user.clear(within(distance).getByLabelText('Number of values'));
    await user.type(within(distance).getByLabelText('Number of values'), '200');
    expect(within(distance).getByText(/11 of 200 values remain/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('This sweep runs 33 jobs (3 × 11)');
    // 200 evenly spaced whole numbers in 0–10 are 11 distinct values; ask for a finer grid to pass the cap.
    await user.clear(within(distance).getByLabelText('Stop'));
    await user.type(within(distance).getByLabelText('Stop'), '1000');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Together the swept inputs make 3 × 200 = 600 jobs; a sweep runs at most 500. Use fewer values.',
    );

    // Switching the sweep off gives the single value back.
    await user.click(within(distance).getByRole('button', { name: 'Use a single value for Distance to bed' }));
    await user.click(screen.getByRole('button', { name: 'Sweep of Sleep interval' }));
    expect(screen.getByRole('button', { name: 'Sweep of Sleep interval' })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByRole('group', { name: /Sweep of/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Sleep interval/)).toHaveValue(2);
  });
});
