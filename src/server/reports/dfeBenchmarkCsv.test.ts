/**
 * The DfE files' other layouts: the older termly characteristic file (`school_type`, one
 * `characteristic` column) and the newer one (`breakdown_topic` and `breakdown`). The full
 * published layout, loaded and read back, is test/server/dfeBenchmarks.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readBenchmarkCsv } from './dfeBenchmarkCsv';

// The header of "Absence rates by pupil characteristic - termly data" (2020/21 Autumn term to
// 2021/22 Spring term) as published. The first row's figures up to the persistent-absence rate are
// the published national primary figures for autumn 2021 (the persistent-absence rate worked out
// from them to five places); the rest of that row is made up.
const TERMLY_HEADER =
  'time_period,time_identifier,geographic_level,country_code,country_name,school_type,characteristic,enrolments,sess_possible,sess_overall,sess_authorised,sess_unauthorised,sess_overall_percent,sess_authorised_percent,sess_unauthorised_percent,enrolments_pa_10_exact,enrolments_pa_10_exact_percent,sess_possible_pa_10_exact,sess_overall_pa_10_exact,sess_authorised_pa_10_exact,sess_unauthorised_pa_10_exact,sess_overall_percent_pa_10_exact,sess_authorised_percent_pa_10_exact,sess_unauthorised_percent_pa_10_exact,sess_auth_illness,sess_auth_appointments,sess_auth_religious,sess_auth_study,sess_auth_traveller,sess_auth_holiday,sess_auth_ext_holiday,sess_auth_excluded,sess_auth_other,sess_auth_totalreasons,sess_unauth_holiday,sess_unauth_late,sess_unauth_other,sess_unauth_noyet,sess_unauth_totalreasons,sess_overall_totalreasons,sess_x_covid,sess_x_covid_rate,sess_y_exceptional';
const rest = (n: number) => Array.from({ length: n }, () => 'x').join(',');

describe('reading a DfE file', () => {
  it('reads the older termly layout: school_type, and a characteristic column alone', () => {
    const text = [
      TERMLY_HEADER,
      `202122,Autumn term,National,E92000001,England,State-funded primary,Total,3916655,525568504,30023843,23932030,6091813,5.71264,4.55355,1.15909,750193,19.15392,${rest(26)}`,
      `202122,Autumn term,National,E92000001,England,State-funded primary,Gender_male,2000000,268000000,15300000,12200000,3100000,5.70896,4.55224,1.15672,380000,19,${rest(26)}`,
    ].join('\r\n');
    const read = readBenchmarkCsv(text);
    expect(read).toEqual({
      ok: true,
      rowsRead: 2,
      leftOut: { 'breakdown not held: Gender_male': 1 },
      figures: [
        {
          timePeriod: '202122',
          timeIdentifier: 'Autumn term',
          level: 'national',
          areaCode: 'E92000001',
          areaName: 'England',
          regionCode: null,
          phase: 'primary',
          groupKey: 'all',
          enrolments: 3916655,
          sessionsPossible: 525568504,
          sessionsOverall: 30023843,
          overallPercent: 5.71264,
          persistentEnrolments: 750193,
          persistentPercent: 19.15392,
          severeEnrolments: null,
          severePercent: null,
        },
      ],
    });
  });

  it('reads the newer layout: breakdown_topic and breakdown, education_phase, a byte-order mark', () => {
    const header =
      'time_period,time_identifier,absence_terms,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,education_phase,breakdown_topic,breakdown,enrolments,sess_possible,sess_overall,sess_overall_percent,enrolments_pa_10_exact,enrolments_pa_10_exact_percent,enrolments_pa_50_exact,enrolments_pa_50_exact_percent';
    const text = [
      `\uFEFF${header}`,
      '202425,Academic year,Three terms,Regional,E92000001,England,E12000001,North East,,,,Special,Sex,Female,1000,300000,30000,10,400,40,20,2',
      '202425,Academic year,Three terms,Local authority district,E92000001,England,E12000001,North East,,,,Special,Sex,Female,1000,300000,30000,10,400,40,20,2',
      '',
    ].join('\n');
    const read = readBenchmarkCsv(text);
    expect(read.ok && read.figures.map((f) => [f.level, f.areaCode, f.phase, f.groupKey])).toEqual([
      ['regional', 'E12000001', 'special', 'sex:female'],
    ]);
    expect(read.ok && read.leftOut).toEqual({
      'level not compared with: Local authority district': 1,
    });
  });

  it('refuses a file that is not CSV from the DfE, naming what it lacks', () => {
    const read = readBenchmarkCsv('Surname,Forename\nAdams,Ada\n');
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems.map((p) => p.message)[0]).toBe(
      'the header has no time_period, time_identifier, geographic_level, country_code, education_phase or school_type, enrolments, sess_possible, sess_overall, sess_overall_percent columns: is this a DfE "Pupil absence in schools in England" data file, as downloaded?',
    );
  });

  it('refuses an empty file', () => {
    expect(readBenchmarkCsv('').ok).toBe(false);
  });
});
