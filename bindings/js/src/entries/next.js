import '../node.js';

export * from '../frameworks/next.js';
