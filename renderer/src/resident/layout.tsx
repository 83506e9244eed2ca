import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';

/**
 * Layout helpers for real kiosk screens: the dock (the header, which sits at the bottom of a portrait kiosk, within
 * reach) is measured into `--dock-h` so sticky action bars stand above it; the scroll cue says, and shows, that
 * the page goes on below.
 */

/** Keeps `--dock-h` on the resident root at the height of the header while the header is fixed to the bottom. */
export function useDockHeight(root: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = root.current;
    const header = element?.querySelector<HTMLElement>('.r-header');
    if (!element || !header) return;
    const update = () => {
      const docked = getComputedStyle(header).position === 'fixed';
      element.style.setProperty('--dock-h', docked ? `${header.getBoundingClientRect().height}px` : '0px');
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(header);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
    };
  }, [root]);
}

/** How close to the bottom a bar must come for the cue to stand above it rather than over it. */
const CUE_ROOM = 120;

/** Pixels of the screen's content still below what the resident sees (above the docked header, if docked). */
function remainingBelow(): number {
  const content = document.querySelector('#resident-main > :last-child');
  if (!content) return 0;
  const header = document.querySelector<HTMLElement>('.resident .r-header');
  const dock = header && getComputedStyle(header).position === 'fixed' ? header.getBoundingClientRect().height : 0;
  return content.getBoundingClientRect().bottom - (window.innerHeight - dock);
}

/**
 * "More below": shown while the page scrolls and its end is not on screen, just above whatever sticks to the bottom
 * (the form's action bar, the docked header). Touching it scrolls most of a screen down.
 */
export function ScrollCue(props: { watch: unknown }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ show: boolean; bottom: number }>({ show: false, bottom: 0 });

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const show = remainingBelow() > 1;
        // Above whatever sits at the bottom of the viewport: the docked header, the action bar (stuck or not yet).
        let top = window.innerHeight;
        for (const el of document.querySelectorAll<HTMLElement>('.resident .r-header, .resident .r-form > .r-actions, .resident .r-screen > .r-actions:has(.r-primary)')) {
          const rect = el.getBoundingClientRect();
          if (rect.height > 0 && rect.top < window.innerHeight && rect.bottom > window.innerHeight - CUE_ROOM) top = Math.min(top, rect.top);
        }
        setState((previous) => {
          const bottom = Math.round(window.innerHeight - top);
          return previous.show === show && previous.bottom === bottom ? previous : { show, bottom };
        });
      });
    };
    measure();
    const resize = new ResizeObserver(measure);
    resize.observe(document.documentElement);
    const main = document.getElementById('resident-main');
    if (main) resize.observe(main);
    const mutations = new MutationObserver(measure);
    if (main) mutations.observe(main, { childList: true, subtree: true });
    window.addEventListener('scroll', measure, { passive: true });
    window.addEventListener('resize', measure);
    return () => {
      cancelAnimationFrame(frame);
      resize.disconnect();
      mutations.disconnect();
      window.removeEventListener('scroll', measure);
      window.removeEventListener('resize', measure);
    };
  }, [props.watch]);

  if (!state.show) return null;
  return (
    <button
      type="button"
      className="r-btn r-scroll-cue"
      style={{ insetBlockEnd: `${state.bottom + 12}px` }}
      data-testid="scroll-cue"
      onClick={() => window.scrollBy({ top: Math.round(window.innerHeight * 0.6), behavior: 'instant' })}
    >
      <Icon name="down" />
      <span>{t('a11y.moreBelow')}</span>
    </button>
  );
}
