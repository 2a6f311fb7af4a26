/** Small pieces the governors' panels share: a read that failed, and a table's column headings. */
import type { ApiFailure } from '../api/call';
import { failureMessage } from './governorsRequest';

export function LoadFailure(props: { readonly error: ApiFailure; readonly onRetry: () => void }) {
  return (
    <div className="notice notice--warning" role="alert">
      <p>{failureMessage(props.error)}</p>
      <button type="button" className="button" onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}

export function Head(props: { readonly columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c, i) => (
          <th key={`${i} ${c}`} scope="col">
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
