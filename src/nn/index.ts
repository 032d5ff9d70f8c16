/**
 * Neural-network building blocks with PyTorch's names, shapes, defaults and state-dict keys
 * (`import { nn } from 'tensorite'`; `new nn.Linear(4, 2)`, `nn.functional.mseLoss`, `nn.init.xavierUniform_`).
 */
export { Module, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export * from './basic/index.js';
export * from './conv/index.js';
export * from './losses/index.js';
export * as functional from './functional.js';
export * as init from './init.js';
export * from './recurrent/index.js';
export * from './attention/index.js';
export * from './seq2seq/index.js';
export * as utils from './utils.js';
