import { ValueError } from '../../core/errors.js';
import { encodeLabels, foldsFromAssignment, type Fold, type LabelArray } from './fold.js';

/**
 * Leave-one-group-out cross-validation (scikit-learn's `LeaveOneGroupOut`): one fold per distinct group,
 * in ascending order of the group value; fold g tests exactly the samples of group g and trains on all
 * others. Use it when there are few groups (e.g. one fold per plant, per campaign, per chemical family).
 *
 * Errors (ValueError): fewer than two distinct groups, a NaN/±Infinity group id, or mixed numbers and
 * strings.
 *
 * @example
 * leaveOneGroupOut(['b', 'a', 'b']);
 * // [{ train: [0, 2], test: [1] }, { train: [1], test: [0, 2] }]   (group 'a', then 'b')
 */
export function leaveOneGroupOut(groups: LabelArray): Fold[] {
  const op = 'leaveOneGroupOut';
  const { codes, classes } = encodeLabels(op, 'groups', groups, 'sorted');
  if (classes.length < 2) {
    throw new ValueError(`${op}: groups must contain at least two distinct groups, got ${classes.length}`);
  }
  return foldsFromAssignment(codes, classes.length);
}
