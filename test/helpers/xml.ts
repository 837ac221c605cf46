/**
 * A small well-formedness check for the SVG we write (no XML parser among the dependencies):
 * tags balance, attributes are quoted, text has no raw "<" or stray "&", one root element.
 */
export function checkXml(text: string): void {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${i}: ${why}: ${JSON.stringify(body.slice(i, i + 60))}`);
  };
  while (i < body.length) {
    const lt = body.indexOf('<', i);
    const chunk = body.slice(i, lt < 0 ? body.length : lt);
    if (/&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+|apos);)/.test(chunk)) fail('stray &');
    if (stack.length === 0 && chunk.trim() !== '') fail('text outside the root element');
    if (lt < 0) break;
    i = lt;
    tag.lastIndex = i;
    const m = tag.exec(body);
    if (!m) fail('bad tag');
    const [whole, close, name, , selfClose] = m!;
    if (close) {
      if (stack.pop() !== name) fail(`unbalanced </${name}>`);
    } else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
    i += whole.length;
  }
  if (stack.length > 0) throw new Error(`not well-formed: unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`not well-formed: ${roots} root elements`);
}
