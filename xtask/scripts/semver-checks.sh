#!/usr/bin/env bash
# Compares the Rust API verdicts of `cargo xtask diff` with cargo-semver-checks, on the
# catalogue of spec edits of tests/tests/spec_diff.rs. Slow (one rustdoc build of the
# generated crate per spec); not part of CI.
#
# 1. `cargo test -p halopsa-tests --test spec_diff` writes every case's old and new spec
#    and target/tmp/spec-diff/catalogue.tsv (case, old spec, new spec, Rust, wire).
# 2. This script generates the crate of every spec (`xtask generate --spec --out`) into
#    $OUT/crates, builds its rustdoc JSON (one shared CARGO_TARGET_DIR, so the runtime and
#    the dependencies build once), and runs
#    `cargo semver-checks check-release --baseline-rustdoc OLD --current-rustdoc NEW
#    --release-type patch` (patch: every lint that fires is reported, with the level it
#    requires). Results: $OUT/results.tsv and $OUT/logs/<case>.txt.
#
# Arguments: case names to run only those (default: every case).
# Environment: CARGO_SEMVER_CHECKS (the binary, default `cargo-semver-checks`), OUT
# (default /tmp/spec-diff-semver), JOBS (cargo jobs, default 1: the machine is shared).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CSC="${CARGO_SEMVER_CHECKS:-cargo-semver-checks}"
OUT="${OUT:-/tmp/spec-diff-semver}"
JOBS="${JOBS:-1}"
CATALOGUE="$ROOT/target/tmp/spec-diff/catalogue.tsv"
[ -f "$CATALOGUE" ] || { echo "no $CATALOGUE: run cargo test -p halopsa-tests --test spec_diff first" >&2; exit 2; }

mkdir -p "$OUT/crates" "$OUT/json" "$OUT/logs"
(cd "$ROOT" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}" cargo build -q -p xtask)
XTASK="${CARGO_TARGET_DIR:-$ROOT/target}/debug/xtask"

# The crate of the spec in $1, as $2 (a name), and its rustdoc JSON: $OUT/json/$2.json.
rustdoc_json() {
  local spec="$1" name="$2" crate="$OUT/crates/$2"
  [ -f "$OUT/json/$name.json" ] && return 0
  rm -rf "$crate"
  (cd "$ROOT" && "$XTASK" generate --spec "$spec" --out "$crate" >/dev/null)
  sed -i "s#path = \"../runtime\"#path = \"$ROOT/runtime\"#" "$crate/Cargo.toml"
  printf '\n[workspace]\n' >>"$crate/Cargo.toml"
  cp "$ROOT/Cargo.lock" "$crate/Cargo.lock"
  CARGO_TARGET_DIR="$OUT/target" RUSTC_BOOTSTRAP=1 nice -n 10 cargo rustdoc -q --offline -j "$JOBS" \
    --manifest-path "$crate/Cargo.toml" --lib -- -Zunstable-options --output-format json
  cp "$OUT/target/doc/halopsa.json" "$OUT/json/$name.json"
}

ONLY=" $* "
printf 'case\tours\tcargo-semver-checks\tagree\tlints\n' >"$OUT/results.tsv"
tail -n +2 "$CATALOGUE" | while IFS=$'\t' read -r case old new rust wire; do
  [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $case "* ]] || continue
  start=$(date +%s)
  if [ "$old" = "$(dirname "$new" | xargs dirname)/base" ]; then old_name=base; else old_name="$case-old"; fi
  rustdoc_json "$old" "$old_name"
  rustdoc_json "$new" "$case-new"
  log="$OUT/logs/$case.txt"
  set +e
  nice -n 10 "$CSC" semver-checks check-release --color never --release-type patch \
    --baseline-rustdoc "$OUT/json/$old_name.json" --current-rustdoc "$OUT/json/$case-new.json" >"$log" 2>&1
  set -e
  if grep -q 'requires new major version' "$log"; then theirs=major
  elif grep -q 'requires new minor version' "$log"; then theirs=minor
  elif grep -qE 'no semver update required|passed' "$log"; then theirs=none
  else theirs=error; fi
  # cargo-semver-checks lints breaking changes (and a few minor ones), not additions:
  # "none" agrees with our minor, patch or no change; major must match major.
  case "$rust/$theirs" in
    major/major|minor/minor|minor/none|patch/none|none/none) agree=yes ;;
    *) agree=NO ;;
  esac
  lints=$(grep -oE '^--- failure [a-z_]+' "$log" | sed 's/--- failure //' | sort -u | paste -sd, - || true)
  printf '%s\t%s\t%s\t%s\t%s\n' "$case" "$rust" "$theirs" "$agree" "${lints:--}" | tee -a "$OUT/results.tsv"
  echo "  ($(( $(date +%s) - start )) s)" >&2
done
