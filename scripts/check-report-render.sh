#!/usr/bin/env bash
# Loads an HTML report in headless Chromium and checks that its inline SVG charts reach the DOM.
#   scripts/check-report-render.sh [report.html] [screenshot.png]
# Without a report, renders the sample report of the Reporting tests. Installs chromium (apt) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

report="${1:-}"
screenshot="${2:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "$report" ]; then
  echo "building the sample report (Reporting tests)..." >&2
  swift build --build-tests >/dev/null
  SCALEBENCH_REPORT_SAMPLE_DIR="$work" swift test --skip-build --filter htmlWellFormed >"$work/test.log" 2>&1 || {
    cat "$work/test.log" >&2
    echo "error: the sample report test failed" >&2
    exit 1
  }
  report="$work/sample-report.html"
fi
[ -f "$report" ] || { echo "error: no report at $report" >&2; exit 1; }

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "installing chromium..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser="$(command -v chromium)"
  else
    echo "error: chromium is not installed; install it (Debian/Ubuntu: apt-get install -y chromium) and rerun" >&2
    exit 1
  fi
fi

url="file://$(realpath "$report")"
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --allow-file-access-from-files)
"$browser" "${flags[@]}" --dump-dom "$url" >"$work/dom.html" 2>"$work/browser.log" || {
  tail -5 "$work/browser.log" >&2
  echo "error: chromium could not load $report" >&2
  exit 1
}

source_svgs=$(grep -o '<svg' "$report" | wc -l)
dom_svgs=$(grep -o '<svg' "$work/dom.html" | wc -l)
dom_lines=$(grep -o '<polyline' "$work/dom.html" | wc -l)
dom_tables=$(grep -o '<table' "$work/dom.html" | wc -l)
echo "report: $report"
echo "DOM: $dom_svgs svg charts (source has $source_svgs), $dom_lines polylines, $dom_tables tables"
if [ "$dom_svgs" -eq 0 ] || [ "$dom_svgs" -ne "$source_svgs" ] || [ "$dom_lines" -eq 0 ]; then
  echo "error: the charts did not render into the DOM" >&2
  exit 1
fi

if [ -n "$screenshot" ]; then
  "$browser" "${flags[@]}" --hide-scrollbars --window-size=1200,4000 --screenshot="$screenshot" "$url" 2>>"$work/browser.log" >/dev/null
  echo "screenshot: $screenshot"
fi
echo "ok: the report renders with its charts"
