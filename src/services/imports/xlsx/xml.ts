// The little XML an .xlsx reader needs: its parts are machine-written SpreadsheetML, read as tags and the text
// between them (no DTD, no entities beyond the five predefined and character references). Element names are
// taken without their namespace prefix (`x:row` is `row`), as some writers prefix them.

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;

/**
 * Text or an attribute's value with its line ends as XML reads them (CR LF and a lone CR are LF, XML 1.0
 * §2.11) and its entities and character references replaced (a `&#13;` stays a CR).
 */
export function decodeXml(raw: string): string {
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED[name]!;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * OOXML's own escape for characters XML cannot carry (`_x000D_` for a carriage return, `_x005F_` for "_"
 * itself), used by Excel in text it saves.
 */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a tag's inside (`r="A1" t="s"`), by name without namespace prefix. */
export function attributes(inside: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of inside.matchAll(ATTRIBUTE)) {
    const name = m[1]!;
    out[name.slice(name.indexOf(':') + 1)] = decodeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

/** One attribute of a tag's inside, or undefined; cheaper than `attributes` when one is wanted. */
export function attribute(inside: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = inside.indexOf(name, from);
    if (at === -1) return undefined;
    from = at + name.length;
    const before = inside.charCodeAt(at - 1);
    // A whole name (" r=" or ":r="), not the end of a longer one ("spans=").
    if (at > 0 && before !== 32 && before !== 58 && before !== 9 && before !== 10 && before !== 13) continue;
    let i = from;
    while (inside.charCodeAt(i) === 32) i++;
    if (inside[i] !== '=') continue;
    i++;
    while (inside.charCodeAt(i) === 32) i++;
    const quote = inside[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = inside.indexOf(quote, i + 1);
    if (end === -1) return undefined;
    return decodeXml(inside.slice(i + 1, end));
  }
}

/** A tag: its name without prefix, whether it closes (`</x>`) or is empty (`<x/>`), and its inside. */
export interface Tag {
  name: string;
  closing: boolean;
  empty: boolean;
  inside: string;
}

/**
 * Calls `onTag` for each tag of `xml` and `onText` for the text between tags (entities not yet decoded),
 * in order; comments, processing instructions and declarations are skipped, CDATA sections come as text,
 * already literal (`cdata` true). Scanned by hand with indexOf: a regular expression for tags was most of
 * the reading's time. One Tag object is reused from call to call (copy what is kept).
 */
export function scanXml(
  xml: string,
  onTag: (tag: Tag) => void,
  onText: (text: string, cdata: boolean) => void,
): void {
  const tag: Tag = { name: '', closing: false, empty: false, inside: '' };
  const length = xml.length;
  let pos = 0;
  while (pos < length) {
    const lt = xml.indexOf('<', pos);
    if (lt === -1) {
      onText(xml.slice(pos), false);
      return;
    }
    if (lt > pos) onText(xml.slice(pos, lt), false);
    const first = xml.charCodeAt(lt + 1);
    if (first === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) pos = after(xml, '-->', lt + 4);
      else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        onText(xml.slice(lt + 9, end === -1 ? length : end), true);
        pos = end === -1 ? length : end + 3;
      } else pos = after(xml, '>', lt + 2);
      continue;
    }
    if (first === 63 /* ? */) {
      pos = after(xml, '?>', lt + 2);
      continue;
    }
    const gt = xml.indexOf('>', lt + 1);
    if (gt === -1) return; // an unfinished tag at the very end: nothing more to read
    const closing = first === 47; /* / */
    let i = closing ? lt + 2 : lt + 1;
    const nameStart = i;
    let colon = -1;
    for (; i < gt; i++) {
      const c = xml.charCodeAt(i);
      if (c === 32 || c === 47 || c === 9 || c === 10 || c === 13) break;
      if (c === 58) colon = i;
    }
    const empty = xml.charCodeAt(gt - 1) === 47 && gt - 1 >= i;
    tag.name = xml.slice(colon === -1 ? nameStart : colon + 1, i);
    tag.closing = closing;
    tag.empty = empty;
    tag.inside = i < (empty ? gt - 1 : gt) ? xml.slice(i, empty ? gt - 1 : gt) : '';
    onTag(tag);
    pos = gt + 1;
  }
}

/** The position after the next `end` from `from`, or the end of the text. */
function after(xml: string, end: string, from: number): number {
  const at = xml.indexOf(end, from);
  return at === -1 ? xml.length : at + end.length;
}
