; Inno Setup 6 script for the ALPR Desk installer on Windows 10 and 11 (x64).
;
; NOT YET BUILT OR TESTED: no Windows machine has run this script. Check every
; step on a Windows build machine before the first release.
;
; packaging\windows\build.ps1 builds the PyInstaller bundle in build\bundle\alprdesk
; and then runs: ISCC.exe /DAppVersion=VERSION packaging\windows\alprdesk.iss
; The installer is written to dist\alprdesk-VERSION-windows-x64-setup.exe.
; Paths below are relative to this file's folder.

#ifndef AppVersion
  #error Pass the version: ISCC.exe /DAppVersion=0.1.0 alprdesk.iss
#endif

[Setup]
; The AppId identifies the installed app for upgrades and uninstall; never change it.
AppId={{61F55743-0E08-412A-9AE5-7C3F933E723B}
AppName=ALPR Desk
AppVersion={#AppVersion}
AppVerName=ALPR Desk {#AppVersion}
AppPublisher=ALPR Desk
DefaultDirName={autopf}\ALPR Desk
DefaultGroupName=ALPR Desk
DisableProgramGroupPage=yes
; Administrators install for all users; others may install for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=commandline dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=alprdesk-{#AppVersion}-windows-x64-setup
UninstallDisplayIcon={app}\alprdesk.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Signing: define a sign tool in the Inno Setup IDE or on the command line
; (ISCC.exe /Ssigntool="signtool.exe sign /sha1 THUMBPRINT /fd sha256 /tr TIMESTAMP_URL /td sha256 $f")
; and uncomment the next line.
; SignTool=signtool

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\build\bundle\alprdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\ALPR Desk"; Filename: "{app}\alprdesk.exe"
Name: "{autodesktop}\ALPR Desk"; Filename: "{app}\alprdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\alprdesk.exe"; Description: "{cm:LaunchProgram,ALPR Desk}"; Flags: nowait postinstall skipifsilent
