#!/bin/sh
# Installs the Debian packages that hangup's optional parts and their tests use, when they are missing:
#   tesseract-ocr   screenshots (OCR extra)
#   espeak-ng       spoken warnings, and the test calls made as real audio
#   chromium        browser tests of the web pages
#   postgresql      the case store on PostgreSQL (tests start a throwaway server)
#   java            a local Spark session for the bulk-scanning adapter
#   libportaudio2   the microphone for `hangup listen`
# Anything that cannot be installed is reported; the tests that need it are then skipped with a reason.
set -u
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
need=""
command -v tesseract >/dev/null 2>&1 || need="$need tesseract-ocr"
command -v espeak-ng >/dev/null 2>&1 || need="$need espeak-ng"
command -v chromium >/dev/null 2>&1 || need="$need chromium chromium-driver"
{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || need="$need postgresql"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || need="$need libportaudio2"
[ -z "$need" ] && exit 0
echo "installing:$need"
if $SUDO apt-get update -qq -o DPkg::Lock::Timeout=300 >/dev/null &&
   DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends $need >/dev/null; then
  exit 0
fi
echo "warning: could not install some of:$need; the tests that need them will be skipped" >&2
exit 0
