import '../node.js';
import { hookproofFastify } from '../frameworks/fastify.js';

export * from '../frameworks/fastify.js';
export default hookproofFastify;
