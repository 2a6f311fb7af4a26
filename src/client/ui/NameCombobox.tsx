/**
 * Choosing one person from a long list by typing part of their name: a text box that narrows a
 * list of matches as you type (the shared name rule, `nameMatchRank`: any part of a name, case,
 * accents and the kind of apostrophe ignored), closest matches first. It is an ARIA combobox:
 * the box keeps focus, Up and Down move through the matches (announced through
 * `aria-activedescendant`), Enter chooses, Escape closes the list; a click or a tap on a match
 * (each at least 48 px tall) chooses too. Leaving the box without choosing puts back the name
 * chosen before. Generic over what is chosen: each item brings the names it is found by.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { nameMatchRank } from '../../domain/index';
import './nameCombobox.css';

export interface ComboItem {
  readonly id: string;
  /** What the option and, once chosen, the box show ("Adams, Ada"). */
  readonly label: string;
  /** A second, quieter part of the option (the pupil's group). */
  readonly detail?: string;
  /** Every name the item is found by (display name, sort name). */
  readonly names: readonly string[];
}

export interface NameComboboxProps {
  readonly label: string;
  readonly items: readonly ComboItem[];
  readonly value: string | null;
  readonly onChange: (id: string) => void;
  /** What one item is called in the count and the "no match" line: "pupil". */
  readonly noun: string;
}

/** The items matching `typed`, those matching at the start of a word first; all when nothing is typed. */
export function matchingItems(items: readonly ComboItem[], typed: string): ComboItem[] {
  if (typed.trim() === '') return [...items];
  return items
    .map((item) => ({ item, rank: nameMatchRank(typed, item.names) }))
    .filter((found): found is { item: ComboItem; rank: 0 | 1 } => found.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .map((found) => found.item);
}

export function NameCombobox({ label, items, value, onChange, noun }: NameComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const chosen = items.find((item) => item.id === value) ?? null;
  // null while not editing: the box then shows the chosen item.
  const [typed, setTyped] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const text = typed ?? chosen?.label ?? '';
  const shown = open ? matchingItems(items, typed ?? '') : [];
  const activeItem = shown[Math.min(active, shown.length - 1)];
  const optionId = (index: number) => `${id}-option-${index}`;
  const activeId = activeItem === undefined ? undefined : optionId(shown.indexOf(activeItem));

  useEffect(() => {
    if (activeId === undefined) return;
    // jsdom has no scrollIntoView; a browser keeps the active match in the list's view.
    document.getElementById(activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  const choose = (item: ComboItem) => {
    setTyped(null);
    setOpen(false);
    onChange(item.id);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const last = shown.length - 1;
      const at = Math.min(active, last);
      setActive(event.key === 'ArrowDown' ? Math.min(at + 1, last) : Math.max(at - 1, 0));
    } else if (event.key === 'Enter' && open && activeItem !== undefined) {
      event.preventDefault();
      choose(activeItem);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };

  const searched = (typed ?? '').trim();
  const count =
    !open || searched === ''
      ? `${items.length} ${noun}s: type part of a name, or press Down to see them all.`
      : shown.length === 0
        ? `No ${noun}’s name contains “${searched}”. Check the spelling, or type less of the name.`
        : `${shown.length} of ${items.length} ${noun}s match. Use Up and Down, then Enter to choose.`;

  return (
    <div className="field name-combobox">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="name-combobox__box">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={open && shown.length > 0}
          aria-controls={listId}
          aria-activedescendant={open ? activeId : undefined}
          aria-describedby={`${id}-count`}
          value={text}
          onChange={(event) => {
            setTyped(event.target.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setTyped(null);
            setOpen(false);
          }}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label={`Matching ${noun}s`}
          className="name-combobox__list"
          hidden={shown.length === 0}
        >
          {shown.map((item, index) => (
            <li
              key={item.id}
              id={optionId(index)}
              role="option"
              aria-selected={item === activeItem}
              className="name-combobox__option"
              // Keeps focus in the box, so the click below is not lost to its blur.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(item)}
            >
              <span className="name-combobox__label">{item.label}</span>{' '}
              {item.detail !== undefined && (
                <span className="name-combobox__detail">{item.detail}</span>
              )}
            </li>
          ))}
        </ul>
      </div>
      <span id={`${id}-count`} className="hint" aria-live="polite">
        {count}
      </span>
    </div>
  );
}
