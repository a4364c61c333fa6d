import '../node.js';
export * from '../frameworks/fetch.js';
export { default } from '../frameworks/fetch.js';
