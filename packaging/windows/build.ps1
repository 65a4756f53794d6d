# Build ALPR Desk for Windows: the PyInstaller bundle, its self-test, and the
# Inno Setup installer dist\alprdesk-VERSION-windows-x64-setup.exe.
#
# NOT YET BUILT OR TESTED: no Windows machine has run this script. Check every
# step on a Windows build machine before the first release.
#
# Needs: 64-bit Python 3.11 or newer, and Inno Setup 6 (ISCC.exe).
# Usage, from any folder:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Python py] [-Iscc PATH]
# Signing: set ALPRDESK_SIGN_THUMBPRINT (certificate in the user's store) and
# ALPRDESK_TIMESTAMP_URL (the certificate authority's RFC 3161 timestamp server)
# to sign alprdesk.exe with signtool.exe before the installer is made.
param(
    [string]$Python = "py",
    [string]$Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
    [int]$MaxBundleMB = 250
)
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

# A separate virtual environment with only the app and PyInstaller.
& $Python -m venv build\venv-windows
if ($LASTEXITCODE -ne 0) { throw "Creating build\venv-windows failed" }
$venvPython = "build\venv-windows\Scripts\python.exe"
& $venvPython -m pip install --quiet --disable-pip-version-check -e ".[package]"
if ($LASTEXITCODE -ne 0) { throw "Installing the package extra failed" }
$version = & $venvPython -c "import alprdesk; print(alprdesk.__version__)"

Remove-Item -Recurse -Force build\bundle -ErrorAction SilentlyContinue
& $venvPython -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath build\bundle --workpath build\pyinstaller packaging\alprdesk.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }
$exe = "build\bundle\alprdesk\alprdesk.exe"

# The bundle is a windowed app with no console, so the self-test's lines are
# read from a redirected standard output.
$selfTest = Start-Process -FilePath $exe -ArgumentList "--self-test" -Wait -PassThru `
    -NoNewWindow -RedirectStandardOutput build\self-test.txt
Get-Content build\self-test.txt
if ($selfTest.ExitCode -ne 0) { throw "The self-test failed with exit status $($selfTest.ExitCode)" }

$bytes = (Get-ChildItem build\bundle\alprdesk -Recurse -File | Measure-Object Length -Sum).Sum
$sizeMB = [math]::Round($bytes / 1e6, 1)
Write-Output "Bundle size: $sizeMB MB unpacked"
if ($sizeMB -gt $MaxBundleMB) { throw "The bundle is $sizeMB MB, over the $MaxBundleMB MB limit" }

if ($env:ALPRDESK_SIGN_THUMBPRINT) {
    signtool.exe sign /sha1 $env:ALPRDESK_SIGN_THUMBPRINT /fd sha256 `
        /tr $env:ALPRDESK_TIMESTAMP_URL /td sha256 $exe
    if ($LASTEXITCODE -ne 0) { throw "Signing $exe failed" }
}

& $Iscc "/DAppVersion=$version" packaging\windows\alprdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Output "Built dist\alprdesk-$version-windows-x64-setup.exe"
