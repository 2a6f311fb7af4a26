import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../time/localDate';
import { localDate } from '../time/localDate';
import type { PenaltyNotice, PenaltyNoticeRequest, PenaltyNoticeStep } from './penaltyNotices';
import {
  advancePenaltyNotice,
  amountDue,
  considerPenaltyNotice,
  laRecord,
  noticeOrdinal,
} from './penaltyNotices';

const d = localDate;

/** A notice for parent `parent`, child `child`, already issued on `on` (withdrawn when asked). */
function issued(
  id: string,
  on: string,
  opts: { parent?: string; child?: string; ordinal?: 1 | 2; withdrawn?: boolean } = {},
): PenaltyNotice {
  const steps: PenaltyNoticeStep[] = [
    { stage: 'considered', on: d(on) },
    { stage: 'issued', on: d(on), ordinal: opts.ordinal ?? 1 },
  ];
  if (opts.withdrawn === true) steps.push({ stage: 'withdrawn', on: d(on), reason: 'error' });
  return { id, parentId: opts.parent ?? 'mum', pupilId: opts.child ?? 'amy', steps };
}

describe('noticeOrdinal: per parent, per child, within three years of the first', () => {
  it.each<[string, PenaltyNotice[], string, string, string, 1 | 2 | 'refused']>([
    ['no notice before', [], 'mum', 'amy', '2025-01-10', 1],
    ['one before: the second', [issued('a', '2025-01-10')], 'mum', 'amy', '2025-06-01', 2],
    [
      'two before within three years: refused',
      [issued('a', '2025-01-10'), issued('b', '2025-06-01', { ordinal: 2 })],
      'mum',
      'amy',
      '2027-12-01',
      'refused',
    ],
    [
      'two before, the first three years ago today: allowed again',
      [issued('a', '2025-01-10'), issued('b', '2025-06-01', { ordinal: 2 })],
      'mum',
      'amy',
      '2028-01-10',
      2,
    ],
    [
      'the day before three years: still refused',
      [issued('a', '2025-01-10'), issued('b', '2025-06-01', { ordinal: 2 })],
      'mum',
      'amy',
      '2028-01-09',
      'refused',
    ],
    [
      'a withdrawn notice does not count',
      [issued('a', '2025-01-10', { withdrawn: true }), issued('b', '2025-06-01')],
      'mum',
      'amy',
      '2025-09-01',
      2,
    ],
    [
      'both withdrawn: a first again',
      [
        issued('a', '2025-01-10', { withdrawn: true }),
        issued('b', '2025-06-01', { withdrawn: true }),
      ],
      'mum',
      'amy',
      '2025-09-01',
      1,
    ],
    [
      'another parent of the same child has their own count',
      [issued('a', '2025-01-10'), issued('b', '2025-06-01')],
      'dad',
      'amy',
      '2025-09-01',
      1,
    ],
    [
      'the same parent for another child has their own count',
      [issued('a', '2025-01-10'), issued('b', '2025-06-01')],
      'mum',
      'ben',
      '2025-09-01',
      1,
    ],
    [
      'notices under the old scheme (before 19 August 2024) do not count',
      [issued('a', '2024-03-01'), issued('b', '2024-08-18')],
      'mum',
      'amy',
      '2024-09-01',
      1,
    ],
    [
      'the first on the day the framework began counts',
      [issued('a', '2024-08-19'), issued('b', '2025-01-01')],
      'mum',
      'amy',
      '2025-02-01',
      'refused',
    ],
    [
      'a notice considered but never issued does not count',
      [
        considerPenaltyNotice('a', 'mum', 'amy', d('2025-01-01')),
        considerPenaltyNotice('b', 'mum', 'amy', d('2025-02-01')),
      ],
      'mum',
      'amy',
      '2025-03-01',
      1,
    ],
  ])('%s', (_why, others, parent, child, on, expected) => {
    const result = noticeOrdinal(others, parent, child, d(on));
    if (expected === 'refused') {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.errors[0]?.code).toBe('third_notice_within_three_years');
        expect(result.errors[0]?.message).toMatch(/a third cannot be issued within 3 years/);
      }
    } else {
      expect(result).toEqual({ ok: true, value: expected });
    }
  });

  it('names the day a notice becomes possible again', () => {
    const result = noticeOrdinal(
      [issued('a', '2025-01-10'), issued('b', '2025-06-01')],
      'mum',
      'amy',
      d('2025-07-01'),
    );
    expect(result.ok ? '' : result.errors[0]?.message).toContain('until 10 January 2028');
  });
});

describe('amountDue: the national amounts', () => {
  it.each<[1 | 2, string, string, number | null]>([
    [1, '2025-01-01', '2025-01-01', 8_000],
    [1, '2025-01-01', '2025-01-22', 8_000], // day 21: still reduced
    [1, '2025-01-01', '2025-01-23', 16_000], // day 22
    [1, '2025-01-01', '2025-01-29', 16_000], // day 28
    [1, '2025-01-01', '2025-01-30', null], // day 29: too late
    [2, '2025-01-01', '2025-01-02', 16_000], // no reduced rate on the second
    [2, '2025-01-01', '2025-01-29', 16_000],
    [2, '2025-01-01', '2025-01-30', null],
    [1, '2025-01-10', '2025-01-09', null], // before issue
  ])('notice %i issued %s paid %s → %s pence', (ordinal, on, paid, pence) => {
    expect(amountDue(ordinal, d(on), d(paid))).toBe(pence);
  });
});

describe('advancePenaltyNotice: the lifecycle', () => {
  type Row = [string, PenaltyNoticeRequest[], PenaltyNotice[], string | null, string];
  const at = (on: string) => d(on) as LocalDate;
  it.each<Row>([
    [
      'considered → notice to improve → issued after the period → paid early at £80',
      [
        { stage: 'notice_to_improve', on: at('2025-01-06'), periodEnds: at('2025-02-03') },
        { stage: 'issued', on: at('2025-02-10') },
        { stage: 'paid', on: at('2025-02-20') },
      ],
      [],
      null,
      'paid:8000',
    ],
    [
      'issued straight after being considered, paid on day 25 at £160',
      [
        { stage: 'issued', on: at('2025-01-06') },
        { stage: 'paid', on: at('2025-01-31') },
      ],
      [],
      null,
      'paid:16000',
    ],
    [
      'a second notice is paid at the flat rate even when early',
      [
        { stage: 'issued', on: at('2025-06-02') },
        { stage: 'paid', on: at('2025-06-03') },
      ],
      [issued('old', '2025-01-06')],
      null,
      'paid:16000',
    ],
    [
      'a third within three years of the first is refused with the reason',
      [{ stage: 'issued', on: at('2025-09-01') }],
      [issued('a', '2025-01-06'), issued('b', '2025-06-02', { ordinal: 2 })],
      'third_notice_within_three_years',
      '',
    ],
    [
      'a third is allowed when one of the two was withdrawn',
      [{ stage: 'issued', on: at('2025-09-01') }],
      [issued('a', '2025-01-06', { withdrawn: true }), issued('b', '2025-06-02')],
      null,
      'issued:2',
    ],
    [
      'an escalated (unpaid) notice still counts',
      [{ stage: 'issued', on: at('2025-09-01') }],
      [
        {
          ...issued('a', '2025-01-06'),
          steps: [
            ...issued('a', '2025-01-06').steps,
            { stage: 'escalated', on: at('2025-02-10'), reason: 'unpaid' },
          ],
        },
        issued('b', '2025-06-02', { ordinal: 2 }),
      ],
      'third_notice_within_three_years',
      '',
    ],
    [
      'issuing during the improvement period is refused',
      [
        { stage: 'notice_to_improve', on: at('2025-01-06'), periodEnds: at('2025-02-03') },
        { stage: 'issued', on: at('2025-02-03') },
      ],
      [],
      'improvement_period_running',
      '',
    ],
    [
      'an improvement period must end after it starts',
      [{ stage: 'notice_to_improve', on: at('2025-01-06'), periodEnds: at('2025-01-06') }],
      [],
      'improvement_period_invalid',
      '',
    ],
    [
      'withdrawn after a notice to improve: parents engaged',
      [
        { stage: 'notice_to_improve', on: at('2025-01-06'), periodEnds: at('2025-02-03') },
        { stage: 'withdrawn', on: at('2025-02-04'), reason: 'Attendance improved' },
      ],
      [],
      null,
      'withdrawn',
    ],
    [
      'withdrawing needs a reason',
      [{ stage: 'withdrawn', on: at('2025-01-06'), reason: '  ' }],
      [],
      'reason_missing',
      '',
    ],
    [
      'paid after 28 days is refused: escalate instead',
      [
        { stage: 'issued', on: at('2025-01-06') },
        { stage: 'paid', on: at('2025-02-04') },
      ],
      [],
      'payment_too_late',
      '',
    ],
    [
      'escalated before 28 days is refused',
      [
        { stage: 'issued', on: at('2025-01-06') },
        { stage: 'escalated', on: at('2025-02-03'), reason: 'unpaid' },
      ],
      [],
      'not_yet_overdue',
      '',
    ],
    [
      'escalated on day 29',
      [
        { stage: 'issued', on: at('2025-01-06') },
        { stage: 'escalated', on: at('2025-02-04'), reason: 'Unpaid: prosecution considered' },
      ],
      [],
      null,
      'escalated',
    ],
    [
      'nothing follows a paid notice',
      [
        { stage: 'issued', on: at('2025-01-06') },
        { stage: 'paid', on: at('2025-01-07') },
        { stage: 'withdrawn', on: at('2025-01-08'), reason: 'x' },
      ],
      [],
      'not_allowed_from_stage',
      '',
    ],
    [
      'payment before issue is refused',
      [{ stage: 'paid', on: at('2025-01-07') }],
      [],
      'not_allowed_from_stage',
      '',
    ],
    [
      'a step dated before the last is refused',
      [
        { stage: 'issued', on: at('2025-01-06') },
        { stage: 'paid', on: at('2025-01-05') },
      ],
      [],
      'date_before_last_step',
      '',
    ],
  ])('%s', (_why, requests, others, refusal, outcome) => {
    let notice = considerPenaltyNotice('new', 'mum', 'amy', d('2025-01-01'));
    let refused: string | null = null;
    for (const request of requests) {
      const result = advancePenaltyNotice(notice, request, [...others, notice]);
      if (!result.ok) {
        refused = result.errors[0]?.code ?? 'unknown';
        expect(result.errors[0]?.message.length).toBeGreaterThan(20);
        break;
      }
      notice = result.value;
    }
    expect(refused).toBe(refusal);
    if (refusal === null) {
      const row = laRecord(notice);
      const described =
        row.stage === 'paid'
          ? `paid:${row.amountPaidPence}`
          : row.stage === 'issued'
            ? `issued:${row.ordinal}`
            : row.stage;
      expect(described).toBe(outcome);
    }
  });

  it('keeps a record for the local authority', () => {
    let notice = considerPenaltyNotice('n1', 'mum', 'amy', d('2025-01-01'));
    for (const request of [
      { stage: 'notice_to_improve', on: d('2025-01-06'), periodEnds: d('2025-02-17') },
      { stage: 'issued', on: d('2025-02-24') },
      { stage: 'escalated', on: d('2025-03-31'), reason: 'Unpaid' },
    ] as const) {
      const next = advancePenaltyNotice(notice, request, []);
      if (!next.ok) throw new Error(next.errors[0]?.message);
      notice = next.value;
    }
    expect(laRecord(notice)).toEqual({
      id: 'n1',
      parentId: 'mum',
      pupilId: 'amy',
      stage: 'escalated',
      consideredOn: '2025-01-01',
      improvementPeriodEnds: '2025-02-17',
      issuedOn: '2025-02-24',
      ordinal: 1,
      paidOn: null,
      amountPaidPence: null,
      closedOn: '2025-03-31',
      reason: 'Unpaid',
    });
  });
});
