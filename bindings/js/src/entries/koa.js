import '../node.js';
import { hookproof } from '../frameworks/koa.js';

export * from '../frameworks/koa.js';
export default hookproof;
