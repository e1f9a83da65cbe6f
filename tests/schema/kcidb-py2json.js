// SPDX-License-Identifier: GPL-2.0
// One-off: turn kcidb-io's kcidb_io/schema/v05_03.py (a Python dict
// literal) into kcidb-io.schema.v5.3.json, which is what the project's
// README export (schema.LATEST.json, json.dump sort_keys) gives, without
// Python. Usage: node kcidb-py2json.js v05_03.py > kcidb-io.schema.v5.3.json
// The pattern constants come from v03_00.py and v05_00.py (see README).
'use strict';
const fs = require('fs');
const src = fs.readFileSync(process.argv[2], 'utf8');
const P = {
	major: 5, minor: 2,		// v05_02, the class v05_03 derives from
	sha256_pattern: '[0-9a-f]{64}',
	git_commit_hash_pattern: '[0-9a-f]{40}',
	origin_pattern: '[a-z0-9_]+',
	origin_id_pattern: '[a-z0-9_]+:[^\\0]*',
	git_repository_url_re: { pattern: 'https://[^\\0]*' },
};
const major = P.major, minor = P.minor + 1;
const path_re = { pattern: '^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$' };
let s = src.slice(src.indexOf('json = {') + 7);
s = s.slice(0, s.indexOf('\n    # The parent-child'));
let out = '', i = 0, lastStr = false;
while (i < s.length) {
	const c = s[i];
	if (c === '#') { while (i < s.length && s[i] !== '\n') i++; continue; }
	const f = c === 'f' && s[i + 1] === '"';
	if (c === '"' || f) {
		let j = i + (f ? 2 : 1), body = '';
		while (s[j] !== '"') { body += s[j] === '\\' ? s[j++] + s[j] : s[j]; j++; }
		if (lastStr) out += ' + ';
		out += f ? '`' + body.replace(/\{([^}]*)\}/g, '${$1}')
			.replace(/PreviousVersion\./g, 'P.') + '`' : '"' + body + '"';
		i = j + 1; lastStr = true; continue;
	}
	if (!/\s/.test(c)) lastStr = false;
	out += c; i++;
}
out = out.replace(/\bFalse\b/g, 'false').replace(/\bTrue\b/g, 'true')
	.replace(/PreviousVersion\./g, 'P.').replace(/\+\s*\+/g, '+');
const schema = eval('(' + out + ')');
const sort = (v) => Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ?
	Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v;
process.stdout.write(JSON.stringify(sort(schema), null, 2) + '\n');
