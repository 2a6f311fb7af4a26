/**
 * The admin's password for `npm run cli -- setup`, never from an argument (shell history, the
 * process list): the TICKMARK_ADMIN_PASSWORD variable for scripts, else a prompt that does not
 * echo at a terminal, else the first line of standard input (`… setup … < password.txt`).
 */
import { createInterface } from 'node:readline';
import { CliError } from './commands';

export async function readAdminPassword(fromEnv: string | undefined): Promise<string> {
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) return firstLine();
  const first = await hiddenPrompt('Password for the first admin: ');
  const again = await hiddenPrompt('The same password again: ');
  if (first !== again) throw new CliError('The two passwords differ; run the command again.');
  return first;
}

async function firstLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new CliError(
    'No password was given: set TICKMARK_ADMIN_PASSWORD, run at a terminal to be asked, or pipe it in.',
  );
}

function hiddenPrompt(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(text);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new CliError('Cancelled; nothing was written.'));
          return;
        }
        text = ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch;
      }
    };
    process.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
