'use strict';
// `require('hookproof')`: see README.md. All verification happens in the Rust core.
module.exports = require('./lib/core.js');
