import { describe, expect, it } from 'vitest';
import { decodeEntities, XmlScanner, XmlSyntaxError } from './xml.ts';

/** The events of a document fed in the given pieces, as one list of strings. */
function events(pieces: string[]): string[] {
  const out: string[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') out.push(`text ${JSON.stringify(text)}`);
    text = '';
  };
  const scanner = new XmlScanner({
    open(name, attributes) {
      flush();
      out.push(`open ${name} ${JSON.stringify(attributes)}`);
    },
    text(t) {
      text += t;
    },
    close(name) {
      flush();
      out.push(`close ${name}`);
    },
  });
  for (const p of pieces) scanner.write(p);
  scanner.close();
  return out;
}

const SHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<!-- written by hand -->' +
  '<x:worksheet xmlns:x="urn:s" xmlns:r="urn:r"><x:sheetData>' +
  '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve"> 上海&amp;鑫泰 &lt;有限&gt;公司 </x:t></x:is></x:c>' +
  "<x:c r='B1' s=\"3\"><x:f>A1&gt;0</x:f><x:v>13812345678</x:v></x:c><x:c r=\"C1\" t=\"e\" note=\"a > b\"/></x:row>" +
  '<x:row r="2"><x:c r="A2" t="str"><x:v><![CDATA[第一行\r\n第二行 <b>]]></x:v></x:c><x:c r="B2" t="inlineStr"><x:is><x:t>行一\r\n行二&#13;&#10;&#x1F600;</x:t></x:is></x:c></x:row>' +
  '</x:sheetData></x:worksheet>\n';

describe('XmlScanner', () => {
  it('yields tags by local name with their attributes, text with entities, CDATA and line ends decoded', () => {
    expect(events([SHEET])).toEqual([
      'open worksheet {"xmlns:x":"urn:s","xmlns:r":"urn:r"}',
      'open sheetData {}',
      'open row {"r":"1"}',
      'open c {"r":"A1","t":"inlineStr"}',
      'open is {}',
      'open t {"xml:space":"preserve"}',
      'text " 上海&鑫泰 <有限>公司 "',
      'close t',
      'close is',
      'close c',
      'open c {"r":"B1","s":"3"}',
      'open f {}',
      'text "A1>0"',
      'close f',
      'open v {}',
      'text "13812345678"',
      'close v',
      'close c',
      'open c {"r":"C1","t":"e","note":"a > b"}',
      'close c',
      'close row',
      'open row {"r":"2"}',
      'open c {"r":"A2","t":"str"}',
      'open v {}',
      'text "第一行\\n第二行 <b>"',
      'close v',
      'close c',
      'open c {"r":"B2","t":"inlineStr"}',
      'open is {}',
      'open t {}',
      'text "行一\\n行二\\r\\n😀"',
      'close t',
      'close is',
      'close c',
      'close row',
      'close sheetData',
      'close worksheet',
    ]);
  });

  it('yields the same wherever the chunks are cut, inside tags, references and CDATA included', () => {
    const whole = events([SHEET]);
    for (let cut = 1; cut < SHEET.length; cut++) expect(events([SHEET.slice(0, cut), SHEET.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    expect(events([...SHEET])).toEqual(whole);
  });

  it('normalises tabs and line ends in attribute values to spaces', () => {
    expect(events(['<a b="x\r\ny\tz" c=\'&quot;q&apos;\'/>'])).toEqual(['open a {"b":"x y z","c":"\\"q\'"}', 'close a']);
  });

  it('refuses what is not a well-formed part', () => {
    const bad = [
      '<!DOCTYPE a [<!ENTITY x "y">]><a/>',
      '<a><b></a>',
      '<a>',
      '<a/><b/>',
      'text<a/>',
      '<a>&nbsp;</a>',
      '<a>&#xZZ;</a>',
      '<a b=c/>',
      '<a b/>',
      '<a b="x<y"/>',
      '',
      '<a',
    ];
    for (const doc of bad) expect(() => events([doc]), doc).toThrow(XmlSyntaxError);
  });

  it('decodes the five entities and decimal and hexadecimal character references', () => {
    expect(decodeEntities('&lt;&gt;&amp;&quot;&apos;&#26032;&#x4E2D;')).toBe('<>&"\'新中');
    expect(decodeEntities('no references')).toBe('no references');
  });
});
