/**
 * A row of tab buttons: the app's sections, the admin tabs, the report screens. The current tab is
 * marked `aria-current="page"`; each button is a real button, so the keyboard works. `block` is
 * the CSS block of the row (`section-nav` gives `section-nav__list` and `section-nav__button`),
 * so each place keeps its own look.
 */
export interface Tab<Id extends string> {
  readonly id: Id;
  readonly title: string;
}

export interface TabNavProps<Id extends string> {
  /** The navigation landmark's name, read out by screen readers. */
  readonly label: string;
  readonly block: string;
  readonly tabs: readonly Tab<Id>[];
  readonly current: Id;
  readonly onOpen: (id: Id) => void;
}

export function TabNav<Id extends string>({
  label,
  block,
  tabs,
  current,
  onOpen,
}: TabNavProps<Id>) {
  return (
    <nav className={block} aria-label={label}>
      <ul className={`${block}__list`}>
        {tabs.map((t) => (
          <li key={t.id}>
            <button
              type="button"
              className={`${block}__button`}
              aria-current={t.id === current ? 'page' : undefined}
              onClick={() => onOpen(t.id)}
            >
              {t.title}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
