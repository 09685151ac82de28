#!/usr/bin/env bash
# The Debian package `cpack -G DEB` makes from this build: its declared dependencies (read off
# the binary by dpkg-shlibdeps, plus Clang's headers, git and adduser), its files (medic, the
# templates and schemas under /usr/share/medic, the systemd unit, /etc/medic/server.yml as a
# conffile) and maintainer scripts; extracted anywhere, the binary finds its templates beside it
# (medic doctor says where), detects the shop's anomalies, and its systemd unit verifies.
# Installing it with apt-get into a clean Debian 12 root is scripts/check-package (downloads).
# Usage: package_test.sh BUILD_DIR SOURCE_ROOT
set -euo pipefail
build=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package_test: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/medic_*_amd64.deb)

depends=$(dpkg-deb -f "$deb" Depends)
for package in libclang-cpp19 libllvm19 libgit2-1.5 libsqlite3-0 libcurl4 libyaml-cpp0.7 \
  libcpp-httplib0.11 libre2-9 libsimdjson14 libssl3 libclang-common-19-dev git adduser; do
  [[ $depends == *"$package"* ]] || fail "Depends lacks $package: $depends"
done
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for file in ./usr/bin/medic ./usr/share/medic/templates/README.md \
  ./usr/share/medic/schema/config.v1.schema.json ./usr/lib/systemd/system/medic-serve.service \
  ./etc/medic/server.yml; do
  grep -qxF "$file" <<< "$contents" || fail "the package lacks $file"
done
dpkg-deb -e "$deb" "$work/control"
grep -qxF /etc/medic/server.yml "$work/control/conffiles" || fail "server.yml is no conffile"
for script in postinst prerm; do
  [[ -x $work/control/$script ]] && sh -n "$work/control/$script" || fail "$script is not a valid script"
done

# Extracted into a folder of its own: the templates beside the binary, not the source tree's.
dpkg-deb -x "$deb" "$work/root"
medic=$work/root/usr/bin/medic
[[ $("$medic" --version) == "medic "* ]] || fail "medic --version"
git init -q "$work/repo"
git -C "$work/repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m start
doctor=$(env -u MEDIC_TEMPLATES "$medic" doctor --repo "$work/repo" 2>&1 || true)
grep -qF "Medic's templates: $work/root/usr/share/medic/templates (" <<< "$doctor" ||
  fail "the installed medic does not use the templates beside it: $doctor"
"$medic" detect --repo "$root/fixtures/services/shop" \
  -t "$root/fixtures/telemetry/shop/events.jsonl" --out "$work/report.json" > /dev/null || true
[[ $(jq '.anomalies | length' "$work/report.json") -ge 5 ]] ||
  fail "the installed medic found too few anomalies in the shop's telemetry"
# (to a file: grep -q would stop reading early, and medic's SIGPIPE would fail the pipeline)
"$medic" init --config --dry-run > "$work/starter.yml" || fail "medic init --config --dry-run"
grep -qx "version: 1" "$work/starter.yml" || fail "the starter has no version: 1"

# The unit as systemd reads it (its ExecStart pointed at the extracted binary).
if command -v systemd-analyze > /dev/null; then
  sed "s|/usr/bin/medic|$medic|" "$work/root/usr/lib/systemd/system/medic-serve.service" \
    > "$work/medic-serve.service"
  out=$(systemd-analyze verify "$work/medic-serve.service" 2>&1) || fail "systemd-analyze: $out"
  [[ -z $out ]] || fail "systemd-analyze: $out"
fi
echo "package_test: $(basename "$deb"), $(stat -c %s "$deb") bytes; Depends: $depends"
