import '../node.js';
export * from '../frameworks/fastify.js';
export { default } from '../frameworks/fastify.js';
