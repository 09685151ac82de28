# Sourced by tests that look at a page the way a browser shows it:
#   chromium_page URL DOM_FILE PNG_FILE WORK
# loads URL in headless Chromium (Debian's chromium; --no-sandbox, as tests run as root), writes
# the DOM it built to DOM_FILE and a 1280-pixel-wide screenshot to PNG_FILE; WORK holds its
# profile. Returns non-zero, saying why, when Chromium fails.
chromium_page() {
  local url=$1 dom=$2 png=$3 work=$4
  local flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
               --user-data-dir="$work/chromium-profile" --virtual-time-budget=5000)
  command -v chromium > /dev/null || { echo "chromium is not installed (apt-get install chromium)" >&2; return 1; }
  chromium "${flags[@]}" --dump-dom "$url" > "$dom" 2> "$work/chromium.log" ||
    { tail -5 "$work/chromium.log" >&2; return 1; }
  chromium "${flags[@]}" --window-size=1280,1600 --screenshot="$png" "$url" >> "$work/chromium.log" 2>&1 ||
    { tail -5 "$work/chromium.log" >&2; return 1; }
  [[ -s $dom && -s $png ]] || { echo "chromium wrote no page or no screenshot" >&2; return 1; }
}
