// The bad-input matrix for @hookproof/wasm: the runner in tests/matrix/javascript.mjs, shared with
// the Node addon, against this package.
import * as hp from '@hookproof/wasm';
import { defineMatrixTests } from '../../../tests/matrix/javascript.mjs';

defineMatrixTests(hp);
