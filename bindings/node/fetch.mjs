import { createRequire } from 'node:module';
const { withWebhook } = createRequire(import.meta.url)('./fetch.js');
export { withWebhook };
export default withWebhook;
