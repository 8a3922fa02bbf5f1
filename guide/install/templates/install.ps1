# Install Dalil @VERSION@ from this folder, without any network (Windows).
#
#   powershell -ExecutionPolicy Bypass -File install.ps1 [-Prefix DIR] [-Python PYTHON] [-NoShortcut]
#   (or double-click install.bat)
#
# 1. checks every file of this folder against SHA256SUMS (a damaged copy is refused);
# 2. finds Python @PYTHONS@ on this machine (the "py" launcher, then python.exe);
# 3. creates a virtual environment in DIR (default: %LOCALAPPDATA%\Programs\Dalil) and installs Dalil
#    into it from the wheels folder only (--no-index: no registry is ever asked);
# 4. writes the launcher DIR\dalil.bat and a Start menu entry, and checks the installed guide.
param(
    [string]$Prefix = (Join-Path $env:LOCALAPPDATA "Programs\Dalil"),
    [string]$Python = "",
    [switch]$NoShortcut
)
$ErrorActionPreference = "Stop"

$Version = "@VERSION@"
$Pythons = "@PYTHONS@".Split(" ")
$PipWheel = "@PIP_WHEEL@"
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path

function Fail([string]$Message) {
    Write-Host "ERROR: $Message" -ForegroundColor Red
    exit 1
}

# -- 1. a Python this bundle has wheels for ---------------------------------------------------
function Get-PythonVersion([string[]]$Command) {
    try {
        $exe = $Command[0]
        $rest = @()
        if ($Command.Length -gt 1) { $rest = $Command[1..($Command.Length - 1)] }
        $out = & $exe @rest -c "import sys; print('%d.%d' % sys.version_info[:2])" 2>$null
        if ($LASTEXITCODE -eq 0) { return ("" + $out).Trim() }
    } catch { }
    return ""
}

function Find-Python {
    $candidates = @()
    foreach ($v in ($Pythons | Sort-Object -Descending)) {
        $candidates += ,@("py", "-$v")
        # Where python.org's installer puts it, also when it is not on PATH (yet).
        $folder = "Python" + $v.Replace(".", "")
        $candidates += ,@((Join-Path $env:LOCALAPPDATA "Programs\Python\$folder\python.exe"))
        $candidates += ,@((Join-Path $env:ProgramFiles "$folder\python.exe"))
    }
    $candidates += ,@("python")
    $candidates += ,@("python3")
    foreach ($candidate in $candidates) {
        $found = Get-PythonVersion $candidate
        if ($found -ne "" -and $Pythons -contains $found) { return ,$candidate }
    }
    return $null
}

$PyCommand = $null
if ($Python -ne "") {
    $found = Get-PythonVersion @($Python)
    if ($found -eq "") { Fail "$Python does not run" }
    if ($Pythons -notcontains $found) { Fail "$Python is Python $found; this bundle needs one of: $Pythons" }
    $PyCommand = @($Python)
} else {
    $PyCommand = Find-Python
    if ($null -eq $PyCommand) {
        # The person who built the bundle may have added Python's installer (dalil bundle --include).
        $installer = Get-ChildItem -LiteralPath (Join-Path $Here "extras") -Filter "python-3*-amd64.exe" -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($null -ne $installer) {
            Write-Host "No Python found: installing $($installer.Name) from the bundle, for this user only..."
            $process = Start-Process -FilePath $installer.FullName -ArgumentList "/passive", "InstallAllUsers=0", "Include_launcher=1", "Include_test=0" -Wait -PassThru
            if ($process.ExitCode -ne 0) { Fail "the Python installer stopped (exit code $($process.ExitCode))" }
            $PyCommand = Find-Python
        }
    }
    if ($null -eq $PyCommand) { Fail "no Python among $Pythons found; install one (see docs\install.md)" }
}
Write-Host "Using $($PyCommand -join ' ') (Python $(Get-PythonVersion $PyCommand))"

# -- 2. the copy is complete and undamaged -----------------------------------------------------
Write-Host "Checking the bundle (SHA256SUMS)..."
$Sums = Join-Path $Here "SHA256SUMS"
if (-not (Test-Path $Sums)) { Fail "SHA256SUMS is missing: copy the whole bundle folder again" }
$bad = 0
foreach ($line in Get-Content -LiteralPath $Sums) {
    if ($line.Trim() -eq "") { continue }
    $digest, $name = $line -split "  ", 2
    $file = Join-Path $Here ($name -replace "/", "\")
    if (-not (Test-Path -LiteralPath $file)) { Write-Host "$name`: MISSING"; $bad++; continue }
    $actual = (Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash.ToLower()
    if ($actual -ne $digest.ToLower()) { Write-Host "$name`: FAILED"; $bad++ }
}
if ($bad -gt 0) { Fail "$bad file(s) are damaged or missing: copy the bundle again" }

# -- 3. a fresh virtual environment, filled from the wheels folder only ------------------------
$Venv = Join-Path $Prefix "venv-$Version"
New-Item -ItemType Directory -Force -Path $Prefix | Out-Null
if (Test-Path -LiteralPath $Venv) { Remove-Item -Recurse -Force -LiteralPath $Venv }
Write-Host "Creating $Venv..."
$exe = $PyCommand[0]
$rest = @()
if ($PyCommand.Length -gt 1) { $rest = $PyCommand[1..($PyCommand.Length - 1)] }
& $exe @rest -m venv --without-pip $Venv
if ($LASTEXITCODE -ne 0) { Fail "could not create a virtual environment" }
$VenvPython = Join-Path $Venv "Scripts\python.exe"
Write-Host "Installing Dalil $Version (offline)..."
# PIP_CONFIG_FILE=nul and --isolated: no pip.ini or PIP_* variable on this machine may add an
# index or another folder of wheels.
$env:PIP_CONFIG_FILE = "nul"
$Wheels = Join-Path $Here "wheels"
& $VenvPython (Join-Path $Wheels "$PipWheel\pip") --isolated install --no-index --find-links $Wheels --no-cache-dir --disable-pip-version-check --quiet "dalil==$Version"
if ($LASTEXITCODE -ne 0) {
    Remove-Item -Recurse -Force -LiteralPath $Venv -ErrorAction SilentlyContinue
    $built = (Get-Content -Raw -LiteralPath (Join-Path $Here "bundle.json") | ConvertFrom-Json).platforms -join ", "
    Fail "installation failed. This bundle was built for: $built"
}

# -- 4. launcher and checks --------------------------------------------------------------------
$Launcher = Join-Path $Prefix "dalil.bat"
$DalilExe = Join-Path $Venv "Scripts\dalil.exe"
$launcherText = @(
    "@echo off",
    "rem Start Dalil (installed from the offline bundle, version $Version).",
    "rem UTF-8 in the console, so Arabic and French text shows as written.",
    "chcp 65001 >nul",
    "set PYTHONUTF8=1",
    "`"$DalilExe`" %*"
)
# UTF-8 without a byte-order mark (cmd would read one as part of "@echo off"); cmd reads the
# lines after "chcp 65001" as UTF-8, so a user name with accents in the path still works.
[System.IO.File]::WriteAllLines($Launcher, [string[]]$launcherText, (New-Object System.Text.UTF8Encoding $false))
Get-ChildItem -LiteralPath $Prefix -Directory -Filter "venv-*" | Where-Object { $_.FullName -ne $Venv } | Remove-Item -Recurse -Force -ErrorAction SilentlyContinue

& $DalilExe --version
if ($LASTEXITCODE -ne 0) { Fail "Dalil does not start" }
# An update of the guide installed earlier is checked again with this Dalil version.
& $DalilExe update-guide --revalidate
if ($LASTEXITCODE -ne 0) { Write-Host "WARNING: the installed guide update was not kept in use (see above)." }
& $DalilExe validate | Out-Null
if ($LASTEXITCODE -ne 0) { Fail "the guide does not load: run '$Launcher validate' to see why" }
# A Start menu entry that opens Dalil in Windows Terminal where it is installed.
if (-not $NoShortcut) {
    try {
        $shell = New-Object -ComObject WScript.Shell
        $entry = $shell.CreateShortcut((Join-Path ([Environment]::GetFolderPath("Programs")) "Dalil.lnk"))
        $terminal = Get-Command wt.exe -ErrorAction SilentlyContinue
        if ($null -ne $terminal) {
            $entry.TargetPath = $terminal.Source
            $entry.Arguments = "`"$Launcher`""
        } else {
            $entry.TargetPath = $Launcher
        }
        $entry.WorkingDirectory = $Prefix
        $entry.Description = "Dalil $Version"
        $entry.Save()
        Write-Host "Start menu entry: Dalil"
    } catch {
        Write-Host "WARNING: no Start menu entry was made ($_)"
    }
}
Write-Host ""
Write-Host "Dalil $Version is installed. Start it with:"
Write-Host "    $Launcher"
Write-Host "(Windows Terminal is recommended; see docs\install.md.)"
exit 0
