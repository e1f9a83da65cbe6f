#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The npm packages the tests use, into the project's .cache/npm (never
# global): ajv and ajv-formats for tests/schema/validate-json.js, js-yaml
# for tests/schema/check-lava.js.
# Only the npm registry is contacted, and only when one is missing.
set -eu
cd "$(dirname "$0")/.."
AJV=8.20.0
FORMATS=3.0.1
JSYAML=4.1.0
have() {	# have PKG VERSION
	[ -f ".cache/npm/node_modules/$1/package.json" ] &&
		grep -q "\"version\": *\"$2\"" ".cache/npm/node_modules/$1/package.json"
}
have ajv $AJV && have ajv-formats $FORMATS && have js-yaml $JSYAML && exit 0
cmd="npm install --prefix .cache/npm --no-audit --no-fund ajv@$AJV ajv-formats@$FORMATS js-yaml@$JSYAML"
if ! command -v npm > /dev/null; then
	echo "faultline: npm is missing; run: sudo apt-get install -y nodejs npm" >&2
	exit 1
fi
echo "faultline: installing into .cache/npm: ajv@$AJV ajv-formats@$FORMATS js-yaml@$JSYAML" >&2
mkdir -p .cache/npm
$cmd >&2 || {
	echo "faultline: failed: $cmd" >&2
	exit 1
}
