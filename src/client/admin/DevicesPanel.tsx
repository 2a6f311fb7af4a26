/**
 * The school's enrolled devices, and revoking one (a lost or stolen tablet). Revoking ends the
 * device's sessions at once; its next sign-in enrols it afresh. Marks it had already synced stay
 * in the register. A second step asks before revoking, saying what will happen.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { type DeviceSummary } from '../../shared/api/authSchemas';
import { listDevices, revokeDevice } from '../../shared/api/endpoints/coreEndpoints';
import { call } from '../api/call';
import { getMeta } from '../db/meta';
import type { SectionProps } from '../ui/sectionProps';
import { deviceTitle } from '../ui/deviceName';
import { useLoaded } from '../ui/useLoaded';
import { adminFailureMessage, adminRead, asStaff } from './adminRequest';
import { DeviceNameForm } from './DeviceNameForm';
import { formatInstant } from './adminFormat';

type ListState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly devices: readonly DeviceSummary[] }
  | { readonly kind: 'failed'; readonly message: string };

const deviceName = (device: DeviceSummary): string => deviceTitle(device);

export function DevicesPanel(props: SectionProps) {
  const headingId = useId();
  const [thisDeviceId, setThisDeviceId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [naming, setNaming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const { staff, fetch, db } = props;

  const fetchList = useCallback(
    (): Promise<ListState> =>
      adminRead(listDevices, { staff, fetch }, (value) => ({
        kind: 'ready' as const,
        devices: value.devices,
      })),
    [staff, fetch],
  );

  const {
    value: list,
    setValue: setList,
    reload,
  } = useLoaded<ListState>(fetchList, { kind: 'loading' });

  useEffect(() => {
    let isCurrent = true;
    // Only to label "this device": a failed read leaves the label off.
    void getMeta(db, 'deviceId')
      .then((id) => {
        if (isCurrent) setThisDeviceId(id ?? null);
      })
      .catch(() => undefined);
    return () => {
      isCurrent = false;
    };
  }, [db]);

  const revoke = async (device: DeviceSummary) => {
    setBusy(true);
    setOutcome(null);
    const answer = await call(revokeDevice, { params: { id: device.id } }, asStaff(props));
    setBusy(false);
    setConfirming(null);
    if (!answer.ok) {
      setOutcome({ kind: 'error', text: adminFailureMessage(answer.error) });
      return;
    }
    setOutcome({
      kind: 'done',
      text: `${deviceName(device)} is revoked. It must be signed in online again before it can be used.`,
    });
    replace(answer.value.device);
  };

  const replace = (device: DeviceSummary) =>
    setList((current) =>
      current.kind === 'ready'
        ? { kind: 'ready', devices: current.devices.map((d) => (d.id === device.id ? device : d)) }
        : current,
    );

  return (
    <section className="admin-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Devices</h2>
      <p className="hint">
        Every tablet or computer signed in at this school. Name each one (“Class 3 tablet”) so
        people know it in a pupil’s history. Revoke one that is lost, stolen or no longer used: it
        is signed out at once. Marks it has already sent stay in the register.
      </p>
      {outcome !== null && (
        <p
          className={outcome.kind === 'error' ? 'notice notice--error' : 'notice'}
          role={outcome.kind === 'error' ? 'alert' : 'status'}
        >
          {outcome.text}
        </p>
      )}
      {list.kind === 'loading' && <p role="status">Loading devices…</p>}
      {list.kind === 'failed' && (
        <div className="notice notice--error" role="alert">
          <p>{list.message}</p>
          <button type="button" className="button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}
      {list.kind === 'ready' && list.devices.length === 0 && <p>No devices are enrolled yet.</p>}
      {list.kind === 'ready' && list.devices.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">Devices enrolled at this school</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Enrolled</th>
                <th scope="col">Last seen</th>
                <th scope="col">Marks synced</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.devices.map((device) => (
                <tr key={device.id}>
                  <th scope="row">
                    {deviceName(device)}
                    {device.id === thisDeviceId && ' (this device)'}
                    {naming === device.id ? (
                      <DeviceNameForm
                        staff={staff}
                        {...(fetch === undefined ? {} : { fetch })}
                        device={device}
                        onRenamed={(renamed) => {
                          setNaming(null);
                          replace(renamed);
                          setOutcome({
                            kind: 'done',
                            text: `The device is now called “${deviceName(renamed)}”.`,
                          });
                        }}
                        onCancel={() => setNaming(null)}
                      />
                    ) : (
                      <button
                        type="button"
                        className="button admin-table__rename"
                        onClick={() => {
                          setOutcome(null);
                          setNaming(device.id);
                        }}
                        aria-label={`Rename ${deviceName(device)}`}
                      >
                        Rename
                      </button>
                    )}
                    {device.userAgent !== null && (
                      <span className="admin-table__detail">
                        <span className="visually-hidden">, </span>
                        {device.userAgent}
                      </span>
                    )}
                  </th>
                  <td>
                    {formatInstant(device.enrolledAt)}
                    <span className="admin-table__detail">
                      <span className="visually-hidden">, </span>by {device.enrolledBy.name}
                    </span>
                  </td>
                  <td>{device.lastSeenAt === null ? 'Never' : formatInstant(device.lastSeenAt)}</td>
                  <td>{device.lastClientSeq.toLocaleString('en-GB')}</td>
                  <td>
                    {device.revokedAt !== null ? (
                      <>Revoked {formatInstant(device.revokedAt)}</>
                    ) : confirming === device.id ? (
                      <div className="admin-confirm" role="group" aria-label="Confirm revoking">
                        <p>
                          Revoke {deviceName(device)}?
                          {device.id === thisDeviceId &&
                            ' This is the device you are using: you will be signed out of it.'}
                        </p>
                        <button
                          type="button"
                          className="button button--primary"
                          disabled={busy}
                          onClick={() => void revoke(device)}
                        >
                          Yes, revoke {deviceName(device)}
                        </button>
                        <button
                          type="button"
                          className="button"
                          disabled={busy}
                          onClick={() => setConfirming(null)}
                        >
                          Keep it
                        </button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        className="button"
                        onClick={() => setConfirming(device.id)}
                        aria-label={`Revoke ${deviceName(device)}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
