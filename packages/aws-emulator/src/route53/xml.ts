/**
 * Just enough XML for Route 53's restXml: a template writer for responses,
 * whose values all go through the one escaping function, and request bodies
 * parsed with fast-xml-parser into a small element tree (elements and text;
 * attributes and namespace prefixes dropped).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

/** The only escaping of values written into XML: text and attribute safe. */
function escapeXml(value: string): string {
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

/** One {@link leaf} per named field of `values`, in the order given (the wire order). */
export function leaves<T extends object>(
  values: T,
  names: ReadonlyArray<keyof T & string>,
): string[] {
  return names.map(name =>
    leaf(name, values[name] as string | number | boolean | undefined),
  );
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

const TEXT = '#text';

/** fast-xml-parser's `preserveOrder` output: one key per node, the tag name or `#text`. */
type OrderedNode = Record<string, OrderedNode[] | string>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  removeNSPrefix: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  textNodeName: TEXT,
  // Values stay strings, untrimmed: the readers decide what they mean.
  parseTagValue: false,
  trimValues: false,
  // Numeric character references (the SDK writes a newline as &#x0A;) are
  // only decoded with this switch on.
  htmlEntities: true,
});

function elementOf(name: string, nodes: OrderedNode[]): XmlElement {
  const element: XmlElement = { name, children: [], text: '' };
  for (const item of nodes) {
    for (const [key, value] of Object.entries(item)) {
      if (key === TEXT) element.text += String(value);
      else if (Array.isArray(value))
        element.children.push(elementOf(key, value));
    }
  }
  return element;
}

/** Parses a document into its root element; throws Error on malformed input. */
export function parseXml(text: string): XmlElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new Error(
      `${msg} (line ${line}${col === undefined ? '' : `, column ${col}`})`,
    );
  }
  const roots = elementOf('#document', parser.parse(text)).children;
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
