// SPDX-License-Identifier: GPL-2.0
// node check-lava.js FILE: FILE is YAML (js-yaml from .cache/npm) and a
// LAVA test shell definition: metadata.format "Lava-Test Test
// Definition 1.0", metadata.name without the characters LAVA refuses,
// run.steps a non-empty list of strings, and every ${PARAM} a step uses
// declared under params. Exit 0 valid, 1 not, 2 cannot run.
'use strict';
const fs = require('fs');
const path = require('path');
let yaml;
try {
	yaml = require(path.join(__dirname, '..', '..', '.cache', 'npm',
				 'node_modules', 'js-yaml'));
} catch (e) {
	console.error('check-lava: js-yaml not installed (make deps)');
	process.exit(2);
}
const bad = (msg) => { console.error('check-lava: ' + msg); process.exit(1); };
let d;
try {
	d = yaml.load(fs.readFileSync(process.argv[2], 'utf8'));
} catch (e) {
	bad('not YAML: ' + e.message);
}
const m = d && d.metadata;
if (!m || m.format !== 'Lava-Test Test Definition 1.0')
	bad('metadata.format is not "Lava-Test Test Definition 1.0"');
if (typeof m.name !== 'string' || !m.name || /[\s$&"'`()<>/\\|;]/.test(m.name))
	bad('metadata.name missing or with characters LAVA refuses');
const steps = d.run && d.run.steps;
if (!Array.isArray(steps) || !steps.length ||
    steps.some((s) => typeof s !== 'string'))
	bad('run.steps is not a non-empty list of strings');
for (const s of steps)
	for (const [, p] of s.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g))
		if (!d.params || !(p in d.params))
			bad(`step uses \${${p}}, not under params`);
