import '../node.js';
import { WebhookInterceptor } from '../frameworks/nest.js';

export * from '../frameworks/nest.js';
export default WebhookInterceptor;
