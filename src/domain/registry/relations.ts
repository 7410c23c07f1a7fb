// The relation to the household's head in words: the codes the registry's demo, imports and field forms use
// (head, spouse…), in Vietnamese and English. Other text — typed by hand, e.g. "Chủ hộ" — is shown as it is.

export const RELATION_WORDS: Readonly<Record<string, { vi: string; en: string }>> = {
  head: { vi: 'Chủ hộ', en: 'Head' },
  spouse: { vi: 'Vợ/Chồng', en: 'Spouse' },
  child: { vi: 'Con', en: 'Child' },
  parent: { vi: 'Bố/Mẹ', en: 'Parent' },
  grandchild: { vi: 'Cháu', en: 'Grandchild' },
  child_in_law: { vi: 'Con dâu/Con rể', en: 'Child-in-law' },
  sibling: { vi: 'Anh/Chị/Em', en: 'Sibling' },
  other: { vi: 'Khác', en: 'Other' },
};

/** The words for a relation in a language: a code's words, other text as it is, '' for none. */
export function relationWords(relation: string | null | undefined, lang: 'vi' | 'en'): string {
  if (!relation) return '';
  return Object.hasOwn(RELATION_WORDS, relation) ? RELATION_WORDS[relation]![lang] : relation;
}
