// Text an import keeps from reading to writing, as strings of their own.

/**
 * The text as a string of its own. V8 gives a part of a string, 13 characters or more, as a view into the
 * whole (a name read from an .xlsx file would keep its 32 KB piece of the file's shared strings until the
 * writing), and strings joined as a tree of their parts (a household id, nine of them); shorter ones are
 * copies already. A JSON round trip copies any text as it is.
 */
export function own<T extends string | null>(text: T): T {
  return text === null || text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as T);
}
