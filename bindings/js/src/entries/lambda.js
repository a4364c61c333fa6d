import '../node.js';
import { withWebhook } from '../frameworks/lambda.js';

export * from '../frameworks/lambda.js';
export default withWebhook;
