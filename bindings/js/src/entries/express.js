import '../node.js';
export * from '../frameworks/express.js';
export { default } from '../frameworks/express.js';
