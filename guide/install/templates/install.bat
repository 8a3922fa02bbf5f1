@echo off
rem Install Dalil @VERSION@ from this folder, without any network (Windows).
rem Double-click this file, or run it in a terminal; options go to install.py, for
rem example: install.bat --prefix D:\Dalil   (install.bat --help lists them).
rem This file only finds a Python @PYTHONS@ and runs install.py, the same installer
rem that Linux and macOS use; if there is none and the extras folder holds python.org's
rem installer, it installs Python for this user first.
setlocal
set "HERE=%~dp0"
set "PY="
call :find
if not defined PY call :python_from_extras
if not defined PY (
    echo ERROR: no Python among @PYTHONS@ found; install one ^(see docs\install.md^).
    set "RESULT=1"
    goto :end
)
%PY% "%HERE%install.py" %*
set "RESULT=%ERRORLEVEL%"
if not "%RESULT%"=="0" echo Installation failed ^(see the messages above^).
:end
rem Keep the window open when started by a double-click.
echo %CMDCMDLINE% | find /i "%~0" >nul && pause
exit /b %RESULT%

:find
for %%V in (@PYTHONS_NEWEST_FIRST@) do call :try py -%%V
for %%D in (@PYTHON_FOLDERS@) do call :try "%LOCALAPPDATA%\Programs\Python\%%D\python.exe"
for %%D in (@PYTHON_FOLDERS@) do call :try "%ProgramFiles%\%%D\python.exe"
call :try python
call :try python3
goto :eof

:try
if defined PY goto :eof
%* "%HERE%install.py" --check-python >nul 2>&1 && set "PY=%*"
goto :eof

:python_from_extras
for %%F in ("%HERE%extras\python-3*-amd64.exe") do (
    echo No Python found: installing %%~nxF from the bundle, for this user only...
    "%%~fF" /passive InstallAllUsers=0 Include_launcher=1 Include_test=0
    call :find
    goto :eof
)
goto :eof
