# Shared by scripts/demo and scripts/test: install what is missing, then build.
# Sourced, not run. Works as root on a clean Debian 12 (uses sudo when not root).

MEDIC_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MEDIC_BUILD=${MEDIC_BUILD:-$MEDIC_ROOT/build}
MEDIC_JOBS=${MEDIC_JOBS:-$(nproc)}

# Everything Medic and its tests need, including the toolchain later stages use (LLVM 19
# LibTooling, libgit2, cpp-httplib, ...), so a fresh machine is ready for all of them.
MEDIC_PACKAGES=(
  g++ cmake ninja-build pkg-config ccache git make
  clang-19 libclang-19-dev libclang-cpp19-dev llvm-19-dev clang-format-19
  libfuzzer-19-dev libclang-rt-19-dev
  libgit2-dev nlohmann-json3-dev libcurl4-openssl-dev libcpp-httplib-dev libssl-dev libsqlite3-dev liblz4-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsimdjson-dev libyaml-cpp-dev
  libkainjow-mustache-dev libcli11-dev libspdlog-dev libfmt-dev libre2-dev zlib1g-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  lighttpd lighttpd-mod-openssl openssl bubblewrap curl jq hyperfine wrk time gzip python3 python3-jsonschema
  prometheus sqlite3 dpkg-dev chromium libpq-dev postgresql-15
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

install_missing_packages() {
  local missing=()
  for package in "${MEDIC_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  # npm fetches test material (GitHub's SARIF schema); the image's Node may provide it already.
  command -v npm >/dev/null || missing+=(npm)
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  say "Installing ${#missing[@]} missing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Medic itself is built with clang++-19: a cold build of this tree takes 911 compile CPU-seconds
# against g++ 12's 1,406 (the Clang analysis 128 against 368: g++'s precompiled header of Clang's
# headers cost each file that does not use them 5-9 s). The sample services keep the system
# compiler, as their users' builds would.
# Extra arguments are passed to CMake's configure (scripts/test: -DMEDIC_UNIT_TESTS=OFF).
build_medic() {
  say "Building Medic in $MEDIC_BUILD"
  cmake -S "$MEDIC_ROOT" -B "$MEDIC_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 "$@" >/dev/null
  cmake --build "$MEDIC_BUILD" -j "$MEDIC_JOBS"
}

# The sanitizer build (build-fuzz/): clang++-19 with AddressSanitizer and UB-Sanitizer, every
# library also carrying libFuzzer's coverage instrumentation, so one build serves the fuzz targets
# (scripts/fuzz) and the unit suites (scripts/test). Builds the given targets.
MEDIC_FUZZ_BUILD=${MEDIC_FUZZ_BUILD:-$MEDIC_ROOT/build-fuzz}
# -O1 (the sanitizers' advice) and line tables only (enough for stack traces); assertions stay
# on. The test code itself is built at -O0 (tests/CMakeLists.txt). Like the main build, a unity
# build (CMakeLists.txt: MEDIC_UNITY_BUILD).
build_sanitized() {
  cmake -S "$MEDIC_ROOT" -B "$MEDIC_FUZZ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
    -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" -DCMAKE_C_FLAGS_SANITIZE="-O1 -gline-tables-only" \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 -DMEDIC_FUZZ=ON \
    -DMEDIC_BUILD_TESTS=ON -DMEDIC_BUILD_BENCH=OFF > /dev/null
  cmake --build "$MEDIC_FUZZ_BUILD" -j "$MEDIC_JOBS" --target "$@"
}

# How the sanitizer build's programs run: a small quarantine (ASan's default 256 MB of freed
# memory would count against the fuzzers' 512 MB limit), and the leaks of third-party libraries
# suppressed (tests/sanitizers/lsan.supp says which and why).
use_sanitizer_options() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:detect_leaks=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$MEDIC_ROOT/tests/sanitizers/lsan.supp:print_suppressions=0}
}

# The sample services under fixtures/services (their own CMake projects, with compile databases).
build_fixture() {
  local name=$1
  say "Building the sample service fixtures/services/$name"
  cmake -S "$MEDIC_ROOT/fixtures/services/$name" -B "$MEDIC_BUILD/$name" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  cmake --build "$MEDIC_BUILD/$name" -j "$MEDIC_JOBS"
}

build_shop() { build_fixture shop; }

# The sample service NAME built the way Medic's validation builds it — a worktree and a build
# folder side by side, the service's own validate.configure (else Medic's default), through
# ccache — into the compiler cache the end-to-end tests share ($MEDIC_BUILD/test-ccache, paths
# taken relative to the build folder as the tests' CCACHE_BASEDIR makes them): a test's first
# validation build of the service then finds every file the fix leaves alone compiled already.
# The services' own tests run from these builds.
build_fixture_for_tests() {
  local name=$1 root=$MEDIC_BUILD/fixture-builds/$1
  say "Building the sample service fixtures/services/$name as validation builds it"
  mkdir -p "$root"
  rm -rf "$root/worktree"
  cp -a "$MEDIC_ROOT/fixtures/services/$name" "$root/worktree" # mtimes kept: ninja stays warm
  local configure build
  configure=$(sed -n 's/^  configure: "\(.*\)"$/\1/p' "$root/worktree/.github/medic.yml")
  [[ -n $configure ]] || configure='cmake -S {source} -B {build} -DCMAKE_BUILD_TYPE=Release' # Medic's default
  build="cmake --build {build} --parallel $MEDIC_JOBS"
  local command
  for command in "$configure" "$build"; do
    command=${command//\{source\}/$root/worktree}
    command=${command//\{build\}/$root/build}
    CCACHE_DIR=$MEDIC_BUILD/test-ccache CCACHE_BASEDIR=$MEDIC_BUILD/fixture-builds \
      CMAKE_CXX_COMPILER_LAUNCHER=ccache CMAKE_C_COMPILER_LAUNCHER=ccache bash -c "$command" >/dev/null
  done
}
