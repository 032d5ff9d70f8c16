import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, ValueError } from '../../src/core/errors.js';
import { CsvTable, detectDelimiter, parseCsv, toCsv } from '../../src/data/csv.js';
import { parseDateCell, parseIntegerCell, parseNumberCell } from '../../src/data/csv-cells.js';
import { readCsvFile } from '../../src/node/read-csv-file.js';

/** Asserts `fn` throws a DataError at file:line, naming the column, with `includes` in the message. */
function throwsAt(fn: () => unknown, where: { file: string; line?: number; column?: string | number }, includes: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.equal(error.file, where.file);
    assert.equal(error.line, where.line);
    assert.equal(error.column, where.column);
    const prefix = where.line === undefined ? `${where.file}:` : `${where.file}:${where.line}:`;
    assert.ok(error.message.startsWith(prefix), `message should start with ${prefix}: ${error.message}`);
    if (typeof where.column === 'string') assert.ok(error.message.includes(`column ${JSON.stringify(where.column)}`), error.message);
    if (typeof where.column === 'number') assert.ok(error.message.includes(`column ${where.column}`), error.message);
    assert.match(error.message, includes);
    return true;
  });
}

test('typed columns, inferred kinds and values', () => {
  const text = 'formula,band_gap,natoms,metal,date\nNaCl,8.5,2,false,2024-03-01\nFe,0,1,yes,2024-03-02T06:30:00Z\n';
  const t = parseCsv(text, { file: 'g.csv', columns: { natoms: 'integer', metal: 'boolean', date: 'date' } });
  assert.deepEqual(t.columns, ['formula', 'band_gap', 'natoms', 'metal', 'date']);
  assert.equal(t.rows, 2);
  assert.equal(t.delimiter, ',');
  assert.equal(t.kind('formula'), 'string');
  assert.equal(t.kind('band_gap'), 'number');
  const gaps: Float64Array | string[] = t.column('band_gap');
  assert.deepEqual([...gaps], [8.5, 0]);
  const natoms: Float64Array = t.column('natoms');
  assert.deepEqual([...natoms], [2, 1]);
  const metal: boolean[] = t.column('metal');
  assert.deepEqual(metal, [false, true]);
  const dates: Float64Array = t.column('date');
  assert.deepEqual([...dates], [Date.UTC(2024, 2, 1), Date.UTC(2024, 2, 2, 6, 30)]);
  assert.deepEqual(t.column('formula'), ['NaCl', 'Fe']);
  assert.deepEqual([...t.numeric('metal')], [0, 1]);
  assert.deepEqual([...t.matrix(['band_gap', 'natoms'])], [8.5, 2, 0, 1]);
  assert.deepEqual([t.line(0), t.line(1)], [2, 3]);
  assert.equal(t.missingCount('band_gap'), 0);
});

test('accessors return copies, so the table cannot be changed through them', () => {
  const t = parseCsv('x\n1\n2\n', { file: 'c.csv' });
  const x = t.numeric('x');
  x[0] = 99;
  assert.equal(t.numeric('x')[0], 1);
});

test('quoted fields hold delimiters, quotes and line breaks; line numbers count those breaks', () => {
  const text = 'name,note,x\n"Fe, alpha","said ""bcc""",1\n"multi\nline\ntext",plain,2\nlast,"a\nb",3\n';
  const t = parseCsv(text, { file: 'q.csv' });
  assert.deepEqual(t.column('name'), ['Fe, alpha', 'multi\nline\ntext', 'last']);
  assert.deepEqual(t.column('note'), ['said "bcc"', 'plain', 'a\nb']);
  assert.deepEqual([...t.numeric('x')], [1, 2, 3]);
  // Row 1 spans lines 3-5, so row 2 starts on line 6.
  assert.deepEqual([t.line(0), t.line(1), t.line(2)], [2, 3, 6]);
});

test('CRLF and lone CR line endings, inside quotes too, and a byte-order mark', () => {
  const text = '\ufeffa,b\r\n1,"x\r\ny"\r\n2,z\r\n';
  const t = parseCsv(text, { file: 'w.csv' });
  assert.deepEqual(t.columns, ['a', 'b']);
  assert.deepEqual(t.column('b'), ['x\r\ny', 'z']);
  assert.deepEqual([t.line(0), t.line(1)], [2, 4]);
  throwsAt(() => parseCsv('a,b\r\n1,"x\r\ny"\r\n2,3,4\r\n', { file: 'w.csv' }), { file: 'w.csv', line: 4, column: 3 }, /expected 2 fields/);
  const mac = parseCsv('a,b\r1,2\r3,4\r', { file: 'm.csv' });
  assert.deepEqual([...mac.numeric('b')], [2, 4]);
  assert.deepEqual([mac.line(0), mac.line(1)], [2, 3]);
});

test('blank lines are skipped but still counted for line numbers', () => {
  const t = parseCsv('\na,b\n\n1,2\n   \n3,4\n\n', { file: 'b.csv' });
  assert.equal(t.headerLine, 2);
  assert.equal(t.rows, 2);
  assert.deepEqual([t.line(0), t.line(1)], [4, 6]);
});

test('delimiter detection among comma, semicolon and tab', () => {
  assert.equal(detectDelimiter('a,b,c\n1,2,3\n'), ',');
  assert.equal(detectDelimiter('a;b\n1,5;2,0\n'), ';');
  assert.equal(detectDelimiter('name\tformula\nFe, pure\tFe\n'), '\t');
  assert.equal(detectDelimiter('"x;y",z\n1,2\n'), ',');
  assert.equal(detectDelimiter('only\n1\n'), ',');
  const t = parseCsv('formula;gap\nNaCl;8.5\n', { file: 's.csv' });
  assert.equal(t.delimiter, ';');
  assert.deepEqual([...t.numeric('gap')], [8.5]);
  const tab = parseCsv('a\tb\n1\t2\n', { file: 't.tsv' });
  assert.deepEqual([...tab.numeric('b')], [2]);
  const forced = parseCsv('a;b\n1;2\n', { file: 'f.csv', delimiter: ',' });
  assert.deepEqual(forced.columns, ['a;b']);
  assert.throws(() => parseCsv('a\n', { file: 'f.csv', delimiter: '::' }), ValueError);
});

test('numbers are parsed strictly', () => {
  const good: Array<[string, number]> = [
    ['12', 12], ['-0.5', -0.5], ['+3', 3], [' 1.5e-3 ', 0.0015], ['2E+2', 200], ['.5', 0.5], ['5.', 5], ['-inf', -Infinity], ['Infinity', Infinity],
  ];
  for (const [text, value] of good) assert.equal(parseNumberCell(text), value, text);
  for (const text of ['1,5', '12abc', '0x10', '1_000', '1e', '.', '--1', '1.2.3', '', 'e5']) assert.ok(Number.isNaN(parseNumberCell(text)), text);
  assert.equal(parseIntegerCell('-42'), -42);
  for (const text of ['4.0', '2.5', '1e3', '9007199254740993']) assert.ok(Number.isNaN(parseIntegerCell(text)), text);
  assert.equal(parseDateCell('2024-03-01T12:00:00+01:00'), Date.UTC(2024, 2, 1, 11));
  assert.equal(parseDateCell('2024-03-01 12:00:00.250'), Date.UTC(2024, 2, 1, 12, 0, 0, 250));
  for (const text of ['2023-02-30', '2024-13-01', '2024-01-01T25:00', '01/02/2024', '2024-1-1']) assert.ok(Number.isNaN(parseDateCell(text)), text);
});

test('missing cells: NaN, counted and masked where allowed', () => {
  const text = 'x,y,s,flag\n1,NA,,true\n2,,n/a,\n3,nan,z,false\n';
  const t = parseCsv(text, { file: 'm.csv', columns: { flag: 'boolean', s: 'string' }, allowMissing: true });
  const y = t.numeric('y');
  assert.ok(y.every((v) => Number.isNaN(v)));
  assert.equal(t.missingCount('y'), 3);
  assert.deepEqual([...t.missing('s')], [1, 1, 0]);
  assert.deepEqual(t.column('s'), ['', '', 'z']);
  assert.deepEqual([...t.missing('flag')], [0, 1, 0]);
  assert.deepEqual(t.column('flag'), [true, false, false]);
  assert.deepEqual([...t.numeric('flag')].map(String), ['1', 'NaN', '0']);
  const listed = parseCsv('x,y\n1,\n', { file: 'm.csv', allowMissing: ['y'] });
  assert.equal(listed.missingCount('y'), 1);
  const custom = parseCsv('x\n-999\n', { file: 'm.csv', allowMissing: true, missingValues: ['-999'] });
  assert.ok(Number.isNaN(custom.numeric('x')[0]));
});

test('error: empty file, empty and duplicate header names', () => {
  throwsAt(() => parseCsv('', { file: 'e.csv' }), { file: 'e.csv', line: 1 }, /header/);
  throwsAt(() => parseCsv('\n\n', { file: 'e.csv' }), { file: 'e.csv', line: 1 }, /empty file/);
  throwsAt(() => parseCsv('a,,c\n1,2,3\n', { file: 'h.csv' }), { file: 'h.csv', line: 1, column: 2 }, /column name/);
  throwsAt(() => parseCsv('a,b, a\n1,2,3\n', { file: 'h.csv' }), { file: 'h.csv', line: 1, column: 'a' }, /duplicate.*column 1/);
});

test('error: a declared or required column absent from the header', () => {
  throwsAt(() => parseCsv('a,b\n1,2\n', { file: 'r.csv', columns: { c: 'number' } }), { file: 'r.csv', line: 1, column: 'c' }, /not found.*"a", "b"/);
  throwsAt(() => parseCsv('\na,b\n1,2\n', { file: 'r.csv', required: ['target'] }), { file: 'r.csv', line: 2, column: 'target' }, /required/);
  const t = parseCsv('a\n1\n', { file: 'r.csv' });
  throwsAt(() => t.column('nope'), { file: 'r.csv', line: 1, column: 'nope' }, /no such column/);
});

test('error: rows with too few or too many fields', () => {
  throwsAt(() => parseCsv('a,b,c\n1,2,3\n4,5\n', { file: 'n.csv' }), { file: 'n.csv', line: 3, column: 'c' }, /expected 3 fields .*got 2/);
  throwsAt(() => parseCsv('a,b\n"x\ny",2\n1,2,3\n', { file: 'n.csv' }), { file: 'n.csv', line: 4, column: 3 }, /expected 2 fields .*got 3/);
  // The extra field starts on line 3, after a quoted field spanning lines 2-3.
  throwsAt(() => parseCsv('a,b\n1,"x\ny",9\n', { file: 'n.csv' }), { file: 'n.csv', line: 3, column: 3 }, /got 3/);
});

test('error: a missing cell where none is allowed', () => {
  throwsAt(() => parseCsv('a,b\n1,2\n3,\n', { file: 'x.csv' }), { file: 'x.csv', line: 3, column: 'b' }, /expected a value, got an empty cell/);
  throwsAt(
    () => parseCsv('s,b\n"two\nlines",NA\n', { file: 'x.csv', columns: { b: 'number' } }),
    { file: 'x.csv', line: 3, column: 'b' },
    /expected a number.*got a missing value \("NA"\)/,
  );
  throwsAt(() => parseCsv('a,b\n1,\n', { file: 'x.csv', allowMissing: ['a'] }), { file: 'x.csv', line: 2, column: 'b' }, /missing/);
});

test('error: cells that do not parse as their declared kind', () => {
  const opts = { file: 'k.csv', columns: { x: 'number', n: 'integer', f: 'boolean', d: 'date' } } as const;
  const header = 'x,n,f,d\n1,2,true,2024-01-01\n';
  throwsAt(() => parseCsv(`${header}12abc,2,true,2024-01-01\n`, opts), { file: 'k.csv', line: 3, column: 'x' }, /expected a number.*got "12abc"/);
  throwsAt(() => parseCsv(`${header}"1,5",2,true,2024-01-01\n`, opts), { file: 'k.csv', line: 3, column: 'x' }, /got "1,5" \(the decimal separator must be '.'\)/);
  throwsAt(() => parseCsv(`${header}1,2.5,true,2024-01-01\n`, opts), { file: 'k.csv', line: 3, column: 'n' }, /expected an integer.*got "2.5"/);
  throwsAt(() => parseCsv(`${header}1,2,maybe,2024-01-01\n`, opts), { file: 'k.csv', line: 3, column: 'f' }, /expected a boolean.*got "maybe"/);
  throwsAt(() => parseCsv(`${header}1,2,true,2024-02-30\n`, opts), { file: 'k.csv', line: 3, column: 'd' }, /expected an ISO 8601 date.*got "2024-02-30"/);
});

test('error: numeric() of a text column names the first cell that is not a number', () => {
  const t = parseCsv('id,x\n"a\nb",1\nc,2\nd,oops\ne,wrong\n', { file: 't.csv' });
  assert.equal(t.kind('x'), 'string');
  throwsAt(() => t.numeric('x'), { file: 't.csv', line: 5, column: 'x' }, /expected a number.*got "oops"/);
  const multi = parseCsv('id,x\n1,"a\nb"\n', { file: 't.csv' });
  throwsAt(() => multi.numeric('x'), { file: 't.csv', line: 2, column: 'x' }, /got "a\\nb"/);
});

test('error: unclosed quote and text after a closing quote', () => {
  throwsAt(() => parseCsv('a,b\n1,2\n3,"open\n4,5\n', { file: 'u.csv' }), { file: 'u.csv', line: 3, column: 'b' }, /never closed/);
  throwsAt(() => parseCsv('a,b\n1,"x"y\n', { file: 'u.csv' }), { file: 'u.csv', line: 2, column: 'b' }, /after a closing quote, got "y"/);
  throwsAt(() => parseCsv('"a\n', { file: 'u.csv' }), { file: 'u.csv', line: 1, column: 1 }, /never closed/);
});

test('toCsv quotes what needs quoting and writes missing cells empty', () => {
  const text = toCsv({ name: ['a,b', 'say "hi"', ' pad', 'two\nlines'], x: [1.5, NaN, -0, 1e-300] });
  assert.equal(text, 'name,x\n"a,b",1.5\n"say ""hi""",\n" pad",-0\n"two\nlines",1e-300\n');
  assert.equal(toCsv({ a: [true], b: [new Date(Date.UTC(2020, 0, 2))] }, { delimiter: ';', lineEnding: '\r\n' }), 'a;b\r\ntrue;2020-01-02T00:00:00.000Z\r\n');
  assert.throws(() => toCsv({ a: [1, 2], b: [1] }), ValueError);
  assert.equal(toCsv({}), '');
});

test('toCsv then parseCsv reads back the same values', () => {
  const x = [0.1 + 0.2, -1e-320, 1.7976931348623157e308, Infinity, -0, 123456789.123];
  const s = ['plain', 'a;b', '"q"', 'x\r\ny', 'tab\there', ' lead'];
  const back = parseCsv(toCsv({ x, s }), { file: 'rt.csv', columns: { s: 'string' } });
  const xs = back.numeric('x');
  x.forEach((v, i) => assert.ok(Object.is(xs[i], v), `row ${i}: ${xs[i]} vs ${v}`));
  assert.deepEqual(back.column('s'), s);
  const table = parseCsv('d,b,v\n2024-05-06T07:08:09.010Z,true,1\n,,NA\n', { file: 't.csv', columns: { d: 'date', b: 'boolean' }, allowMissing: true });
  assert.ok(table instanceof CsvTable);
  assert.equal(toCsv(table), 'd,b,v\n2024-05-06T07:08:09.010Z,true,1\n,,\n');
});

test('readCsvFile reads from disk and names the file in errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorite-csv-'));
  try {
    const path = join(dir, 'data.csv');
    writeFileSync(path, 'a,b\n1,2\n3,x\n');
    const t = readCsvFile(path);
    assert.deepEqual(t.column('b'), ['2', 'x']);
    throwsAt(() => readCsvFile(path, { columns: { b: 'number' } }), { file: path, line: 3, column: 'b' }, /got "x"/);
    throwsAt(() => readCsvFile(join(dir, 'none.csv'), { file: 'none.csv' }), { file: 'none.csv' }, /no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('missing-value tokens match exactly: "Na" (sodium) and "None" stay text, "NA" and "nan" are missing', () => {
  const t = parseCsv('formula,y\nNa,1\nNA,2\nNone,nan\n', { file: 'na.csv', columns: { formula: 'string' }, allowMissing: true });
  assert.deepEqual([...t.missing('formula')], [0, 1, 0]);
  assert.deepEqual(t.column('formula'), ['Na', '', 'None']);
  assert.deepEqual([...t.missing('y')], [0, 0, 1]);
});
