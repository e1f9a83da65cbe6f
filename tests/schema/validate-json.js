// SPDX-License-Identifier: GPL-2.0
// node validate-json.js SCHEMA DOC: validate DOC against the JSON Schema
// (draft-07, with formats) using ajv from .cache/npm (ci/deps.sh).
// Exit 0 valid, 1 invalid (errors on stderr), 2 cannot run.
'use strict';
const fs = require('fs');
const path = require('path');
const mods = path.join(__dirname, '..', '..', '.cache', 'npm', 'node_modules');
let Ajv, addFormats;
try {
	Ajv = require(path.join(mods, 'ajv'));
	addFormats = require(path.join(mods, 'ajv-formats'));
} catch (e) {
	console.error('validate-json: ajv not installed (make deps)');
	process.exit(2);
}
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schema = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const doc = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
if (ajv.validate(schema, doc))
	process.exit(0);
console.error(JSON.stringify(ajv.errors, null, 1));
process.exit(1);
