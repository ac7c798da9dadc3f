/**
 * Just enough XML for Route 53's restXml: a writer for responses and a small
 * parser for request bodies (elements and text; attributes ignored).
 */

export const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name>escaped value</name>`, or nothing when the value is undefined. */
export function leaf(
  name: string,
  value: string | number | boolean | undefined,
): string {
  return value === undefined
    ? ''
    : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>children</name>`, children being already-serialised XML. */
export function node(name: string, ...children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

/** A full document with the Route 53 namespace on its root element. */
export function document(root: string, ...children: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${ROUTE53_NS}">${children.join(
    '',
  )}</${root}>`;
}

/** A parsed element. */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

function decodeEntities(text: string): string {
  return text.replace(
    /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g,
    (_, entity: string) => {
      if (entity[0] === '#') {
        const code =
          entity[1] === 'x'
            ? parseInt(entity.slice(2), 16)
            : parseInt(entity.slice(1), 10);
        return String.fromCodePoint(code);
      }
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[
        entity
      ] as string;
    },
  );
}

/** Parses a document into its root element; throws Error on malformed input. */
export function parseXml(text: string): XmlElement {
  const source = text
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const stack: XmlElement[] = [{ name: '#document', children: [], text: '' }];
  const tag =
    /<(\/?)([A-Za-z_][\w.:-]*)([^>]*?)(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let match = tag.exec(source); match !== null; match = tag.exec(source)) {
    const current = stack[stack.length - 1];
    current.text += decodeEntities(source.slice(last, match.index));
    last = tag.lastIndex;
    if (match[5] !== undefined) {
      current.text += match[5];
      continue;
    }
    const [, closing, rawName, , selfClosing] = match;
    const name = rawName.includes(':')
      ? rawName.slice(rawName.indexOf(':') + 1)
      : rawName;
    if (closing) {
      if (current.name !== name || stack.length === 1) {
        throw new Error(`Unexpected closing tag </${rawName}>`);
      }
      stack.pop();
    } else {
      const element: XmlElement = { name, children: [], text: '' };
      current.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length !== 1)
    throw new Error(`Unclosed element <${stack[stack.length - 1].name}>`);
  const roots = stack[0].children;
  if (roots.length !== 1) throw new Error('Expected exactly one root element');
  return roots[0];
}

export function child(
  element: XmlElement | undefined,
  name: string,
): XmlElement | undefined {
  return element?.children.find(c => c.name === name);
}

export function childrenNamed(
  element: XmlElement | undefined,
  name: string,
): XmlElement[] {
  return element?.children.filter(c => c.name === name) ?? [];
}

/** Trimmed text of a child element, or undefined when it is absent. */
export function textOf(
  element: XmlElement | undefined,
  name: string,
): string | undefined {
  const found = child(element, name);
  return found ? found.text.trim() : undefined;
}
