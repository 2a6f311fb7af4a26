/**
 * The first Tab stop on every screen: "Skip to main content", past the status bar, the sections
 * and who is signed in, to the screen's own content (`#content`, else `<main>`). On the register
 * it lands on the pupils (the tile that holds the arrow-key focus, marked `data-skip-target`).
 */
import { SKIP_TARGET_ATTRIBUTE } from '../ui/skipTarget';

export function SkipLink() {
  return (
    <a
      className="skip-link"
      href="#main-content"
      onClick={(event) => {
        const content =
          document.getElementById('content') ?? document.getElementById('main-content');
        if (content === null) return;
        const target = content.querySelector<HTMLElement>(`[${SKIP_TARGET_ATTRIBUTE}]`) ?? content;
        event.preventDefault();
        target.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
