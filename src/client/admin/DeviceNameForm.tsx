/**
 * Naming a device ("Class 3 tablet"), inside the devices list: checked here by the shared schema
 * (1–60 characters once trimmed) so the admin sees the problem at once, then sent to
 * `POST /api/admin/devices/:id/name`, which also refuses a name another device already has.
 */
import { useId, useState } from 'react';
import {
  deviceRenameRequestSchema,
  DEVICE_NAME_MAX,
  type DeviceSummary,
} from '../../shared/api/authSchemas';
import { renameDevice } from '../../shared/api/endpoints/coreEndpoints';
import { call } from '../api/call';
import { deviceTitle } from '../ui/deviceName';
import type { SectionProps } from '../ui/sectionProps';
import { adminFailureMessage, asStaff } from './adminRequest';

export interface DeviceNameFormProps extends Pick<SectionProps, 'staff' | 'fetch'> {
  readonly device: DeviceSummary;
  readonly onRenamed: (device: DeviceSummary) => void;
  readonly onCancel: () => void;
}

export function DeviceNameForm(props: DeviceNameFormProps) {
  const { device } = props;
  const [name, setName] = useState(device.name ?? device.label ?? '');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const save = async () => {
    const parsed = deviceRenameRequestSchema.safeParse({ name });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Check the name.');
      return;
    }
    setBusy(true);
    const answer = await call(
      renameDevice,
      { params: { id: device.id }, body: parsed.data },
      asStaff(props),
    );
    setBusy(false);
    if (!answer.ok) {
      setProblem(adminFailureMessage(answer.error));
      return;
    }
    props.onRenamed(answer.value.device);
  };

  return (
    <form
      className="admin-confirm"
      aria-label={`Name ${deviceTitle(device)}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="field">
        <label htmlFor={id} className="field-label">
          Device name
        </label>
        <p id={`${id}-hint`} className="hint">
          What staff call it, such as “Class 3 tablet”. Shown wherever this device appears.
        </p>
        <input
          id={id}
          type="text"
          value={name}
          autoComplete="off"
          maxLength={DEVICE_NAME_MAX + 20}
          aria-invalid={problem !== undefined}
          aria-describedby={problem === undefined ? `${id}-hint` : `${id}-hint ${id}-error`}
          onChange={(event) => {
            setName(event.target.value);
            setProblem(undefined);
          }}
        />
        {problem !== undefined && (
          <p id={`${id}-error`} className="form-error" role="alert">
            {problem}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary" disabled={busy}>
        Save name
      </button>
      <button type="button" className="button" disabled={busy} onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
