import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../../../src/core/errors.js';
import { readPropertyTable } from '../../../src/materials/composition/dataset/property-table.js';

const GOOD = 'id,formula,y\na,Fe2O3,1.5\nb,NaCl,2\nc, Si ,-3e2\n';

test('reads formulas, targets, lines and ids', () => {
  const t = readPropertyTable(GOOD, { file: 'x.csv', formulaColumn: 'formula', targetColumn: 'y', idColumn: 'id' });
  assert.deepEqual(t.formulas, ['Fe2O3', 'NaCl', ' Si ']);
  assert.deepEqual([...t.targets], [1.5, 2, -300]);
  assert.deepEqual(t.lines, [2, 3, 4]);
  assert.deepEqual(t.ids, ['a', 'b', 'c']);
  assert.deepEqual(t.compositions[0]!.symbols, ['Fe', 'O']);
  assert.deepEqual(t.compositions[2]!.symbols, ['Si']);
  assert.equal(t.skipped.length, 0);
  const noTarget = readPropertyTable(GOOD, { file: 'x.csv', formulaColumn: 'formula' });
  assert.equal(noTarget.targets.length, 0);
  assert.equal(noTarget.compositions.length, 3);
});

function expectDataError(text: string, line: number, column: string, pattern: RegExp, task: 'regression' | 'classification' = 'regression'): void {
  assert.throws(
    () => readPropertyTable(text, { file: 'bad.csv', formulaColumn: 'formula', targetColumn: 'y', task }),
    (e: unknown) => {
      assert.ok(e instanceof DataError, String(e));
      assert.equal(e.file, 'bad.csv');
      assert.equal(e.line, line);
      assert.equal(e.column, column);
      assert.match(e.message, new RegExp(`^bad\\.csv:${line}: column "${column}":`));
      assert.match(e.message, pattern);
      return true;
    },
  );
}

test('an unknown element names the file line and the formula column', () => {
  expectDataError('formula,y\nFe2O3,1\nNaCl,2\nFe2Xx3,4\n', 4, 'formula', /unknown element symbol "Xx"/);
});

test('a malformed formula names its line and column', () => {
  expectDataError('formula,y\nFe2O3,1\nFe2(O3,2\n', 3, 'formula', /Fe2\(O3/);
  expectDataError('formula,y\nFe2O3,1\n,2\n', 3, 'formula', /expected a chemical formula, got an empty cell/);
});

test('a missing or non-numeric target names its line and the target column', () => {
  expectDataError('formula,y\nFe2O3,1\nNaCl,\n', 3, 'y', /expected a number, got a missing value/);
  expectDataError('formula,y\nFe2O3,1\nNaCl,abc\n', 3, 'y', /expected a number .*got "abc"/);
  expectDataError('formula,y\nFe2O3,1\nNaCl,"1,5"\n', 3, 'y', /decimal separator/);
  expectDataError('formula,y\nFe2O3,true\nNaCl,maybe\n', 3, 'y', /class label/, 'classification');
});

test('a missing column is an error naming it', () => {
  assert.throws(() => readPropertyTable('formula,z\nFe,1\n', { file: 'f.csv', formulaColumn: 'formula', targetColumn: 'y' }), (e: unknown) => e instanceof DataError && /column "y"/.test(e.message));
});

test('--skip-invalid keeps the good rows and lists every skipped row', () => {
  const text = 'formula,y\nFe2O3,1\nFe2Xx3,2\nNaCl,\n,4\nSi,abc\nCu,5\n';
  const t = readPropertyTable(text, { file: 'bad.csv', formulaColumn: 'formula', targetColumn: 'y', skipInvalid: true });
  assert.deepEqual(t.formulas, ['Fe2O3', 'Cu']);
  assert.deepEqual(t.lines, [2, 7]);
  assert.deepEqual([...t.targets], [1, 5]);
  assert.deepEqual(t.skipped.map((s) => [s.line, s.column]), [[3, 'formula'], [4, 'y'], [5, 'formula'], [6, 'y']]);
  assert.match(t.skipped[0]!.reason, /Xx/);
  assert.equal(t.totalRows, 6);
});

test('classification targets accept true/false, yes/no and 1/0', () => {
  const t = readPropertyTable('formula,y\nFe,True\nO,false\nNa,yes\nCl,0\n', { file: 'c.csv', formulaColumn: 'formula', targetColumn: 'y', task: 'classification' });
  assert.deepEqual([...t.targets], [1, 0, 1, 0]);
});
