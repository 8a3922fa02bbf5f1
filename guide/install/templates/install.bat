@echo off
rem Install Dalil @VERSION@ from this folder, without any network (Windows).
rem Double-click this file, or run it from a terminal; options are passed to install.ps1
rem (for example: install.bat -Prefix D:\Dalil).
setlocal
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0install.ps1" %*
set RESULT=%ERRORLEVEL%
if not "%RESULT%"=="0" echo Installation failed (see the messages above).
rem Keep the window open when started by a double-click.
echo %CMDCMDLINE% | find /i "%~0" >nul && pause
exit /b %RESULT%
