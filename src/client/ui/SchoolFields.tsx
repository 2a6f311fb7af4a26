/**
 * A school's details (name, URN, LA and establishment numbers, time zone), as the setup page
 * and Admin → Schools both ask for them. `prefix` is where the fields sit in the request
 * (`school.` in setup), so the server's field problems land on the right input.
 */
import type { FieldErrors } from './fieldErrors';
import { TextField } from './TextField';

export interface SchoolForm {
  name: string;
  urn: string;
  laNumber: string;
  establishmentNumber: string;
  timeZone: string;
}

export const EMPTY_SCHOOL: SchoolForm = {
  name: '',
  urn: '',
  laNumber: '',
  establishmentNumber: '',
  timeZone: 'Europe/London',
};

export function SchoolFields(props: {
  readonly value: SchoolForm;
  readonly onChange: (value: SchoolForm) => void;
  readonly errors: FieldErrors;
  readonly prefix: string;
}) {
  const { value, onChange, errors, prefix } = props;
  const set = (key: keyof SchoolForm) => (text: string) => onChange({ ...value, [key]: text });
  return (
    <>
      <TextField
        label="School name"
        value={value.name}
        onChange={set('name')}
        error={errors[`${prefix}name`]}
        maxLength={200}
      />
      <TextField
        label="URN"
        hint="The school’s 6-digit unique reference number, from Get Information about Schools."
        value={value.urn}
        onChange={set('urn')}
        error={errors[`${prefix}urn`]}
        inputMode="numeric"
      />
      <TextField
        label="LA number"
        hint="The 3-digit local-authority number: the first part of the DfE number (202 in 202/2001)."
        value={value.laNumber}
        onChange={set('laNumber')}
        error={errors[`${prefix}laNumber`]}
        inputMode="numeric"
      />
      <TextField
        label="Establishment number"
        hint="The 4-digit second part of the DfE number (2001 in 202/2001)."
        value={value.establishmentNumber}
        onChange={set('establishmentNumber')}
        error={errors[`${prefix}establishmentNumber`]}
        inputMode="numeric"
      />
      <TextField
        label="Time zone"
        hint="Europe/London for schools in England."
        value={value.timeZone}
        onChange={set('timeZone')}
        error={errors[`${prefix}timeZone`]}
      />
    </>
  );
}
