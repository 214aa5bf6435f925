/**
 * A tiny XML reader and JUnit structure check for the tests (no XML parser is installed). It accepts the
 * subset the gate writes — declaration, elements, attributes in double quotes, text, the five named
 * entities and numeric references — and throws on anything not well-formed. `checkJunit` then checks
 * the common JUnit layout CI systems read (the Jenkins/Ant junit.xsd): testsuites › testsuite › testcase,
 * each testcase with at most one failure, error or skipped, and every count attribute equal to what it counts.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

function decode(text: string, where: string): string {
  return text.replace(/&([^;]*);/g, (whole, body: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (body in named) return named[body];
    const numeric = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(body);
    if (numeric) return String.fromCodePoint(body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1)));
    throw new Error(`bad entity ${whole} in ${where}`);
  });
}

export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  if (body.length === xml.length) throw new Error('missing XML declaration');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const token = /<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    match = token.exec(body);
    if (!match) throw new Error(`not well-formed at offset ${at}: ${JSON.stringify(body.slice(at, at + 40))}`);
    at = token.lastIndex;
    const [, close, open, attrs, selfClose, text] = match;
    if (text !== undefined) {
      if (/[<&]/.test(text.replace(/&([a-z]+|#x?[0-9a-fA-F]+);/g, ''))) throw new Error(`raw & or < in text: ${JSON.stringify(text)}`);
      if (stack.length === 0 && text.trim()) throw new Error('text outside the root element');
      if (stack.length) stack[stack.length - 1].text += decode(text, 'text');
      continue;
    }
    if (close !== undefined) {
      const top = stack.pop();
      if (!top || top.name !== close) throw new Error(`</${close}> does not close <${top?.name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (attrs ?? '').matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (key in attributes) throw new Error(`duplicate attribute ${key} on <${open}>`);
      if (/[<>]/.test(value.replace(/&[^;]*;/g, ''))) throw new Error(`raw < or > in attribute ${key}`);
      attributes[key] = decode(value, `${open}@${key}`);
    }
    const element: XmlElement = { name: open, attributes, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error('two root elements');
    else root = element;
    if (!selfClose) stack.push(element);
  }
  if (stack.length || !root) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  return root;
}

const count = (el: XmlElement, key: string) => {
  const value = el.attributes[key];
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`<${el.name}> needs a non-negative integer ${key}, got ${value}`);
  return Number(value);
};

/** Check the JUnit layout; returns the testcases for further assertions. */
export function checkJunit(xml: string): { suites: XmlElement[]; cases: XmlElement[] } {
  const root = parseXml(xml);
  if (root.name !== 'testsuites') throw new Error(`root is <${root.name}>, expected <testsuites>`);
  const suites = root.children;
  const cases: XmlElement[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const suite of suites) {
    if (suite.name !== 'testsuite') throw new Error(`<testsuites> holds <${suite.name}>`);
    if (!suite.attributes.name) throw new Error('<testsuite> without a name');
    let f = 0;
    let s = 0;
    for (const testcase of suite.children) {
      if (testcase.name !== 'testcase') throw new Error(`<testsuite> holds <${testcase.name}>`);
      if (!testcase.attributes.name || !testcase.attributes.classname) throw new Error('<testcase> needs name and classname');
      if (testcase.children.length > 1) throw new Error('<testcase> with more than one result element');
      for (const result of testcase.children) {
        if (!['failure', 'error', 'skipped'].includes(result.name)) throw new Error(`<testcase> holds <${result.name}>`);
        if (result.name === 'failure') f++;
        if (result.name === 'skipped') s++;
      }
      cases.push(testcase);
    }
    if (count(suite, 'tests') !== suite.children.length || count(suite, 'failures') !== f || count(suite, 'skipped') !== s || count(suite, 'errors') !== 0) {
      throw new Error(`<testsuite name="${suite.attributes.name}"> counts do not match its testcases`);
    }
    tests += suite.children.length;
    failures += f;
    skipped += s;
  }
  if (count(root, 'tests') !== tests || count(root, 'failures') !== failures || count(root, 'skipped') !== skipped) {
    throw new Error('<testsuites> counts do not match');
  }
  return { suites, cases };
}
