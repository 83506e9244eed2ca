import type { TFunction } from 'i18next';

/** Catalogue content in the resident's language; the catalogue's own (English) name for codes without a translation. */
export function categoryName(t: TFunction, category: { code: string; name: string }): string {
  return t(`catalogue.categories.${category.code}`, { defaultValue: category.name });
}

export function requestTypeName(t: TFunction, requestType: { code: string; name: string }): string {
  return t(`catalogue.requestTypes.${requestType.code}`, { defaultValue: requestType.name });
}
