import { createRequire } from 'node:module';
const hookproof = createRequire(import.meta.url)('./express.js');
export default hookproof;
export const { captureRawBody } = hookproof;
export { hookproof };
