import { createRequire } from 'node:module';
const hookproofFastify = createRequire(import.meta.url)('./fastify.js');
export default hookproofFastify;
export { hookproofFastify };
