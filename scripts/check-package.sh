#!/usr/bin/env bash
# What `npm pack` would publish: only dist/, README.md, LICENSE and package.json, icons included.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(npm pack --dry-run --json 2>/dev/null | node -e 'const [p]=JSON.parse(require("fs").readFileSync(0,"utf8"));console.log(p.files.map(f=>f.path).join("\n"))')
unexpected=$(echo "$files" | grep -v -E '^(dist/.+|README\.md|LICENSE|package\.json)$' || true)
if [ -n "$unexpected" ]; then
	echo "check-package: npm pack would also ship:"; echo "$unexpected"; exit 1
fi
for required in package.json README.md LICENSE \
	dist/credentials/CellosignApi.credentials.js dist/credentials/cellosign.svg dist/credentials/cellosign.dark.svg \
	dist/nodes/Cellosign/Cellosign.node.js dist/nodes/Cellosign/Cellosign.node.json dist/nodes/Cellosign/cellosign.svg dist/nodes/Cellosign/cellosign.dark.svg \
	dist/nodes/CellosignTrigger/CellosignTrigger.node.js dist/nodes/CellosignTrigger/CellosignTrigger.node.json dist/credentials/CellosignSecretApi.credentials.js; do
	echo "$files" | grep -qx "$required" || { echo "check-package: $required is missing from the package (run npm run build)"; exit 1; }
done
echo "check-package: $(echo "$files" | wc -l) files, only dist/, README.md, LICENSE, package.json"
