import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, processStartTicks, type LockOwner } from './dataDirLock';

let parent = '';
let dataDir = '';
const children: ChildProcess[] = [];

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'tickmark-lock-'));
  dataDir = join(parent, 'data');
});

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await rm(parent, { recursive: true, force: true });
});

/** A live process other than this one, until the test ends. */
async function otherProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return child as ChildProcess & { pid: number };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  if (child.pid === undefined) throw new Error('the child had no pid');
  return child.pid;
}

async function writeLock(owner: Partial<LockOwner> & { pid: number }): Promise<void> {
  const full: LockOwner = {
    host: hostname(),
    bootId: null,
    startTicks: null,
    startedAt: '2026-01-05T08:00:00.000Z',
    nonce: 'someone-else',
    command: 'Tickmark server',
    ...owner,
  };
  await writeFile(join(parent, 'data.lock'), JSON.stringify(full));
}

async function refusal(promise: Promise<unknown>): Promise<DataDirLockedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataDirLockedError);
  return err as DataDirLockedError;
}

describe('lockDataDir', () => {
  it('refuses a second holder, naming the first, until the first releases it', async () => {
    const first = await lockDataDir(dataDir, 'Tickmark server');
    expect(first.path).toBe(join(parent, 'data.lock'));
    expect(first.tookOverFrom).toBeNull();
    const before = await readdir(parent);
    const err = await refusal(lockDataDir(join(parent, '.', 'data'), 'Tickmark CLI'));
    expect(err.message).toContain(`${dataDir} is in use by another Tickmark process`);
    expect(err.message).toContain(`process ${process.pid}`);
    expect(err.message).toContain('Tickmark server');
    // Refused: nothing left behind, and the folder itself was never made.
    expect(await readdir(parent)).toEqual(before);
    await first.release();
    expect(await readdir(parent)).toEqual([]);
    const second = await lockDataDir(dataDir, 'Tickmark CLI');
    await second.release();
  });

  it('refuses while another live process holds it, and takes it over once that process is killed', async () => {
    const other = await otherProcess();
    await writeLock({ pid: other.pid, startTicks: processStartTicks(other.pid) });
    const err = await refusal(lockDataDir(dataDir, 'Tickmark server'));
    expect(err.message).toContain(`process ${other.pid}`);
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    const lock = await lockDataDir(dataDir, 'Tickmark server');
    expect(lock.tookOverFrom?.pid).toBe(other.pid);
    await lock.release();
  });

  it('takes over a lock whose process is gone', async () => {
    const pid = await deadPid();
    await writeLock({ pid });
    const lock = await lockDataDir(dataDir, 'Tickmark server');
    expect(lock.tookOverFrom?.pid).toBe(pid);
    await refusal(lockDataDir(dataDir, 'Tickmark server'));
    await lock.release();
  });

  it.runIf(processStartTicks(process.pid) !== null)(
    'takes over a lock whose process id now belongs to a process started at another time',
    async () => {
      const other = await otherProcess();
      const real = processStartTicks(other.pid) ?? '';
      await writeLock({ pid: other.pid, startTicks: `${real}0` });
      const lock = await lockDataDir(dataDir, 'Tickmark server');
      expect(lock.tookOverFrom?.pid).toBe(other.pid);
      await lock.release();
    },
  );

  it.runIf(processStartTicks(process.pid) !== null)(
    'takes over a lock whose process has exited but was never collected by its parent (a zombie)',
    async () => {
      // sh starts a child that exits at once, then becomes `sleep`, which never collects it.
      const parentOfZombie = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      children.push(parentOfZombie);
      const pid = await new Promise<number>((resolve) =>
        parentOfZombie.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))),
      );
      for (let i = 0; i < 100 && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await writeLock({ pid, startTicks: processStartTicks(pid) });
      const lock = await lockDataDir(dataDir, 'Tickmark server');
      expect(lock.tookOverFrom?.pid).toBe(pid);
      await lock.release();
    },
  );

  it('never takes over a lock written on another host, and says how to clear it', async () => {
    const pid = await deadPid();
    await writeLock({ pid, host: 'another-computer' });
    const err = await refusal(lockDataDir(dataDir, 'Tickmark server'));
    expect(err.message).toContain('another-computer');
    expect(err.message).toContain(`delete ${join(parent, 'data.lock')}`);
  });

  it('refuses a lock file it cannot read rather than guess', async () => {
    await writeFile(join(parent, 'data.lock'), 'not a lock');
    const err = await refusal(lockDataDir(dataDir, 'Tickmark server'));
    expect(err.message).toContain('cannot be read');
  });

  it('lets exactly one of many processes racing to take over a stale lock win', async () => {
    await writeLock({ pid: await deadPid() });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => lockDataDir(dataDir, 'Tickmark server')),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DataDirLockedError);
    }
    await (
      won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof lockDataDir>>>
    ).value.release();
    expect(await readdir(parent)).toEqual([]);
  });
});
