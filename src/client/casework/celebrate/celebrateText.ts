/** How celebration figures read on screen and on the printed notice. */
import { certificatePercentText } from '../../../domain/index';

const sessions = (n: number) => `${n} ${n === 1 ? 'session' : 'sessions'}`;

/** "100.0 % (20 of 20 sessions)": the rate, cut to one decimal as certificates print it. */
export function rateText(r: { attended: number; possible: number }): string {
  return `${certificatePercentText(r)} (${r.attended} of ${sessions(r.possible)})`;
}

/** "Foxes", "Foxes and Owls", "Foxes, Owls and Hares". */
export function namesText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
