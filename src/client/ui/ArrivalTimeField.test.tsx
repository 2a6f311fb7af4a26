import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wallTime } from '../../domain/index';
import { ArrivalTimeField } from './ArrivalTimeField';

afterEach(cleanup);

describe('ArrivalTimeField', () => {
  it('labels the time, says what the rules make of it and shows the register times', () => {
    const onChange = vi.fn();
    render(
      <ArrivalTimeField
        id="arrival"
        value="08:55"
        onChange={onChange}
        decision="L — 10 minutes late"
        decisionClassName="sheet__decision"
        times={{ start: wallTime('08:45'), registerCloses: wallTime('09:15') }}
      />,
    );
    const field = screen.getByLabelText('Arrival time');
    expect(field).toHaveValue('08:55');
    expect(screen.getByRole('status')).toHaveTextContent('L — 10 minutes late');
    expect(screen.getByRole('status')).toHaveClass('sheet__decision');
    expect(screen.getByText(/The register starts at 08:45 and closes at 09:15\./)).toBeVisible();
    fireEvent.change(field, { target: { value: '09:20' } });
    expect(onChange).toHaveBeenCalledWith('09:20');
  });
});
