/** The words of the email that carries a link to set a password. Plain text: it reaches every client. */
import { formatWallTime, longDate, toSchoolWallClock } from '../../domain';
import type { MailMessage } from '../mail/mailer';
import type { LinkKind } from './linkKind';

export function linkEmail(input: {
  kind: LinkKind;
  link: string;
  expiresAt: Date;
  name: string;
  email: string;
  school_name: string;
  time_zone: string;
}): MailMessage {
  const wall = toSchoolWallClock(input.expiresAt, input.time_zone);
  const until = `${formatWallTime(wall.minutes)} on ${longDate(wall.date)}`;
  const invitation = input.kind === 'invitation';
  return {
    to: input.email,
    subject: invitation
      ? `Your Tickmark account at ${input.school_name}`
      : `Reset your Tickmark password at ${input.school_name}`,
    text: [
      `Hello ${input.name},`,
      '',
      invitation
        ? `${input.school_name} takes its attendance registers with Tickmark. To choose your password, open this link:`
        : `An administrator at ${input.school_name} has sent you a link to choose a new Tickmark password:`,
      '',
      input.link,
      '',
      `The link works once, until ${until} (the school’s time).${invitation ? '' : ' Your old password works until you use it.'}`,
      'After that, sign in with your email address and the new password; on a tablet you will also choose a PIN.',
      '',
      'If you did not expect this email, tell your school’s Tickmark administrator.',
    ].join('\n'),
  };
}
