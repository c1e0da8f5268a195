#!/usr/bin/env bash
# Alinea set-up: installs the Debian packages the build needs (only those
# missing), builds in build/ (Release), builds the language resources from
# Debian's dictionaries, then runs one job:
#
#   bash .ci/setup.sh demo   align the bundled sample into a TM and query it
#   bash .ci/setup.sh test   run the whole test suite through CTest, then again
#                            under ASan+UBSan (ALINEA_SANITIZERS=0 skips that)
#   bash .ci/setup.sh build  only install and build
#
# Works as root on a fresh Debian 12 (or with sudo). With CI=true warnings are
# errors.
set -euo pipefail

job="${1:-build}"
case "$job" in demo|test|build) ;; *) echo "usage: $0 demo|test|build" >&2; exit 2 ;; esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${ALINEA_BUILD_DIR:-$root/build}"
say() { printf '\n==> %s\n' "$*" >&2; }

# What the build needs. libpoppler-cpp-dev: the PDF reader (align/markup/pdf.cpp)
# takes a PDF's text layer, word by word with bounding boxes, from poppler's C++ API.
build_packages=(g++ make cmake pkg-config libicu-dev libsqlite3-dev libxml2-dev zlib1g-dev
  libboost-test-dev libsentencepiece-dev libcli11-dev libstemmer-dev
  libcpp-httplib-dev nlohmann-json3-dev nettle-dev libgumbo-dev libmd4c-dev libpq-dev libzip-dev
  libpoppler-cpp-dev)
# What the language resources are built from (third-party text never lives in the repo).
resource_packages=(dict-freedict-spa-eng dict-freedict-eng-spa apertium-eng-spa lttoolbox-dev
  debian-reference-es debian-reference-en)
# What the test suite checks against: the sqlite3 shell, libxml2's xmllint,
# OmegaT's TMX DTD, Translate Toolkit's TMX reader, a headless browser and
# Node.js to drive it (puppeteer-core, pinned in tests/browser's lockfile),
# Translate Toolkit's tmserver (python3-cheroot), clang-format with git
# (its list of tracked files) for the formatting check, and a PostgreSQL
# server the store tests start in a temporary directory of their own
# (postgresql: version 15 with unaccent, on Debian 12).
test_packages=(sqlite3 libxml2-utils unzip omegat python3-translate python3-cheroot chromium nodejs
  clang-format git postgresql)
# npm only where no npm is on the PATH (a Node.js from elsewhere brings its own).
command -v npm >/dev/null || test_packages+=(npm)

packages=("${build_packages[@]}" "${resource_packages[@]}")
[ "$job" = test ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
  [ "$status" = installed ] || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  say "Installing missing Debian packages: ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "alinea setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  say "All ${#packages[@]} Debian packages already installed"
fi

werror=OFF
[ "${CI:-}" = true ] && werror=ON
say "Configuring and building in $build (Release, warnings as errors: $werror)"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DALINEA_WERROR="$werror" >&2
cmake --build "$build" -j"$(nproc)" >&2

alinea="$build/cli/alinea"
resources="$build/resources"
if [ ! -s "$resources/lexicon.bin" ] || [ ! -s "$resources/subwords.model" ]; then
  say "Building language resources in $resources from Debian's dictionaries"
  mkdir -p "$resources"
  apertium=/usr/share/apertium/apertium-eng-spa
  # The Apertium packages ship compiled transducers only; lt-print prints
  # them as state-transition tables that the converter walks.
  for dir in spa-eng eng-spa; do
    if [ -f "$apertium/$dir.autobil.bin" ]; then
      lt-print "$apertium/$dir.autobil.bin" > "$resources/$dir.autobil.att"
    fi
  done
  "$alinea" lexicon build --out "$resources" >&2
fi

case "$job" in
  build) say "Built: $alinea" ;;
  demo)
    sample="$root/corpora/entrevista"
    tm="$build/demo.tm"
    rm -f "$tm" "$tm-wal" "$tm-shm"
    say "Aligning the sample into $tm"
    "$alinea" align "$sample/es.txt" "$sample/en.txt" --doc entrevista --tm "$tm" --format tsv
    say "Concordance: alinea search 'poder popular'"
    "$alinea" search "poder popular" --tm "$tm"
    say "Renderings of a term: alinea terms 'toma de terreno'"
    "$alinea" terms "toma de terreno" --tm "$tm"
    say "The TM: alinea stats"
    "$alinea" stats --tm "$tm"
    ;;
  test)
    # Every C++ file follows .clang-format, as Debian's clang-format (the one
    # installed above) reads it; a file that differs fails the run.
    if git -C "$root" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
      say "Checking the formatting of the C++ files (clang-format --dry-run -Werror)"
      (cd "$root" && git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run -Werror)
    else
      say "Not a git checkout: the formatting check needs git's file list, skipped"
    fi
    say "Installing the browser test's driver (npm ci, tests/browser/package-lock.json)"
    npm ci --prefix "$root/tests/browser" --no-audit --no-fund --loglevel=error >&2
    say "Running the test suite"
    ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
    # The same suite again under AddressSanitizer and UndefinedBehaviorSanitizer
    # (ALINEA_SANITIZERS=0 skips this second pass).
    if [ "${ALINEA_SANITIZERS:-1}" != 0 ]; then
      asan="$build-asan"
      say "Building with AddressSanitizer + UndefinedBehaviorSanitizer in $asan"
      # -O1 -g1 (line tables only): the sanitizers' reports keep file and
      # line, and the build takes less than half the time of -O2 -g.
      cmake -S "$root" -B "$asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALINEA_SANITIZE=ON \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
        -DALINEA_BUILD_BENCH=OFF -DALINEA_WERROR="$werror" >&2
      cmake --build "$asan" -j"$(nproc)" >&2
      say "Running the test suite under the sanitizers"
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$asan" --output-on-failure -j"$(nproc)"
    fi
    ;;
esac
