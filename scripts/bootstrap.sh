#!/usr/bin/env bash
# The one check of what the platform needs from the machine, used by `make run`,
# `make test` and `.ci/run`. It installs the missing Debian packages when it can (root
# with apt-get) and otherwise prints the exact command to run.
#
#   scripts/bootstrap.sh run    Python 3.11, gettext, DejaVu fonts and Tesseract; Java 17+
#                               and Maven for a local Elasticsearch (without them `make
#                               run` uses database search)
#   scripts/bootstrap.sh test   the same, all required, plus Chromium for the browser journeys
#   scripts/bootstrap.sh ci     the same as test, plus a PostgreSQL server
#
# Standard tools only: it runs before the virtualenv, or even Python, exists.
set -uo pipefail

profile=${1:-run}
case $profile in run|test|ci) ;; *) echo "usage: $0 run|test|ci" >&2; exit 2 ;; esac

say() { printf '[bootstrap] %s\n' "$*"; }
join() { local IFS=';'; echo "$*" | sed 's/;/; /g'; }

have_python() {
  local py
  for py in python3.11 python3; do
    if command -v "$py" >/dev/null &&
       "$py" -c 'import sys, ensurepip; sys.exit(sys.version_info[:2] < (3, 11))' 2>/dev/null
    then return 0; fi
  done
  return 1
}

have_java() {
  local java version
  for java in "${ES_JAVA_HOME:-}/bin/java" "${JAVA_HOME:-}/bin/java" \
              /usr/lib/jvm/java-17-openjdk-*/bin/java "$(command -v java)"; do
    [ -x "$java" ] || continue
    version=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    [ -n "$version" ] && [ "$version" -ge 17 ] && return 0
  done
  return 1
}

have() { command -v "$1" >/dev/null; }
# Debian's tesseract-ocr depends on its English data, which the MRZ reader uses.
have_tesseract() { have tesseract && tesseract --list-langs 2>/dev/null | grep -qx eng; }
have_receipt_fonts() {
  local dir="${RECEIPT_FONT_DIR:-/usr/share/fonts/truetype/dejavu}"
  [ -f "$dir/DejaVuSans.ttf" ] && [ -f "$dir/DejaVuSans-Bold.ttf" ]
}

# name | check | Debian packages | needed by which profiles (required) | wanted by (optional)
requirements() {
  cat <<'EOF'
Python 3.11 with venv|have_python|python3.11 python3.11-venv|run test ci|
gettext (msgfmt, for the translations)|have msgfmt|gettext|run test ci|
DejaVu fonts (Vietnamese text in the PDF receipts)|have_receipt_fonts|fonts-dejavu-core|run test ci|
Tesseract OCR (passport MRZ in photos sent to /api/v1/scan/)|have_tesseract|tesseract-ocr|run test ci|
Java 17+ (runs Elasticsearch)|have_java|default-jre-headless|test ci|run
Maven (fetches Elasticsearch from Maven Central)|have mvn|maven|test ci|run
Chromium (the browser journeys)|have chromium|chromium|test ci|
PostgreSQL server|have pg_ctlcluster|postgresql postgresql-contrib|ci|
EOF
}

missing_required=()
missing_optional=()
packages=()
while IFS='|' read -r name check debs required optional; do
  if [[ " $required " == *" $profile "* ]]; then need=required
  elif [[ " $optional " == *" $profile "* ]]; then need=optional
  else continue; fi
  eval "$check" && continue
  packages+=($debs)
  if [ $need = required ]; then missing_required+=("$name"); else missing_optional+=("$name"); fi
done < <(requirements)

[ ${#packages[@]} -eq 0 ] && exit 0

all_missing=("${missing_required[@]}" "${missing_optional[@]}")
say "missing: $(join "${all_missing[@]}")"
if [ "$(id -u)" = 0 ] && have apt-get && [ -z "${BOOTSTRAP_INSTALLED:-}" ]; then
  say "installing with apt-get: ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  then
    # Check again: a package may install under another name than the one looked for.
    BOOTSTRAP_INSTALLED=1 exec bash "$0" "$profile"
  fi
  say "apt-get could not install them."
fi

if have apt-get; then
  command="sudo apt-get install -y ${packages[*]}"
else
  command="install with your system's package manager: ${packages[*]} (Debian names)"
fi
if [ ${#missing_required[@]} -gt 0 ]; then
  say "cannot go on without: $(join "${missing_required[@]}")"
  say "run: $command"
  exit 1
fi
say "going on without: $(join "${missing_optional[@]}")"
say "to have them: $command"
exit 0
