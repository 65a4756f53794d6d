#!/usr/bin/env bash
# Build ALPR Desk's Linux packages from the repository root (`make package` runs this):
#   dist/alprdesk-VERSION-linux-MACHINE.tar.gz  the one-folder bundle, unpacks to alprdesk/
#   dist/alprdesk_VERSION_ARCH.deb               the bundle in /opt/alprdesk, /usr/bin/alprdesk,
#                                                 a desktop entry and the icon
# The bundle is checked before packaging: at most MAX_BUNDLE_MB megabytes unpacked,
# and every system library it links to comes from a package in DEPENDS.
#
# Needs: the project's virtual environment with the `package` extra (PYTHON), and
# binutils (strip, readelf, objdump) and dpkg-deb. Run the self-test of the result
# with packaging/linux/self-test.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-.venv/bin/python}
MAX_BUNDLE_MB=${MAX_BUNDLE_MB:-250}
# The .deb's Maintainer field; the default is a placeholder in the reserved .invalid domain.
DEB_MAINTAINER=${DEB_MAINTAINER:-ALPR Desk packagers <packaging@alprdesk.invalid>}

version=$("$PYTHON" -c 'import alprdesk; print(alprdesk.__version__)')
deb_arch=$(dpkg --print-architecture)
machine=$(uname -m)
bundle=build/bundle/alprdesk
tarball=dist/alprdesk-$version-linux-$machine.tar.gz
deb=dist/alprdesk_${version}_$deb_arch.deb

echo "Building ALPR Desk $version for $machine"
started=$SECONDS
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate resources/alprdesk.desktop
fi
rm -rf build/bundle build/deb-root build/tar-root "$tarball" "$deb"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath build/bundle --workpath build/pyinstaller packaging/alprdesk.spec

# The Python interpreter and its extension modules, compiled on the build machine,
# carry debug sections. --strip-debug removes only those, never the symbols that
# dynamic linking needs.
find "$bundle/_internal" -type f \( -name '*.so' -o -name '*.so.*' \) \
    -exec strip --strip-debug {} +

glibc=$("$PYTHON" packaging/linux/check_bundle.py "$bundle" --glibc)

# libc6 gets the newest glibc symbol version that the bundle uses.
depends=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' packaging/linux/deb-depends \
    | sed -e "s/^libc6\$/libc6 (>= $glibc)/" | paste -sd, - | sed 's/,/, /g')

"$PYTHON" packaging/linux/check_bundle.py "$bundle" \
    --max-mb "$MAX_BUNDLE_MB" --depends "$depends"

mkdir -p dist

# The tarball: the bundle, with the desktop entry and icons in share/ for a manual install.
tar_root=build/tar-root/alprdesk
mkdir -p build/tar-root
cp -a "$bundle" "$tar_root"
install -D -m 644 resources/alprdesk.desktop "$tar_root/share/applications/alprdesk.desktop"
install -D -m 644 resources/alprdesk.svg "$tar_root/share/icons/hicolor/scalable/apps/alprdesk.svg"
install -D -m 644 resources/alprdesk-256.png \
    "$tar_root/share/icons/hicolor/256x256/apps/alprdesk.png"
tar --create --gzip --file "$tarball" --directory build/tar-root \
    --sort=name --owner=0 --group=0 --numeric-owner alprdesk

# The .deb. The hicolor icon theme and the desktop entry folder have dpkg
# triggers (gtk-update-icon-cache, desktop-file-utils), so no maintainer scripts.
root=build/deb-root
mkdir -p "$root/opt" "$root/usr/bin" "$root/DEBIAN"
cp -a "$bundle" "$root/opt/alprdesk"
ln -s /opt/alprdesk/alprdesk "$root/usr/bin/alprdesk"
install -D -m 644 resources/alprdesk.desktop "$root/usr/share/applications/alprdesk.desktop"
install -D -m 644 resources/alprdesk.svg \
    "$root/usr/share/icons/hicolor/scalable/apps/alprdesk.svg"
install -D -m 644 resources/alprdesk-256.png \
    "$root/usr/share/icons/hicolor/256x256/apps/alprdesk.png"
install -D -m 644 packaging/linux/copyright "$root/usr/share/doc/alprdesk/copyright"
find "$root" -type d -exec chmod 755 {} +

installed_kb=$(du -sk --apparent-size "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<EOF
Package: alprdesk
Version: $version
Architecture: $deb_arch
Maintainer: $DEB_MAINTAINER
Installed-Size: $installed_kb
Depends: $depends
Suggests: gnome-keyring
Section: utils
Priority: optional
Description: search and review licence-plate reads on a Rekor Scout server
 ALPR Desk is a desktop application for investigators and analysts who
 search and visually review licence-plate reads held on a Rekor Scout
 (formerly OpenALPR) web server. For every read it shows the plate crop
 cut from the agent's full frame. API keys are kept in the desktop's
 Secret Service keyring (GNOME Keyring or KWallet).
 .
 The package contains a self-contained Python and Qt runtime in
 /opt/alprdesk. The command "alprdesk --self-test" checks an installation.
EOF
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null

echo "Built in $((SECONDS - started)) s:"
for artifact in "$tarball" "$deb"; do
    printf '  %s  %s MB\n' "$artifact" "$(stat -c %s "$artifact" | awk '{printf "%.1f", $1 / 1e6}')"
done
