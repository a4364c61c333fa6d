// Every portable suite, in the order the runners run them.
import core from './core.js';
import providers from './providers.js';
import matrix from './matrix.js';
import hygiene from './hygiene.js';
import replay from './replay.js';
import fetchSuite from './fetch.js';

export default [
  ['core', core],
  ['providers', providers],
  ['matrix', matrix],
  ['hygiene', hygiene],
  ['replay', replay],
  ['fetch', fetchSuite],
];
