/** Assertion helper for located input errors. */
import assert from 'node:assert/strict';
import { DataError } from '../../src/core/errors.js';

/** Asserts `fn` throws a DataError at `file`:`line` (undefined: no line) whose message matches `pattern`. */
export function throwsDataErrorAt(fn: () => unknown, file: string, line: number | undefined, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof DataError, String(error));
    assert.equal(error.file, file);
    assert.equal(error.line, line);
    assert.match(error.message, pattern);
    return true;
  });
}
