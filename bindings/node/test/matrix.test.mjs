// The bad-input matrix for the Node addon: the runner in tests/matrix/javascript.mjs, shared with
// @hookproof/wasm, against this package (loaded with require, as CommonJS users do).
import { createRequire } from 'node:module';
import { defineMatrixTests } from '../../../tests/matrix/javascript.mjs';

defineMatrixTests(createRequire(import.meta.url)('..'));
