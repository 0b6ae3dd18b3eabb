; Inno Setup 6 script: the Windows installer around the onedir bundle.
; Untested on these machines (no Windows): .github/workflows/windows.yml builds
; and runs it on a hosted Windows runner. See docs/packaging.md.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\coopdesk.iss
;   -> dist\coopdesk-0.1.0-setup.exe
;
; What it installs (per user by default, no administrator needed; the user may
; choose "for all users" in the first dialog):
;   {app}\coopdesk.exe       the desktop app, windowed (no console window)
;   {app}\coopdesk-cli.exe   the command line (a console program)
;   {app}\_internal\         Python, Qt and the libraries
;   Start menu: coopdesk, and "coopdesk (línea de órdenes)" opening a console there
; Data: the app keeps the cooperative's book, its backups and log in
; %LOCALAPPDATA%\coopdesk (platformdirs) and its settings in HKCU\Software\coopdesk;
; this installer never writes there and the uninstaller never deletes them.
; Upgrade in place: the same AppId finds the installed version, the new files
; replace the old ones (the old _internal is removed first, so no stale library
; stays), and the app itself copies a book aside before migrating its schema
; (coopdesk.sqlite.bak-<revision>-<date>) the first time the new version opens it.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (scripts read it from coopdesk/__init__.py)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\coopdesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; Never change AppId: it is how an upgrade finds the installed coopdesk.
AppId={{6F2C9A41-3B7D-4E58-9C1A-8D4E2B7F0A63}
AppName=coopdesk
AppVersion={#AppVersion}
AppVerName=coopdesk {#AppVersion}
AppPublisher=coopdesk
VersionInfoVersion={#AppVersion}
VersionInfoDescription=coopdesk {#AppVersion}
DefaultDirName={autopf}\coopdesk
DefaultGroupName=coopdesk
DisableProgramGroupPage=yes
DisableDirPage=auto
UsePreviousAppDir=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=coopdesk-{#AppVersion}-setup
SetupIconFile=..\icons\coopdesk.ico
UninstallDisplayIcon={app}\coopdesk.exe
UninstallDisplayName=coopdesk {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; close a running coopdesk before replacing its files (Restart Manager)
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
es.OpenApp=Abrir coopdesk
en.OpenApp=Open coopdesk
es.CommandLine=coopdesk (línea de órdenes)
en.CommandLine=coopdesk (command line)
es.DataKept=Se desinstaló coopdesk. Los datos de su cooperativa, sus respaldos y su configuración se conservan en:%n%n%1%n%nSi vuelve a instalar coopdesk, los encontrará como los dejó. Para borrarlos, elimine esa carpeta.
en.DataKept=coopdesk was uninstalled. Your cooperative's data, its backups and your settings are kept in:%n%n%1%n%nIf you install coopdesk again, you will find them as you left them. To delete them, remove that folder.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; upgrade in place: the previous version's libraries never mix with this one's
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\coopdesk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\coopdesk-cli.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\icons\coopdesk.ico"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\CHANGELOG.md"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\coopdesk"; Filename: "{app}\coopdesk.exe"; WorkingDir: "{userdocs}"; IconFilename: "{app}\coopdesk.ico"
Name: "{autoprograms}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k ""{app}\coopdesk-cli.exe"" --help"; WorkingDir: "{userdocs}"; IconFilename: "{app}\coopdesk.ico"
Name: "{autodesktop}\coopdesk"; Filename: "{app}\coopdesk.exe"; WorkingDir: "{userdocs}"; IconFilename: "{app}\coopdesk.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\coopdesk.exe"; Description: "{cm:OpenApp}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; only what the program folder may hold besides the installed files (Python's caches); never the user's data
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\coopdesk');
    if DirExists(DataDir) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir]), mbInformation, MB_OK);
  end;
end;
