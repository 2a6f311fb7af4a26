/**
 * The parent page's words by language, ready for translation: en-GB is part of the page
 * (words/enGB.ts); each other language is a module of its own (words/pl.ts), loaded only when a
 * family reads it, so the page carries one language. A translation that leaves a word out says
 * it in en-GB, and a language with no translation reads en-GB. The language is the contact's
 * preferred language (the domain's familyLanguageOf), or the one the parent picks.
 */
import { FAMILY_LANGUAGE_NAMES, FAMILY_LANGUAGES, type FamilyLanguage } from '../../domain/index';
import { EN_GB } from './words/enGB';
import type { ParentTranslation, ParentWords } from './words/parentWordsTypes';

export type { ParentWords } from './words/parentWordsTypes';
export { EN_GB } from './words/enGB';

const TRANSLATIONS: Readonly<Record<FamilyLanguage, () => Promise<ParentTranslation>>> = {
  'en-GB': () => Promise.resolve({}),
  pl: () => import('./words/pl').then((m) => m.PL),
};

/** The words of `language`, each missing one in en-GB. */
export async function loadParentWords(language: FamilyLanguage): Promise<ParentWords> {
  const translation = await TRANSLATIONS[language]();
  return { ...EN_GB, ...translation };
}

/** The languages offered on the page's switch, each named in itself. */
export const PAGE_LANGUAGES: readonly { language: FamilyLanguage; name: string }[] =
  FAMILY_LANGUAGES.map((language) => ({
    language,
    name: FAMILY_LANGUAGE_NAMES[language].own,
  }));
