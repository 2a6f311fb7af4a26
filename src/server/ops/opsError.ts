/** A backup or restore problem for the operator to fix: printed as the message alone. */
export class OpsError extends Error {
  override readonly name = 'OpsError';
}
