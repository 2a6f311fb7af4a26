/** The two ops commands' arguments: one file path and a few flags, refused when unknown. */
import { OpsError } from './opsError';

export interface OpsArgs {
  readonly file: string;
  readonly flags: ReadonlySet<string>;
}

export function parseOpsArgs(
  argv: readonly string[],
  allowedFlags: readonly string[],
  usage: string,
): OpsArgs {
  const flags = new Set<string>();
  const files: string[] = [];
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      if (!allowedFlags.includes(arg)) throw new OpsError(`Unknown option ${arg}.\n${usage}`);
      flags.add(arg);
    } else files.push(arg);
  }
  const [file] = files;
  if (file === undefined || files.length > 1) throw new OpsError(usage);
  return { file, flags };
}
