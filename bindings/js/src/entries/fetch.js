import '../node.js';
import { withWebhook } from '../frameworks/fetch.js';

export * from '../frameworks/fetch.js';
export default withWebhook;
