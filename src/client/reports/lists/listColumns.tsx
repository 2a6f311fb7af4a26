/** Columns and controls every pupil list shares: the pupil, their group, and the row's actions. */
import { yearGroupName } from '../../../domain/index';
import type { ReportPupil } from '../../../shared/api/reportSchemas';
import type { Column } from '../DataTable';
import type { ListFilterValues } from '../ListFilters';
import type { RangeChoice } from '../rangeQuery';
import type { ReportScreenId } from '../reportScreens';
import type { ReportEnv } from '../reportScope';

export interface OpenPupilTarget {
  readonly id: string;
  readonly displayName: string;
}

export interface ListScreenProps {
  readonly env: ReportEnv;
  readonly range: RangeChoice;
  readonly onRangeChange: (range: RangeChoice) => void;
  readonly filters: ListFilterValues;
  readonly onFiltersChange: (filters: ListFilterValues) => void;
  readonly onOpenPupil: (pupil: OpenPupilTarget, screen: ReportScreenId) => void;
}

export function pupilColumns<Row>(pupilOf: (row: Row) => ReportPupil): Column<Row>[] {
  return [
    { header: 'Pupil', value: (row) => pupilOf(row).displayName },
    { header: 'Group', value: (row) => pupilOf(row).groupName ?? '' },
    {
      header: 'Year',
      value: (row) => {
        const year = pupilOf(row).yearGroup;
        return year === null ? '' : yearGroupName(year);
      },
    },
  ];
}

/** A screen-only column with a button opening the pupil's certificate. */
export function certificateColumn<Row>(
  pupilOf: (row: Row) => ReportPupil,
  onOpenPupil: ListScreenProps['onOpenPupil'],
): Column<Row> {
  return {
    header: 'Open',
    screenOnly: true,
    value: () => '',
    cell: (row) => {
      const pupil = pupilOf(row);
      return (
        <button
          type="button"
          className="button button--small"
          aria-label={`Certificate of ${pupil.displayName}`}
          onClick={() => onOpenPupil(pupil, 'certificate')}
        >
          Certificate
        </button>
      );
    },
  };
}

export function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}
