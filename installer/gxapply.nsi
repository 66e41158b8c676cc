; The Windows installer of gxapply: wraps the one-folder build (dist\gxapply\, made by build.spec)
; with a Start-menu entry, an uninstaller listed in 应用和功能 / 程序和功能, and the file
; associations that open 申报包 (.gxpkg) and 审核决定包 (.gxdec) with the program (a double
; click runs the matching import; app/gui/open_files.py), plus 「打开方式」 for application
; files (.json), which stay with whatever program opens them now.
;
; Build on Windows, after PyInstaller (see the README's Windows section):
;   makensis /DVERSION=0.1.0 /DDIST=..\dist\gxapply installer\gxapply.nsi
; VERSION is the program's (pyproject.toml, app/__init__.py); DIST the one-folder build; the
; installer is written to installer\gxapply-<VERSION>-安装程序.exe unless /DOUTFILE=... names
; it. tests/test_build.py compiles this script against the Linux one-folder build (the same
; folder, with gxapply in place of gxapply.exe) so that CI keeps it valid.
;
; Either for the current user (no administrator rights: %LOCALAPPDATA%\Programs\gxapply, HKCU)
; or for all users of the machine (Program Files, HKLM); the uninstaller removes what the
; install added, in the same place. It never removes the data (%LOCALAPPDATA%\gxapply): the
; applications, the keys and the backups stay for the next install.

Unicode true
!ifdef CHECK_ONLY  ; tests/test_build.py: the script is checked, the packing is not worth the time
  SetCompress off
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "缺少版本号：请用 /DVERSION=x.y.z 指定（见 pyproject.toml）"
!endif
!ifndef DIST
  !define DIST "..\dist\gxapply"
!endif
!ifndef OUTFILE
  !define OUTFILE "gxapply-${VERSION}-安装程序.exe"
!endif

!define APP_NAME "广西高新区创新政策申报助手"
!define APP_ID "gxapply"
!define APP_EXE "gxapply.exe"
!define PUBLISHER "gxapply"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define CLASSES "Software\Classes"
!define PROGID_PACKAGE "gxapply.SubmissionPackage"
!define PROGID_DECISION "gxapply.DecisionPackage"
!define PROGID_APPLICATION "gxapply.ApplicationFile"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
BrandingText "${APP_NAME} ${VERSION}"

; Per user or per machine (MultiUser.nsh): the page asks; /AllUsers or /CurrentUser on the
; command line chooses without asking (the uninstaller is started with the install's).
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODEPAGE
!define MULTIUSER_INSTALLMODE_INSTDIR "${APP_ID}"
!define MULTIUSER_USE_PROGRAMFILES64
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include x64.nsh

!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在启动${APP_NAME}"

!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; The build is 64-bit: its uninstall entry belongs in the 64-bit registry view, not WOW6432Node.
Function .onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

; --- install ---------------------------------------------------------------------------------

Section "程序文件（必需）" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  RMDir /r "$INSTDIR\_internal"  ; an upgrade: nothing of the old version's libraries stays
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" \
    '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

!macro ProgId PROGID DESCRIPTION
  WriteRegStr SHCTX "${CLASSES}\${PROGID}" "" "${DESCRIPTION}"
  WriteRegStr SHCTX "${CLASSES}\${PROGID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr SHCTX "${CLASSES}\${PROGID}\shell\open" "" "用${APP_NAME}导入(&O)"
  WriteRegStr SHCTX "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
!macroend

Section "双击申报包、审核决定包时用本程序导入" SecAssociations
  !insertmacro ProgId "${PROGID_PACKAGE}" "申报包（${APP_NAME}）"
  !insertmacro ProgId "${PROGID_DECISION}" "审核决定包（${APP_NAME}）"
  !insertmacro ProgId "${PROGID_APPLICATION}" "申报文件（${APP_NAME}）"
  WriteRegStr SHCTX "${CLASSES}\.gxpkg" "" "${PROGID_PACKAGE}"
  WriteRegStr SHCTX "${CLASSES}\.gxpkg\OpenWithProgids" "${PROGID_PACKAGE}" ""
  WriteRegStr SHCTX "${CLASSES}\.gxdec" "" "${PROGID_DECISION}"
  WriteRegStr SHCTX "${CLASSES}\.gxdec\OpenWithProgids" "${PROGID_DECISION}" ""
  ; .json: only offered under 打开方式, never made the default program
  WriteRegStr SHCTX "${CLASSES}\.json\OpenWithProgids" "${PROGID_APPLICATION}" ""
  WriteRegStr SHCTX "${CLASSES}\Applications\${APP_EXE}" "FriendlyAppName" "${APP_NAME}"
  WriteRegStr SHCTX "${CLASSES}\Applications\${APP_EXE}\SupportedTypes" ".gxpkg" ""
  WriteRegStr SHCTX "${CLASSES}\Applications\${APP_EXE}\SupportedTypes" ".gxdec" ""
  WriteRegStr SHCTX "${CLASSES}\Applications\${APP_EXE}\SupportedTypes" ".json" ""
  WriteRegStr SHCTX "${CLASSES}\Applications\${APP_EXE}\shell\open\command" "" \
    '"$INSTDIR\${APP_EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "程序本身、开始菜单中的快捷方式和卸载程序。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecAssociations} \
    "双击 .gxpkg、.gxdec 文件即用本程序导入；申报文件（.json）可在右键“打开方式”中选择本程序。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; --- uninstall -------------------------------------------------------------------------------

!macro RemoveDefault SUFFIX PROGID
  ; the ending's default program only if it is still this one (another may have taken it)
  ReadRegStr $0 SHCTX "${CLASSES}\${SUFFIX}" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue SHCTX "${CLASSES}\${SUFFIX}" ""
  ${EndIf}
  DeleteRegValue SHCTX "${CLASSES}\${SUFFIX}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty SHCTX "${CLASSES}\${SUFFIX}\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "${CLASSES}\${SUFFIX}"
!macroend

Section "Uninstall"
  !insertmacro RemoveDefault ".gxpkg" "${PROGID_PACKAGE}"
  !insertmacro RemoveDefault ".gxdec" "${PROGID_DECISION}"
  DeleteRegValue SHCTX "${CLASSES}\.json\OpenWithProgids" "${PROGID_APPLICATION}"
  DeleteRegKey SHCTX "${CLASSES}\${PROGID_PACKAGE}"
  DeleteRegKey SHCTX "${CLASSES}\${PROGID_DECISION}"
  DeleteRegKey SHCTX "${CLASSES}\${PROGID_APPLICATION}"
  DeleteRegKey SHCTX "${CLASSES}\Applications\${APP_EXE}"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  ; the program's folder only: the data (%LOCALAPPDATA%\gxapply) stays
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\gxapply-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
SectionEnd
