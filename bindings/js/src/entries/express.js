import '../node.js';
import { hookproof } from '../frameworks/express.js';

export * from '../frameworks/express.js';
export default hookproof;
