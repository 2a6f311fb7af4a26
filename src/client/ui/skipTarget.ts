/**
 * The attribute a screen puts on the element the skip link should land on (the register's tile
 * that holds the arrow-key focus); without one the skip link lands on the screen's content.
 */
export const SKIP_TARGET_ATTRIBUTE = 'data-skip-target';
