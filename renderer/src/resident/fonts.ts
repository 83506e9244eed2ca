/**
 * The resident touchscreen's own fonts, bundled (no van has to have them installed): Noto Sans for Latin (Vietnamese
 * diacritics included) and Cyrillic, Noto Sans Arabic, and Noto Sans SC / TC for Chinese. Each package is split into
 * unicode-range subsets, so a screen downloads only the slices of the fonts its text uses. Imported by the resident
 * entry only (a lazy chunk), so the staff and supervisor windows never load or reference them.
 */
import '@fontsource-variable/noto-sans/wght.css';
import '@fontsource-variable/noto-sans-arabic/wght.css';
import '@fontsource-variable/noto-sans-sc/wght.css';
import '@fontsource-variable/noto-sans-tc/wght.css';

/** The bundled families, as the resident stylesheet names them (fontsource's variable families). */
export const RESIDENT_FONT_FAMILIES = ['Noto Sans Variable', 'Noto Sans Arabic Variable', 'Noto Sans SC Variable', 'Noto Sans TC Variable'] as const;
