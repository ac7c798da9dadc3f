import { childrenNamed, leaf, parseXml, textOf } from './xml';

describe('Route 53 XML', () => {
  it('parses elements and text, dropping namespace prefixes, attributes, comments and the declaration', () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>
<r:Request xmlns:r="https://route53.amazonaws.com/doc/2013-04-01/" a="1">
  <!-- a comment -->
  <r:Item>one</r:Item>
  <Item kind="x">two &amp; &lt;three&gt; &#x0A;&#65;</Item>
  <Item><![CDATA[<four>]]></Item>
  <Empty/>
</r:Request>`,
    );
    expect(root.name).toBe('Request');
    expect(childrenNamed(root, 'Item').map(i => i.text)).toEqual([
      'one',
      'two & <three> \nA',
      '<four>',
    ]);
    expect(textOf(root, 'Empty')).toBe('');
    expect(textOf(root, 'Missing')).toBeUndefined();
  });

  it.each([
    ['an unclosed element', '<a><b></a>', /Expected closing tag 'b'/],
    ['text outside any element', 'plain text', /char 'p' is not expected/],
    ['an empty document', '', /Start tag expected/],
    ['two root elements', '<a/><b/>', /Expected exactly one root element/],
  ])('throws a message for %s', (_, text, message) => {
    expect(() => parseXml(text)).toThrow(message);
  });

  it('escapes every markup character of a value, and writes nothing for undefined', () => {
    expect(leaf('V', `a&b<c>d"e'f`)).toBe(
      '<V>a&amp;b&lt;c&gt;d&quot;e&apos;f</V>',
    );
    expect(leaf('V', undefined)).toBe('');
    expect(leaf('V', false)).toBe('<V>false</V>');
  });
});
