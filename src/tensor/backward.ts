import { AutogradError, ShapeError } from '../core/errors.js';
import { formatShape, shapesEqual } from '../core/shape.js';
import { withGradMode } from './graph.js';
import { add } from './ops/binary.js';
import { onesLike } from './ops/creation.js';
import type { Tensor } from './tensor.js';

/** Options of `backward()` and `grad()`. */
export interface BackwardOptions {
  /** Keep the graph's saved tensors so backward can run through it again (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the backward pass so the gradients can be differentiated again (default false). */
  createGraph?: boolean;
}

/**
 * Runs reverse-mode differentiation from `roots` (seeded with `seeds`, or ones for scalar roots).
 * Without `targets`, gradients are accumulated into `.grad` of leaves that require them (and of
 * tensors marked with `retainGrad()`); with `targets`, the gradients of exactly those tensors are returned
 * and no `.grad` is touched (torch.autograd.grad). Only the part of the graph that leads to a target is run.
 */
export function runBackward(
  roots: readonly Tensor[], seeds: readonly (Tensor | null)[], options: BackwardOptions, targets: readonly Tensor[] | null,
): Map<Tensor, Tensor> {
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;

  const grads = new Map<Tensor, Tensor>();
  roots.forEach((root, i) => {
    if (!root.requiresGrad) {
      throw new AutogradError(`element ${i} of the outputs does not require grad and has no grad_fn (shape ${formatShape(root.shape)})`);
    }
    let seed = seeds[i] ?? null;
    if (seed === null) {
      if (root.numel() !== 1) {
        throw new AutogradError(
          `backward: grad can be implicitly created only for scalar outputs, got shape ${formatShape(root.shape)}; pass a gradient of that shape`,
        );
      }
      seed = onesLike(root);
    } else if (!shapesEqual(seed.shape, root.shape)) {
      throw new ShapeError(`backward: gradient shape ${formatShape(seed.shape)} does not match output shape ${formatShape(root.shape)}`);
    } else if (seed.dtype !== root.dtype) {
      throw new AutogradError(`backward: gradient dtype ${seed.dtype} does not match output dtype ${root.dtype}`);
    }
    accumulate(grads, root, seed);
  });

  const order = topologicalOrder(roots);
  const targetSet = targets === null ? null : new Set(targets);
  const needed = neededTensors(order, targetSet);

  withGradMode(createGraph, () => {
    for (const t of order) {
      const g = grads.get(t);
      if (g === undefined || !needed.has(t)) continue;
      if (targetSet === null && t._retainsGrad) {
        const stored = createGraph ? g : g.detach();
        t.grad = t.grad === null ? stored : add(t.grad, stored);
      }
      const node = t.gradFn;
      if (node === null || (targetSet !== null && targetSet.has(t) && !hasNeededInput(t, needed))) continue;
      if (node.released || node.backwardFn === null) {
        throw new AutogradError(
          `backward through the graph a second time (op "${node.op}"): its saved tensors were freed after the first ` +
            'backward; pass { retainGraph: true } to the first backward if you need to go through it again',
        );
      }
      const needs = node.inputs.map((inp) => inp.requiresGrad && needed.has(inp));
      const inputGrads = node.backwardFn(g, needs);
      if (!retainGraph) {
        node.backwardFn = null;
        node.released = true;
      }
      node.inputs.forEach((inp, i) => {
        const ig = inputGrads[i];
        if (!needs[i] || ig === null || ig === undefined) return;
        if (!shapesEqual(ig.shape, inp.shape)) {
          throw new ShapeError(
            `internal: gradient of op "${node.op}" input ${i} has shape ${formatShape(ig.shape)}, expected ${formatShape(inp.shape)}`,
          );
        }
        accumulate(grads, inp, ig);
      });
      if (targetSet === null || !targetSet.has(t)) grads.delete(t);
    }
  });
  return grads;
}

function accumulate(grads: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void {
  const prev = grads.get(t);
  grads.set(t, prev === undefined ? g : add(prev, g));
}

function hasNeededInput(t: Tensor, needed: Set<Tensor>): boolean {
  return t.gradFn !== null && t.gradFn.inputs.some((i) => needed.has(i));
}

/** Tensors reachable from the roots through graph nodes, each after every tensor that consumes it. */
function topologicalOrder(roots: readonly Tensor[]): Tensor[] {
  const visited = new Set<Tensor>();
  const postorder: Tensor[] = [];
  const stack: [Tensor, number][] = [];
  for (const root of roots) {
    if (visited.has(root)) continue;
    visited.add(root);
    stack.push([root, 0]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [t, next] = top;
      const inputs = t.gradFn?.inputs ?? [];
      if (next < inputs.length) {
        top[1] = next + 1;
        const child = inputs[next]!;
        if (child.requiresGrad && !visited.has(child)) {
          visited.add(child);
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        postorder.push(t);
      }
    }
  }
  return postorder.reverse();
}

/**
 * Tensors whose gradient is worth computing: those that are targets (or, without targets, accumulate a
 * `.grad`) and every tensor on a path from a root to one of them.
 */
function neededTensors(order: readonly Tensor[], targets: Set<Tensor> | null): Set<Tensor> {
  const needed = new Set<Tensor>();
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!;
    const isTarget = targets === null ? t._retainsGrad || t.isLeaf : targets.has(t);
    if (isTarget || (t.gradFn !== null && t.gradFn.inputs.some((inp) => needed.has(inp)))) needed.add(t);
  }
  return needed;
}
