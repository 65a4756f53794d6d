"""Check a Linux bundle before it is packaged: its size and its system libraries.

Usage: check_bundle.py BUNDLE_DIR --max-mb 250 --depends "libc6 (>= 2.35), libfoo1 | libfoo1t64"
       check_bundle.py BUNDLE_DIR --glibc

Fails (exit status 1) when
- the bundle's unpacked size exceeds --max-mb megabytes (1 MB = 1,000,000 bytes,
  apparent file sizes, symbolic links counted by their own size);
- a library that a file in the bundle links to directly is found neither in the
  bundle nor on this machine;
- a library that a file in the bundle links to directly comes from a Debian
  package that --depends does not name (the first package of each alternative
  is the one checked, which is the Debian 12 name).

Prints the size and the packages linked. With --glibc it only prints the newest
GLIBC symbol version the bundle needs, which the build script puts into the
.deb's libc6 dependency.
Needs readelf and objdump (binutils), ldd and dpkg.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(?P<name>[^\]]+)\]")
LDD_LINE = re.compile(r"^\s*(?P<name>\S+) => (?P<path>not found|\S+)")
GLIBC_VERSION = re.compile(r"GLIBC_(\d+(?:\.\d+)+)")
# The dynamic loader is provided by libc6 and is listed by ldd without "=>".
LOADER_NAMES = ("ld-linux", "linux-vdso")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the PyInstaller one-folder bundle")
    parser.add_argument("--max-mb", type=float, help="size limit in MB")
    parser.add_argument("--depends", help="the .deb's Depends field, comma-separated")
    parser.add_argument(
        "--glibc", action="store_true", help="print only the newest GLIBC version needed"
    )
    args = parser.parse_args()
    bundle: Path = args.bundle.resolve()
    elf_files = find_elf_files(bundle)

    if args.glibc:
        print(newest_glibc(elf_files))
        return 0
    if args.max_mb is None or args.depends is None:
        parser.error("--max-mb and --depends are required unless --glibc is given")

    problems: list[str] = []
    size_mb = bundle_size(bundle) / 1_000_000
    print(f"Bundle size: {size_mb:.1f} MB unpacked ({len(elf_files)} ELF files)")
    if size_mb > args.max_mb:
        problems.append(
            f"the bundle is {size_mb:.1f} MB unpacked, over the {args.max_mb:.0f} MB limit; "
            "check which dependency grew (du -a build/bundle | sort -n)"
        )

    system_libraries, missing = system_dependencies(bundle, elf_files)
    for name, needing in sorted(missing.items()):
        problems.append(f"{name} not found, needed by {', '.join(sorted(needing)[:3])}")

    declared = declared_packages(args.depends)
    owners = package_owners(sorted(system_libraries))
    for library, users in sorted(system_libraries.items()):
        package = owners.get(library)
        if package is None:
            problems.append(f"{library} belongs to no Debian package; needed by {users[0]}")
        elif package not in declared:
            problems.append(
                f"{package} is not in the .deb's Depends; it provides {library}, "
                f"needed by {sorted(users)[0]}"
            )
    needed = {package for package in owners.values()}
    unused = sorted(declared - needed)
    print(f"System packages linked directly: {', '.join(sorted(needed))}")
    if unused:
        print(f"Declared but not linked directly (loaded at run time or kept): {', '.join(unused)}")

    for problem in problems:
        print(f"check_bundle: {problem}", file=sys.stderr)
    return 1 if problems else 0


def find_elf_files(bundle: Path) -> list[Path]:
    files: list[Path] = []
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) == ELF_MAGIC:
                files.append(path)
    return files


def bundle_size(bundle: Path) -> int:
    return sum(os.lstat(path).st_size for path in bundle.rglob("*"))


def system_dependencies(
    bundle: Path, elf_files: list[Path]
) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Return the system libraries that bundle files link to directly, and the missing ones.

    Libraries are resolved as at run time: the bootloader puts the bundle's
    _internal folder on LD_LIBRARY_PATH, and each file's RUNPATH applies.
    """
    environment = dict(os.environ, LD_LIBRARY_PATH=str(bundle / "_internal"))
    system: dict[str, list[str]] = defaultdict(list)
    missing: dict[str, set[str]] = defaultdict(set)
    for path in elf_files:
        needed = direct_needs(path)
        if not needed:
            continue
        user = str(path.relative_to(bundle))
        resolved = ldd(path, environment)
        for name in needed:
            location = resolved.get(name)
            if location is None or location == "not found":
                missing[name].add(user)
            elif not Path(location).resolve().is_relative_to(bundle):
                system[location].append(user)
    return dict(system), dict(missing)


def direct_needs(path: Path) -> list[str]:
    output = run(["readelf", "--dynamic", "--wide", str(path)])
    names = [match.group("name") for match in NEEDED.finditer(output)]
    return [name for name in names if not name.startswith(LOADER_NAMES)]


def ldd(path: Path, environment: dict[str, str]) -> dict[str, str]:
    resolved: dict[str, str] = {}
    for line in run(["ldd", str(path)], environment).splitlines():
        match = LDD_LINE.match(line)
        if match:
            resolved[match.group("name")] = match.group("path")
    return resolved


def package_owners(libraries: list[str]) -> dict[str, str]:
    """Map each library path to the Debian package that installed it."""
    owners: dict[str, str] = {}
    for library in libraries:
        for candidate in dpkg_paths(library):
            output = run(["dpkg", "--search", candidate])
            if output:
                package = output.split(":", 1)[0].strip()
                owners[library] = package.split(",")[0].strip()
                break
    return owners


def dpkg_paths(library: str) -> list[str]:
    """Return the paths under which dpkg may have recorded ``library``.

    On a merged-/usr system, /lib is a link to /usr/lib and a package records
    whichever of the two it ships.
    """
    path = Path(library)
    real = path.resolve()
    candidates = [str(path), str(real)]
    for item in (path, real):
        text = str(item)
        if text.startswith("/usr/lib/"):
            candidates.append(text.removeprefix("/usr"))
        elif text.startswith("/lib/"):
            candidates.append("/usr" + text)
    return list(dict.fromkeys(candidates))


def declared_packages(depends: str) -> set[str]:
    packages: set[str] = set()
    for relation in depends.split(","):
        first = relation.split("|")[0].strip()
        if first:
            packages.add(first.split("(")[0].split(":")[0].strip())
    return packages


def newest_glibc(elf_files: list[Path]) -> str:
    newest: tuple[int, ...] = (2, 17)
    for path in elf_files:
        output = run(["objdump", "--dynamic-syms", str(path)])
        for match in GLIBC_VERSION.finditer(output):
            version = tuple(int(part) for part in match.group(1).split("."))
            newest = max(newest, version)
    return ".".join(str(part) for part in newest)


def run(command: list[str], environment: dict[str, str] | None = None) -> str:
    """Return the standard output of a build tool found on PATH; empty if it failed."""
    result = subprocess.run(  # noqa: S603 - fixed tools, files of the bundle as arguments
        command, capture_output=True, text=True, env=environment, check=False
    )
    return result.stdout if result.returncode == 0 else ""


if __name__ == "__main__":
    sys.exit(main())
