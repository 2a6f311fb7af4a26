/**
 * What a device is called on every screen (the devices list, a pupil's history, conflicts): the
 * name an admin gave it, else the label its browser sent at sign-in, else "Unnamed device" with
 * the start of its id, so two unnamed devices can still be told apart.
 */
export function deviceTitle(device: {
  readonly id: string;
  readonly name?: string | null;
  readonly label?: string | null;
}): string {
  return device.name ?? device.label ?? `Unnamed device (${device.id.slice(0, 8)})`;
}
