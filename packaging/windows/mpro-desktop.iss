; Inno Setup 6 script of the Windows installer (issue 14; README "Building installers").
; Compiled by `python tools/build_bundle.py --installer`, which passes the values below
; from the build (the version comes from pyproject.toml through the installed metadata):
;   iscc /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0.0 /DSourceDir=dist\mpro-desktop
;        /DIconFile=build\icons\mpro-desktop.ico /Odist packaging\windows\mpro-desktop.iss
; Reference: https://jrsoftware.org/ishelp/
;
; Installs per user by default (no administrator needed; {autopf} is then
; %LOCALAPPDATA%\Programs), or for all users when Setup is run elevated or the user
; picks it in the dialog. The user's data (%LOCALAPPDATA%\MPRO\mpro-desktop: caches,
; logs, the demo portal) is not removed on uninstall: it holds changes not yet sent.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (tools/build_bundle.py --installer does)
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\mpro-desktop"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\mpro-desktop.ico"
#endif
#define AppName "MPRO Desktop"
#define AppExe "mpro-desktop.exe"

[Setup]
; The AppId identifies the program to Windows across versions (upgrades, uninstall):
; never change it. ({{ is a literal brace.)
AppId={{6A0C6F4E-2B7D-4C1E-9B36-5D2F4E8A9C71}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=MPRO
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductVersion={#AppNumericVersion}
VersionInfoDescription={#AppName} Setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputBaseFilename=mpro-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Setup closes a running MPRO Desktop before replacing its files.
CloseApplications=yes

[Languages]
; Swedish.isl is not among Inno Setup's bundled languages; add it here once it is
; installed next to the compiler (Languages\Unofficial in the Inno Setup sources).
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder bundle: mpro-desktop.exe, mpro-server.exe,
; mpro-sim.exe and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Fleet manager for light commercial vans"
Name: "{group}\{#AppName} (demo)"; Filename: "{app}\{#AppExe}"; Parameters: "--demo"; Comment: "Embedded portal and simulated vans"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

