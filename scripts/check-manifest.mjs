// Checks the Custom Elements Manifest (generated from the elements' JSDoc)
// against README.md's per-element tables ("| Attribute / property | Values |"
// under each "### `<nn-...>`" heading), so neither drifts from the code:
//
// - every attribute the manifest lists for an element is in its README table;
//   the base element's attributes (src, eager, theme, colormap) may instead
//   be documented once, under "### What every element does";
// - every name in a table's first column is an attribute of the element, or,
//   when marked "(property)", "(properties)" or "(read-only)", one of its
//   properties (or a CSS custom property);
// - for attributes whose TypeScript type is a union of string keywords
//   (`view`, `mode`, `method`, ...), the keywords listed in the JSDoc (the
//   manifest's description, what IDEs show) and in the README row are
//   exactly the type's.
//
// Usage: node scripts/check-manifest.mjs [--report]
// Regenerates custom-elements.json (as `npm run analyze` does), prints each
// difference with the file:line to fix, and exits 1 if there is any;
// --report prints them and exits 0.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const reportOnly = process.argv.includes('--report');

execFileSync(join(root, 'node_modules/.bin/custom-elements-manifest'), ['analyze', '--quiet'], { cwd: root, stdio: 'inherit' });
const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
const declarations = manifest.modules.flatMap((module) => (module.declarations ?? []).map((declaration) => ({ ...declaration, path: module.path })));
const elements = declarations.filter((declaration) => declaration.tagName);

const problems = [];
const reported = new Set();
const readme = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
const keyword = /^[a-z][a-z0-9-]*$/;

// --- README ------------------------------------------------------------------

/** Backticked spans of a Markdown table cell, `name="a|b"` read as name and values a, b. */
function codeSpans(cell) {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => {
    const text = match[1].trim();
    const assignment = /^([a-z][a-z0-9-]*)="([^"]*)"$/.exec(text);
    if (assignment) return { name: assignment[1], values: assignment[2].split('|') };
    return { name: text.replace(/^"(.*)"$/, '$1'), values: [] };
  });
}

/** The lines of the README section under `heading`, as [line number, text]. */
function section(heading) {
  const start = readme.findIndex((line) => line.trim() === heading);
  if (start < 0) return undefined;
  const lines = [];
  for (let i = start + 1; i < readme.length && !/^#{2,3} /.test(readme[i]); i++) lines.push([i + 1, readme[i]]);
  return { line: start + 1, lines };
}

/** An element's README table: each documented name with its row's line, values cell and whether it is marked as a property. */
function readmeTable(tag) {
  const found = section(`### \`<${tag}>\``);
  if (!found) return undefined;
  const header = found.lines.findIndex(([, text]) => /^\| *Attribute \/ property *\| *Values *\|/.test(text));
  if (header < 0) return { line: found.line, rows: [] };
  const rows = [];
  for (const [line, text] of found.lines.slice(header + 2)) {
    if (!text.startsWith('|')) break;
    // Cells split on unescaped pipes (`\|value\|` stays in its cell).
    const [first, values = ''] = text.split(/(?<!\\)\|/).slice(1, -1);
    // "(property)" marks the name before it; "(properties)" and "(read-only)"
    // every name before them; "(property `x`)" names a property x.
    const names = [];
    for (const part of first.split(/(\([a-z -]+\)|\(property `[^`]+`\))/)) {
      const mark = /^\((property|properties|read-only)\)$/.exec(part.trim());
      const named = /^\(property `([^`]+)`\)$/.exec(part.trim());
      if (named) {
        names.push({ name: named[1], property: true });
      } else if (mark) {
        const marked = mark[1] === 'property' ? names.slice(-1) : names;
        for (const name of marked) name.property = true;
      } else {
        names.push(...[...part.matchAll(/`([^`]+)`/g)].map((match) => ({ name: match[1], property: false })));
      }
    }
    rows.push({ line, names, values: codeSpans(values), valuesText: values });
  }
  return { line: found.line + header + 1, rows };
}

const shared = section('### What every element does');
const sharedSpans = shared ? shared.lines.flatMap(([line, text]) => codeSpans(text).map((span) => ({ ...span, line }))) : [];

// --- TypeScript: the keyword unions behind the attributes ---------------------

const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram([...new Set(declarations.filter((d) => d.kind === 'class').map((d) => join(root, d.path)))], config.options);
const checker = program.getTypeChecker();

/** The class member `field` of class `className` in `path`: its string keywords (if its type is a keyword union) and its JSDoc's line. */
function memberType(path, className, field) {
  const source = program.getSourceFile(join(root, path));
  let found;
  const visit = (node) => {
    if (ts.isClassDeclaration(node) && node.name?.text === className) {
      for (const member of node.members) {
        if (
          member.name &&
          ts.isIdentifier(member.name) &&
          member.name.text === field &&
          (ts.isPropertyDeclaration(member) || ts.isGetAccessor(member) || ts.isSetAccessor(member))
        ) {
          found ??= member;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) return undefined;
  const type = checker.getTypeAtLocation(found);
  const parts = type.isUnion() ? type.types : [type];
  const keywords = parts.filter((part) => part.isStringLiteral()).map((part) => part.value);
  // Where the lead edits: the JSDoc above the member, else the member itself.
  const docStart = found.getFullText().indexOf('/**');
  const position = docStart >= 0 ? found.getFullStart() + docStart : found.getStart();
  const line = source.getLineAndCharacterOfPosition(position).line + 1;
  return { keywords: keywords.length >= 2 ? keywords : [], at: `${path}:${line}` };
}

const list = (values) => values.map((value) => `\`${value}\``).join(', ') || '(none)';
const sorted = (values) => [...new Set(values)].sort();
const same = (a, b) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

// --- the checks ----------------------------------------------------------------

for (const element of elements) {
  const tag = element.tagName;
  const table = readmeTable(tag);
  if (!table) {
    problems.push(`README.md: no "### \`<${tag}>\`" section for ${element.path}'s ${element.name}`);
    continue;
  }
  if (table.rows.length === 0) {
    problems.push(`README.md:${table.line}: the <${tag}> section has no "| Attribute / property | Values |" table`);
    continue;
  }
  const attributes = element.attributes ?? [];
  const attributeNames = new Set(attributes.map((attribute) => attribute.name));
  const memberNames = new Set(
    (element.members ?? [])
      .filter((member) => member.privacy !== 'private' && member.privacy !== 'protected' && !member.static)
      .map((member) => member.name),
  );
  const cssProperties = new Set((element.cssProperties ?? []).map((property) => property.name));
  const documented = new Map(table.rows.flatMap((row) => row.names.map((name) => [name.name, { ...name, row }])));
  // An attribute set in a Values cell (`layout="chw"`) is documented there, with those values.
  const assigned = table.rows.flatMap((row) => row.values.filter((span) => span.values.length).map((span) => ({ ...span, line: row.line })));

  // The manifest's attributes are in the table (base attributes: or in the shared section).
  for (const attribute of attributes) {
    if (documented.has(attribute.name) || assigned.some((span) => span.name === attribute.name)) continue;
    const inherited = attribute.inheritedFrom;
    if (inherited && sharedSpans.some((span) => span.name === attribute.name)) continue;
    const where =
      memberType(inherited ? inherited.module : element.path, inherited ? inherited.name : element.name, attribute.fieldName)?.at ?? element.path;
    problems.push(
      `README.md:${table.line}: <${tag}> has attribute \`${attribute.name}\` (${where}), missing from its README table` +
        (inherited ? ' and from "What every element does"' : ''),
    );
  }

  // The table's names exist: unmarked ones as attributes, marked ones as properties.
  for (const [name, { property, row }] of documented) {
    if (cssProperties.has(name) || attributeNames.has(name)) continue;
    if (property && memberNames.has(name)) continue;
    const what = memberNames.has(name)
      ? 'a property, not an attribute: mark it "(property)" in the table, or give it an attribute'
      : property
        ? 'not a property of the element'
        : 'neither an attribute nor a property of the element';
    problems.push(`README.md:${row.line}: <${tag}>'s table documents \`${name}\`, which is ${what}`);
  }

  // Keyword unions: the JSDoc and the README row list exactly the type's keywords.
  for (const attribute of attributes) {
    const inherited = attribute.inheritedFrom;
    const type = memberType(inherited ? inherited.module : element.path, inherited ? inherited.name : element.name, attribute.fieldName);
    if (!type || type.keywords.length === 0) continue;
    const member = inherited
      ? declarations.find((d) => d.name === inherited.name && d.path === inherited.module)?.members?.find((m) => m.name === attribute.fieldName)
      : element.members.find((m) => m.name === attribute.fieldName);
    const description = member?.description ?? attribute.description ?? '';
    const ownNames = new Set([...attributeNames, ...memberNames].filter((name) => !type.keywords.includes(name)));
    const described = [...description.matchAll(/`([^`]+)`/g)].map((match) => match[1]).filter((text) => keyword.test(text) && !ownNames.has(text));
    // A base element's JSDoc is reported once, not for every element.
    const seen = `${type.at} ${attribute.name}`;
    if (!same(described, type.keywords) && !reported.has(seen)) {
      reported.add(seen);
      const missing = type.keywords.filter((value) => !described.includes(value));
      const extra = sorted(described.filter((value) => !type.keywords.includes(value)));
      problems.push(
        `${type.at}: ${inherited ? `${inherited.name} (every element)` : `<${tag}>`} \`${attribute.name}\`: the JSDoc (the manifest's description) lists ${list(sorted(described))}, ` +
          `the type allows ${list(sorted(type.keywords))}` +
          (missing.length ? `; missing ${list(missing)}` : '') +
          (extra.length ? `; not in the type: ${list(extra)}` : ''),
      );
    }

    const entry = documented.get(attribute.name);
    const elsewhere = [...assigned, ...sharedSpans].filter((span) => span.name === attribute.name && span.values.length);
    const rowValues = entry
      ? entry.row.values.flatMap((span) => (span.values.length ? span.values : [span.name]))
      : elsewhere.flatMap((span) => span.values);
    const rowLine = entry ? entry.row.line : elsewhere[0]?.line;
    if (rowLine === undefined) continue; // not documented at all: reported above
    const missing = type.keywords.filter((value) => !rowValues.includes(value));
    // Extra keywords are judged only where the row documents this attribute alone.
    const alone = entry ? entry.row.names.length === 1 : true;
    const extra = alone ? sorted(rowValues.filter((value) => keyword.test(value) && !type.keywords.includes(value) && !ownNames.has(value))) : [];
    if (missing.length || extra.length) {
      problems.push(
        `README.md:${rowLine}: <${tag}> \`${attribute.name}\`: the type (${type.at}) allows ${list(sorted(type.keywords))}` +
          (missing.length ? `; the README row omits ${list(missing)}` : '') +
          (extra.length ? `; the README row also lists ${list(extra)}` : ''),
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`check-manifest: ${problems.length} difference(s) between the manifest (element JSDoc) and README.md:\n  ${problems.join('\n  ')}`);
  process.exit(reportOnly ? 0 : 1);
}
console.log(`check-manifest: the manifest and README.md agree for ${elements.length} elements (${elements.map((e) => e.tagName).join(', ')})`);
