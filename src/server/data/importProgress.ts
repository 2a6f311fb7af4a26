/**
 * Progress of the import jobs this process is running. A write of a million marks is one
 * transaction; on the embedded database (one connection) every query waits for it, including the
 * session check of a status request. So the status of a running job is also answered from here,
 * without the database, to the very session that confirmed it (its cookie's hash is kept).
 */
import type { ImportJob } from '../../shared/api/dataSchemas';

export interface RunningImport {
  readonly job: ImportJob;
  readonly sessionTokenHash: string;
  readonly staffId: string;
  readonly schoolId: string;
  rowsDone: number;
  rowsTotal: number;
  phase: string;
}

export class ImportProgressRegistry {
  private readonly running = new Map<string, RunningImport>();

  start(entry: RunningImport): void {
    this.running.set(entry.job.id, entry);
  }

  update(id: string, rowsDone: number, rowsTotal: number, phase: string): void {
    const entry = this.running.get(id);
    if (entry === undefined) return;
    entry.rowsDone = rowsDone;
    entry.rowsTotal = rowsTotal;
    entry.phase = phase;
  }

  finish(id: string): void {
    this.running.delete(id);
  }

  get(id: string): RunningImport | undefined {
    return this.running.get(id);
  }

  /** The job as stored, with this process's live progress laid over it while it runs. */
  overlay(job: ImportJob): ImportJob {
    const entry = this.running.get(job.id);
    if (entry === undefined || job.state !== 'running') return job;
    return { ...job, rowsDone: entry.rowsDone, rowsTotal: entry.rowsTotal, phase: entry.phase };
  }

  snapshot(entry: RunningImport): ImportJob {
    return { ...entry.job, state: 'running', rowsDone: entry.rowsDone, rowsTotal: entry.rowsTotal, phase: entry.phase };
  }
}
