/** Prints the report on screen; reports.css leaves out the menus and controls and sets A4. */
export function PrintButton({ label = 'Print' }: { readonly label?: string }) {
  return (
    <button type="button" className="button no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
