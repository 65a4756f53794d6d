#!/usr/bin/env bash
# Build ALPR Desk for macOS: "ALPR Desk.app" (PyInstaller), its self-test, and
# dist/alprdesk-VERSION-macos-ARCH.dmg with the app and a link to /Applications.
#
# NOT YET BUILT OR TESTED: no Mac has run this script. Check every step on a Mac
# before the first release.
#
# Needs: Python 3.11 or newer from python.org or Homebrew, and the Xcode command
# line tools (codesign, hdiutil, xcrun). Builds for the machine's architecture
# (arm64 or x86_64); build on each for both.
#
# Signing and notarization, all optional:
#   ALPRDESK_CODESIGN_IDENTITY  "Developer ID Application: NAME (TEAM ID)"; without it
#                               PyInstaller signs ad hoc, which runs only on the build Mac
#   ALPRDESK_BUNDLE_ID          the bundle identifier registered for that identity
#   ALPRDESK_NOTARY_PROFILE     a keychain profile made with `xcrun notarytool store-credentials`
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-python3}
MAX_BUNDLE_MB=${MAX_BUNDLE_MB:-250}
export ALPRDESK_ENTITLEMENTS=${ALPRDESK_ENTITLEMENTS:-$PWD/packaging/macos/entitlements.plist}

# A separate virtual environment with only the app and PyInstaller.
"$PYTHON" -m venv build/venv-macos
venv_python=build/venv-macos/bin/python
"$venv_python" -m pip install --quiet --disable-pip-version-check -e '.[package]'
version=$("$venv_python" -c 'import alprdesk; print(alprdesk.__version__)')
arch=$(uname -m)
app="build/bundle/ALPR Desk.app"
dmg=dist/alprdesk-$version-macos-$arch.dmg

rm -rf build/bundle build/dmg-root "$dmg"
"$venv_python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath build/bundle --workpath build/pyinstaller packaging/alprdesk.spec

"$app/Contents/MacOS/alprdesk" --self-test

size_mb=$(du -sk "$app" | awk '{printf "%.1f", $1 * 1024 / 1e6}')
echo "Bundle size: $size_mb MB unpacked"
if awk -v size="$size_mb" -v limit="$MAX_BUNDLE_MB" 'BEGIN { exit !(size > limit) }'; then
    echo "The app is $size_mb MB, over the $MAX_BUNDLE_MB MB limit" >&2
    exit 1
fi

if [[ -n ${ALPRDESK_CODESIGN_IDENTITY:-} ]]; then
    codesign --verify --deep --strict --verbose=2 "$app"
fi

mkdir -p build/dmg-root dist
cp -R "$app" build/dmg-root/
ln -s /Applications build/dmg-root/Applications
hdiutil create -volname "ALPR Desk $version" -srcfolder build/dmg-root -ov -format UDZO "$dmg"

if [[ -n ${ALPRDESK_CODESIGN_IDENTITY:-} ]]; then
    codesign --sign "$ALPRDESK_CODESIGN_IDENTITY" --timestamp "$dmg"
    if [[ -n ${ALPRDESK_NOTARY_PROFILE:-} ]]; then
        xcrun notarytool submit "$dmg" --keychain-profile "$ALPRDESK_NOTARY_PROFILE" --wait
        xcrun stapler staple "$dmg"
    fi
fi
echo "Built $dmg"
