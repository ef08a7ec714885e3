/**
 * A small XML well-formedness parser for tests (no XML library is installed): checks tag nesting,
 * attribute syntax and entities, and counts elements by name.
 */
export interface XmlSummary {
  root: string;
  counts: Map<string, number>;
  /** Attribute values of every element, in document order. */
  elements: { name: string; attrs: Record<string, string>; parent: number }[];
}

const NAME = /^[A-Za-z_:][\w:.-]*/;

function checkText(text: string, where: number): void {
  const bad = /&(?!(?:[A-Za-z]+|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (bad) throw new Error(`XML: bare "&" near offset ${where + bad.index}`);
  if (text.includes("<")) throw new Error(`XML: stray "<" near offset ${where}`);
}

export function parseXml(src: string): XmlSummary {
  const counts = new Map<string, number>();
  const elements: XmlSummary["elements"] = [];
  const stack: string[] = [];
  const openIdx: number[] = [];
  let root = "";
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf("<", i);
    const textEnd = lt < 0 ? src.length : lt;
    const text = src.slice(i, textEnd);
    checkText(text, i);
    if (stack.length === 0 && text.trim() !== "") throw new Error(`XML: text outside the root element at ${i}`);
    if (lt < 0) break;
    if (src.startsWith("<!--", lt)) {
      const end = src.indexOf("-->", lt);
      if (end < 0) throw new Error("XML: unterminated comment");
      i = end + 3;
      continue;
    }
    if (src.startsWith("<![CDATA[", lt)) {
      const end = src.indexOf("]]>", lt);
      if (end < 0) throw new Error("XML: unterminated CDATA");
      i = end + 3;
      continue;
    }
    if (src.startsWith("<?", lt)) {
      const end = src.indexOf("?>", lt);
      if (end < 0) throw new Error("XML: unterminated processing instruction");
      i = end + 2;
      continue;
    }
    if (src.startsWith("</", lt)) {
      const m = NAME.exec(src.slice(lt + 2));
      if (!m) throw new Error(`XML: bad closing tag at ${lt}`);
      const close = src.indexOf(">", lt);
      if (src.slice(lt + 2 + m[0].length, close).trim() !== "") throw new Error(`XML: junk in closing tag at ${lt}`);
      const open = stack.pop();
      openIdx.pop();
      if (open !== m[0]) throw new Error(`XML: </${m[0]}> closes <${open}> at ${lt}`);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(src.slice(lt + 1));
    if (!m) throw new Error(`XML: bad tag at ${lt}: ${src.slice(lt, lt + 20)}`);
    const name = m[0];
    if (stack.length === 0) {
      if (root) throw new Error("XML: more than one root element");
      root = name;
    }
    let j = lt + 1 + name.length;
    const attrs: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(src.slice(j))![0].length;
      j += ws;
      if (src.startsWith("/>", j)) {
        j += 2;
        break;
      }
      if (src[j] === ">") {
        stack.push(name);
        openIdx.push(elements.length);
        j += 1;
        break;
      }
      if (ws === 0) throw new Error(`XML: missing space before attribute in <${name}> at ${j}`);
      const an = NAME.exec(src.slice(j));
      if (!an) throw new Error(`XML: bad attribute in <${name}> at ${j}: ${src.slice(j, j + 20)}`);
      j += an[0].length;
      const av = /^\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(src.slice(j));
      if (!av) throw new Error(`XML: attribute ${an[0]} of <${name}> has no quoted value at ${j}`);
      if (an[0] in attrs) throw new Error(`XML: duplicate attribute ${an[0]} in <${name}>`);
      const value = av[2] ?? av[3];
      checkText(value, j);
      attrs[an[0]] = value;
      j += av[0].length;
    }
    counts.set(name, (counts.get(name) ?? 0) + 1);
    elements.push({ name, attrs, parent: openIdx.length ? openIdx[openIdx.length - 1] : -1 });
    i = j;
  }
  if (stack.length) throw new Error(`XML: unclosed <${stack.join("> <")}>`);
  if (!root) throw new Error("XML: no root element");
  return { root, counts, elements };
}
