export * from './structure/index.js';
