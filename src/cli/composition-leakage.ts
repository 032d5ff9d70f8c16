import { ValueError } from '../core/errors.js';
import { parseCommandArgs } from './command-args.js';
import { duplicateCompositionGroups, findCompositionLeakage, formatLeakageReport, type LeakagePair } from '../materials/composition/leakage.js';
import { writeFileAtomicSync } from '../node/atomic-write.js';
import { readFormulaRows, reportSkippedRows, type FormulaRows } from './formula-rows.js';

export const LEAKAGE_HELP = `Usage: tensorite composition leakage --train TRAIN.csv --test TEST.csv [options]
       tensorite composition leakage --data FILE.csv [options]

With --train and --test: finds test compositions that also occur in the training file (same reduced
formula, e.g. Fe2O3 and Fe4O6) or nearly (fractional-composition L1 distance ≤ --tolerance), and the
chemical systems both files share. With --data: lists groups of rows with the same composition.

Options:
  --formula-column COL    column holding the formulas (default: composition)
  --tolerance X           near-duplicate distance (default 0.02: 1 at.% moved between two elements)
  --out FILE.json         also write the pairs/groups with line numbers and formulas as JSON
  --show N                pairs or groups printed (default 20)
  --skip-invalid          skip rows with unreadable formulas (listed on stderr and in FILE.skipped.csv)
  -h, --help              show this help
`;

function options(argv: readonly string[]) {
  return parseCommandArgs('composition leakage', argv, {
    train: { type: 'string' },
    test: { type: 'string' },
    data: { type: 'string' },
    'formula-column': { type: 'string', default: 'composition' },
    tolerance: { type: 'string', default: '0.02' },
    out: { type: 'string' },
    show: { type: 'string', default: '20' },
    'skip-invalid': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

type Values = ReturnType<typeof options>;

function read(path: string, values: Values): FormulaRows {
  const rows = readFormulaRows(path, values['formula-column'], { skipInvalid: values['skip-invalid'], label: 'read' });
  reportSkippedRows(rows.table.file, rows.table.rows, rows.skipped, `${path}.skipped.csv`);
  return rows;
}

/** Line number and formula text of kept row `i`. */
function where(rows: FormulaRows, i: number): { line: number; formula: string } {
  const r = rows.rows[i]!;
  return { line: rows.table.line(r), formula: rows.formulas[r]! };
}

/** `tensorite composition leakage`. Returns the exit code. */
export async function runCompositionLeakage(argv: readonly string[]): Promise<number> {
  const values = options(argv);
  if (values.help) {
    process.stdout.write(LEAKAGE_HELP);
    return 0;
  }
  const tolerance = Number(values.tolerance);
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new ValueError(`composition leakage: --tolerance must be a number ≥ 0, got ${values.tolerance}`);
  const show = Number(values.show);
  if (!Number.isInteger(show) || show < 0) throw new ValueError(`composition leakage: --show must be a non-negative integer, got ${values.show}`);

  if (values.data !== undefined) {
    if (values.train !== undefined || values.test !== undefined) throw new ValueError('composition leakage: give either --data, or --train and --test');
    const rows = read(values.data, values);
    const groups = duplicateCompositionGroups(rows.compositions).map((g) => g.map((i) => where(rows, i)));
    const repeated = groups.reduce((s, g) => s + g.length, 0);
    process.stdout.write(`${rows.table.file}: ${rows.compositions.length} compositions, ${new Set(rows.compositions.map((c) => c.chemicalSystem)).size} chemical systems; ${groups.length} compositions occur more than once (${repeated} rows)\n`);
    for (const g of groups.slice(0, show)) process.stdout.write(`  ${g.map((w) => `line ${w.line} ${w.formula}`).join(' = ')}\n`);
    if (values.out !== undefined) writeFileAtomicSync(values.out, `${JSON.stringify({ file: rows.table.file, duplicateGroups: groups }, null, 1)}\n`);
    return 0;
  }
  if (values.train === undefined || values.test === undefined) throw new ValueError('composition leakage: --train FILE and --test FILE are required (or --data FILE for duplicates within one file)');
  const train = read(values.train, values);
  const test = read(values.test, values);
  const report = findCompositionLeakage(train.compositions, test.compositions, { tolerance });
  process.stdout.write(`${formatLeakageReport(report, { train: train.table.file, test: test.table.file })}\n`);
  const describe = (p: LeakagePair) => ({ train: where(train, p.trainIndex), test: where(test, p.testIndex), distance: p.distance });
  const pairs = [...report.exact, ...report.near].slice(0, show).map(describe);
  for (const p of pairs) {
    process.stdout.write(`  ${test.table.file}:${p.test.line} ${p.test.formula}  ~  ${train.table.file}:${p.train.line} ${p.train.formula}  (distance ${Number(p.distance.toPrecision(3))})\n`);
  }
  if (values.out !== undefined) {
    const json = {
      train: train.table.file,
      test: test.table.file,
      tolerance,
      exact: report.exact.map(describe),
      near: report.near.map(describe),
      testRowsWithExact: report.testWithExact.map((i) => where(test, i).line),
      testRowsWithNearOnly: report.testWithNearOnly.map((i) => where(test, i).line),
      sharedSystems: report.sharedSystems,
    };
    writeFileAtomicSync(values.out, `${JSON.stringify(json, null, 1)}\n`);
  }
  return 0;
}
