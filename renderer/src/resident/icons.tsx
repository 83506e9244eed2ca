/** Simple line icons (decorative: hidden from screen readers, coloured by the text around them). */

const PATHS = {
  ticket: 'M3 8a2 2 0 0 0 0 4v4h18v-4a2 2 0 0 1 0-4V4H3z M9 4v12',
  problem: 'M12 3 2 20h20z M12 9v5 M12 17h.01',
  certificate: 'M6 2h9l5 5v15H6z M14 2v6h6 M9 13h8 M9 17h6',
  star: 'M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z',
  help: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3 M12 17h.01',
  globe: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M2 12h20 M12 2a15 15 0 0 1 0 20 M12 2a15 15 0 0 0 0 20',
  text: 'M3 19 8 5l5 14 M4.8 14h6.4 M17 8v8 M13 12h8',
  contrast: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z M12 2v20',
  speaker: 'M4 9h4l5-4v14l-5-4H4z M16 9a4 4 0 0 1 0 6 M19 6a8 8 0 0 1 0 12',
  printer: 'M6 9V2h12v7 M6 18H4v-7h16v7h-2 M6 14h12v8H6z',
  back: 'M19 12H5 M12 19l-7-7 7-7',
  speech: 'M4 4h16v12H8l-4 4z M8 9h8 M8 12h5',
  search: 'M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16z M21 21l-4.3-4.3',
  down: 'M12 4v15 M5 12l7 7 7-7',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon(props: { name: IconName; className?: string }) {
  return (
    <svg className={`r-icon ${props.className ?? ''}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {props.name === 'contrast' && <path d="M12 2a10 10 0 0 1 0 20z" fill="currentColor" stroke="none" />}
      <path d={PATHS[props.name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
