/** The rows of a pupils file (a typical MIS pupil export), parsed into typed pupils. */
import type {
  CharacteristicKey,
  DeletionGround,
  LocalDate,
  YearGroup,
} from '../../domain/index';
import type { RowError } from '../../shared/api/dataSchemas';
import { cellOf, matchColumns, type ColumnSpec, type MatchedTable } from './csvTable';
import {
  dateCell,
  deletionGroundCell,
  ethnicityCell,
  firstLanguageCell,
  flagCell,
  groupNameCell,
  nameCell,
  RowProblems,
  senProvisionOf,
  sexCell,
  upnCell,
  yearGroupCell,
} from './csvValues';

export type PupilField =
  | 'upn'
  | 'legalForename'
  | 'legalSurname'
  | 'preferredForename'
  | 'preferredSurname'
  | 'dateOfBirth'
  | 'yearGroup'
  | 'registrationGroup'
  | 'admissionDate'
  | 'leavingDate'
  | 'leavingGrounds'
  | 'send'
  | 'fsm'
  | 'lookedAfter'
  | 'socialWorker'
  | 'medical'
  | 'medicalNote'
  | 'eal'
  | 'boarder'
  | 'sex'
  | 'ethnicity'
  | 'firstLanguage'
  | 'pupilPremium'
  | 'childInNeed'
  | 'childProtectionPlan'
  | 'youngCarer'
  | 'previouslyLookedAfter'
  | 'serviceChild';

export const PUPIL_COLUMNS: readonly ColumnSpec<PupilField>[] = [
  { field: 'upn', label: 'UPN', headers: ['UPN', 'Unique Pupil Number'], required: true },
  {
    field: 'legalForename',
    label: 'legal forename',
    headers: ['Legal Forename', 'Legal First Name', 'Forename', 'First Name', 'Given Name'],
    required: true,
  },
  {
    field: 'legalSurname',
    label: 'legal surname',
    headers: ['Legal Surname', 'Legal Last Name', 'Surname', 'Last Name', 'Family Name'],
    required: true,
  },
  {
    field: 'preferredForename',
    label: 'preferred forename',
    headers: ['Preferred Forename', 'Preferred First Name', 'Preferred Name', 'Known As'],
    required: false,
  },
  {
    field: 'preferredSurname',
    label: 'preferred surname',
    headers: ['Preferred Surname', 'Preferred Last Name'],
    required: false,
  },
  {
    field: 'dateOfBirth',
    label: 'date of birth',
    headers: ['Date of Birth', 'DOB', 'Birth Date'],
    required: true,
  },
  {
    field: 'yearGroup',
    label: 'year group',
    headers: ['Year Group', 'Year', 'NC Year', 'National Curriculum Year', 'Year Taught In'],
    required: true,
  },
  {
    field: 'registrationGroup',
    label: 'registration group',
    headers: ['Registration Group', 'Reg Group', 'Reg', 'Form', 'Form Group', 'Tutor Group', 'Class'],
    required: true,
  },
  {
    field: 'admissionDate',
    label: 'admission date',
    headers: ['Admission Date', 'Date of Admission', 'Date Admitted', 'Entry Date', 'Start Date'],
    required: false,
  },
  {
    field: 'leavingDate',
    label: 'leaving date',
    headers: ['Leaving Date', 'Date of Leaving', 'Leave Date', 'End Date'],
    required: false,
  },
  {
    field: 'leavingGrounds',
    label: 'grounds for deletion',
    headers: ['Grounds for Deletion', 'Deletion Grounds', 'Reason for Leaving', 'Leaving Reason'],
    required: false,
  },
  { field: 'send', label: 'SEND', headers: ['SEND', 'SEN', 'SEN Status', 'SEN Provision'], required: false },
  { field: 'fsm', label: 'FSM', headers: ['FSM', 'Free School Meals', 'FSM Eligible'], required: false },
  {
    field: 'lookedAfter',
    label: 'looked-after',
    headers: ['Looked After', 'Looked-After', 'In Care', 'LAC', 'CLA', 'Child Looked After'],
    required: false,
  },
  {
    field: 'socialWorker',
    label: 'social worker',
    headers: ['Social Worker', 'Has Social Worker'],
    required: false,
  },
  // What a teacher sees as a flag on the register tile (docs/design.md §5 "Photos and flags").
  {
    field: 'medical',
    label: 'medical',
    headers: ['Medical', 'Medical Flag', 'Medical Needs', 'Medical Condition', 'Has Medical Condition'],
    required: false,
  },
  {
    field: 'medicalNote',
    label: 'medical note',
    headers: ['Medical Note', 'Medical Notes', 'Medical Details', 'Medical Information'],
    required: false,
  },
  {
    field: 'eal',
    label: 'EAL',
    headers: ['EAL', 'English as an Additional Language', 'First Language Not English'],
    required: false,
  },
  // The school census collects no attendance for boarders (docs/statutory.md, "Census").
  { field: 'boarder', label: 'boarder', headers: ['Boarder', 'Boarding', 'Is Boarder'], required: false },
  // Pupil characteristics for reports, in the census's codes (docs/design.md §5 "Pupil characteristics").
  { field: 'sex', label: 'sex', headers: ['Sex', 'Gender'], required: false },
  { field: 'ethnicity', label: 'ethnicity', headers: ['Ethnicity', 'Ethnic Group', 'Ethnicity Code'], required: false },
  {
    field: 'firstLanguage',
    label: 'first language',
    headers: ['First Language', 'Language', 'First Language Code', 'Home Language'],
    required: false,
  },
  { field: 'pupilPremium', label: 'pupil premium', headers: ['Pupil Premium', 'PP', 'Pupil Premium Eligible'], required: false },
  { field: 'childInNeed', label: 'child in need', headers: ['Child in Need', 'CIN'], required: false },
  {
    field: 'childProtectionPlan',
    label: 'child protection plan',
    headers: ['Child Protection Plan', 'CPP', 'Child Protection'],
    required: false,
  },
  { field: 'youngCarer', label: 'young carer', headers: ['Young Carer'], required: false },
  {
    field: 'previouslyLookedAfter',
    label: 'previously looked-after',
    headers: ['Previously Looked After', 'Previously Looked-After', 'PLAC', 'Post Looked After'],
    required: false,
  },
  { field: 'serviceChild', label: 'service child', headers: ['Service Child', 'Service Children', 'Forces Child'], required: false },
];

/** The characteristics a pupils file can carry, and the column each is read from. */
export const CHARACTERISTIC_COLUMNS: readonly (readonly [CharacteristicKey, PupilField])[] = [
  ['sex', 'sex'],
  ['ethnicity', 'ethnicity'],
  ['firstLanguage', 'firstLanguage'],
  ['sen', 'send'],
  ['fsm', 'fsm'],
  ['pupilPremium', 'pupilPremium'],
  ['childInNeed', 'childInNeed'],
  ['childProtectionPlan', 'childProtectionPlan'],
  ['socialWorker', 'socialWorker'],
  ['youngCarer', 'youngCarer'],
  ['lookedAfter', 'lookedAfter'],
  ['previouslyLookedAfter', 'previouslyLookedAfter'],
  ['serviceChild', 'serviceChild'],
];

/** The longest medical note kept (the database's check says the same). */
export const MEDICAL_NOTE_MAX = 2000;

export interface PupilRow {
  readonly row: number;
  readonly upn: string;
  readonly legalForename: string;
  readonly legalSurname: string;
  readonly preferredForename: string | null;
  readonly preferredSurname: string | null;
  readonly dateOfBirth: LocalDate;
  readonly yearGroup: YearGroup;
  readonly registrationGroup: string;
  /** Null when the file has none: a new pupil is then on roll from the import's date. */
  readonly admissionDate: LocalDate | null;
  readonly leavingDate: LocalDate | null;
  /** Null when the cell is empty or the file has no such column. */
  readonly leavingGrounds: DeletionGround | null;
  readonly send: boolean;
  readonly fsm: boolean;
  readonly lookedAfter: boolean;
  readonly socialWorker: boolean;
  /**
   * The register's flags and the medical note; null when the file has no such column, so a file
   * without them keeps what an earlier import recorded.
   */
  readonly medical: boolean | null;
  readonly medicalNote: string | null | undefined;
  readonly eal: boolean | null;
  /** Whether the pupil boards; null when the file has no such column. */
  readonly boarder: boolean | null;
  /**
   * The pupil's characteristics on the file's date, for the keys whose column the file has
   * (a key it lacks is left as recorded). Null: not recorded (blank sex, ethnicity or language).
   */
  readonly characteristics: Partial<Record<CharacteristicKey, string | null>>;
}

export interface ParsedFile<R> {
  readonly table: MatchedTable<string>;
  readonly rows: R[];
  readonly errors: RowError[];
  /** Rows read (good and bad). */
  readonly rowsTotal: number;
  readonly badRows: number;
}

function optionalText(value: string): string | null {
  return value === '' ? null : value;
}

/** Parses every row; a UPN seen twice is an error on its second row. */
export function parsePupilRows(text: string): ParsedFile<PupilRow> {
  const table = matchColumns(text, PUPIL_COLUMNS);
  const rows: PupilRow[] = [];
  const errors: RowError[] = [...table.fileErrors];
  if (table.fileErrors.length > 0) {
    return { table, rows, errors, rowsTotal: table.rows.length, badRows: table.rows.length };
  }
  const firstRowOf = new Map<string, number>();
  let badRows = 0;
  for (const csvRow of table.rows) {
    const p = new RowProblems(csvRow.row);
    const cell = (field: PupilField): string => cellOf(table, csvRow, field);
    const upn = p.read(upnCell, 'UPN', cell('upn'), true);
    const legalForename = p.read(nameCell, 'legal forename', cell('legalForename'), true);
    const legalSurname = p.read(nameCell, 'legal surname', cell('legalSurname'), true);
    const preferredForename = p.read(nameCell, 'preferred forename', cell('preferredForename'), false);
    const preferredSurname = p.read(nameCell, 'preferred surname', cell('preferredSurname'), false);
    const dateOfBirth = p.read(dateCell, 'date of birth', cell('dateOfBirth'), true);
    const yearGroup = p.read(yearGroupCell, 'year group', cell('yearGroup'), true);
    const registrationGroup = p.read(groupNameCell, 'registration group', cell('registrationGroup'), true);
    const admission = cell('admissionDate');
    const admissionDate = admission === '' ? null : p.read(dateCell, 'admission date', admission, false);
    const leaving = cell('leavingDate');
    const leavingDate = leaving === '' ? null : p.read(dateCell, 'leaving date', leaving, false);
    const grounds = cell('leavingGrounds');
    const leavingGrounds = grounds === '' ? null : p.read(deletionGroundCell, 'grounds for deletion', grounds, false);
    if (grounds !== '' && leaving === '') {
      p.add('grounds for deletion', grounds, `row ${csvRow.row}: grounds for deletion '${grounds}' given without a leaving date; add the leaving date or clear the grounds`);
    }
    const send = p.read(flagCell, 'SEND', cell('send'), false);
    const fsm = p.read(flagCell, 'FSM', cell('fsm'), false);
    const lookedAfter = p.read(flagCell, 'looked-after', cell('lookedAfter'), false);
    const socialWorker = p.read(flagCell, 'social worker', cell('socialWorker'), false);
    const has = (field: PupilField): boolean => table.index[field] !== undefined;
    const medical = has('medical') ? p.read(flagCell, 'medical', cell('medical'), false) : null;
    const eal = has('eal') ? p.read(flagCell, 'EAL', cell('eal'), false) : null;
    const boarder = has('boarder') ? p.read(flagCell, 'boarder', cell('boarder'), false) : null;
    const characteristics: Partial<Record<CharacteristicKey, string | null>> = {};
    const yes = (b: boolean | undefined): string => (b === true ? 'yes' : 'no');
    for (const [key, field] of CHARACTERISTIC_COLUMNS) {
      if (!has(field)) continue;
      const text = cell(field);
      if (key === 'sex') characteristics.sex = p.read(sexCell, 'sex', text, false) ?? null;
      else if (key === 'ethnicity') characteristics.ethnicity = p.read(ethnicityCell, 'ethnicity', text, false) ?? null;
      else if (key === 'firstLanguage') {
        characteristics.firstLanguage = p.read(firstLanguageCell, 'first language', text, false) ?? null;
      } else if (key === 'sen') characteristics.sen = senProvisionOf(text);
      else if (key === 'fsm') characteristics.fsm = yes(fsm);
      else if (key === 'lookedAfter') characteristics.lookedAfter = yes(lookedAfter);
      else if (key === 'socialWorker') characteristics.socialWorker = yes(socialWorker);
      else {
        const label = PUPIL_COLUMNS.find((c) => c.field === field)?.label ?? field;
        characteristics[key] = yes(p.read(flagCell, label, text, false));
      }
    }
    const firstLanguage = characteristics.firstLanguage;
    const note = cell('medicalNote');
    if (note.length > MEDICAL_NOTE_MAX) {
      p.add('medical note', `${note.slice(0, 40)}…`, `row ${csvRow.row}: the medical note is ${note.length} characters; keep it to ${MEDICAL_NOTE_MAX} and put the rest in the pupil's medical plan`);
    }
    if (upn !== undefined) {
      const first = firstRowOf.get(upn);
      if (first !== undefined) {
        p.add('UPN', upn, `row ${csvRow.row}: UPN '${upn}' is already on row ${first}; each pupil must appear once`);
      } else firstRowOf.set(upn, csvRow.row);
    }
    if (admissionDate && leavingDate && leavingDate < admissionDate) {
      p.add('leaving date', leaving, `row ${csvRow.row}: leaving date '${leaving}' is before the admission date '${admission}'`);
    }
    if (dateOfBirth && admissionDate && admissionDate < dateOfBirth) {
      p.add('admission date', admission, `row ${csvRow.row}: admission date '${admission}' is before the date of birth`);
    }
    if (
      !p.ok ||
      upn === undefined ||
      legalForename === undefined ||
      legalSurname === undefined ||
      dateOfBirth === undefined ||
      yearGroup === undefined ||
      registrationGroup === undefined ||
      admissionDate === undefined ||
      leavingDate === undefined ||
      leavingGrounds === undefined
    ) {
      errors.push(...p.errors);
      badRows += 1;
      continue;
    }
    rows.push({
      row: csvRow.row,
      upn,
      legalForename,
      legalSurname,
      preferredForename: optionalText(preferredForename ?? ''),
      preferredSurname: optionalText(preferredSurname ?? ''),
      dateOfBirth,
      yearGroup,
      registrationGroup,
      admissionDate,
      leavingDate,
      leavingGrounds,
      send: send ?? false,
      fsm: fsm ?? false,
      lookedAfter: lookedAfter ?? false,
      socialWorker: socialWorker ?? false,
      // A note makes the flag: a pupil with a medical note has a medical need to flag.
      medical: medical === null ? (note === '' || !has('medicalNote') ? null : true) : (medical ?? false) || note !== '',
      medicalNote: has('medicalNote') ? optionalText(note) : undefined,
      // The tablet's EAL flag follows the first language when the file has that and no EAL column.
      eal: eal === null ? (firstLanguage === undefined ? null : firstLanguage === 'other') : (eal ?? false),
      boarder: boarder === null ? null : (boarder ?? false),
      characteristics,
    });
  }
  return { table, rows, errors, rowsTotal: table.rows.length, badRows };
}
