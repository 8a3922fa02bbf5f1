"""Install Dalil @VERSION@ from this folder, without any network (Windows, Linux, macOS).

    python install.py [--prefix DIR] [--bin-dir DIR] [--no-path] [--no-shortcut]

install.bat (Windows) and install.sh (Linux, macOS) only find a Python @PYTHONS@ and run
this script; it does the same steps on every platform:

1. checks this Python and this computer against the bundle, then every file of this folder
   against SHA256SUMS (a damaged or incomplete copy is refused before anything is written);
2. creates a virtual environment in DIR and installs Dalil into it from the wheels folder
   only (--no-index; no pip configuration of this computer is used: no registry is asked);
3. writes the launcher (DIR/dalil.sh, or DIR\\dalil.bat on Windows), removes the environment
   of an older version, and checks that Dalil starts and its guide loads;
4. makes `dalil` a command: a link in ~/.local/bin (Linux, macOS; --bin-dir), or DIR added
   to the user's PATH and a Start menu entry (Windows); or prints exactly how.

The defaults for DIR: %LOCALAPPDATA%\\Programs\\Dalil (Windows), ~/.local/share/dalil-app
(elsewhere), or $DALIL_HOME when it is set.
"""

# Only the standard library, and syntax an old Python can parse (no f-strings), so that a
# Python this bundle has no wheels for is told so in a sentence instead of a traceback.
# ruff: noqa: UP031, SIM905
import argparse
import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys

VERSION = "@VERSION@"
PYTHONS = "@PYTHONS@".split()
PIP_WHEEL = "@PIP_WHEEL@"
HERE = os.path.dirname(os.path.abspath(__file__))
WINDOWS = os.name == "nt"
EXIT_UNSUPPORTED_PYTHON = 3


class Refused(Exception):
    """The installation cannot go on; the message says why and what to do."""


def say(text):
    print(text)
    sys.stdout.flush()


def python_version():
    return "%d.%d" % sys.version_info[:2]


def this_platform():
    """This computer under the bundle's platform names (see guide/install/bundle.py)."""
    machine = platform.machine().lower()
    arch = {"amd64": "x86_64", "x86_64": "x86_64", "arm64": "aarch64", "aarch64": "aarch64"}
    system = {"linux": "linux", "win32": "windows", "darwin": "macos"}.get(sys.platform)
    if system is None:
        system = sys.platform
    name = "%s-%s" % (system, arch.get(machine, machine))
    return "macos-arm64" if name == "macos-aarch64" else name


def default_prefix():
    if os.environ.get("DALIL_HOME"):
        return os.environ["DALIL_HOME"]
    if WINDOWS:
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
        return os.path.join(base, "Programs", "Dalil")
    return os.path.join(os.path.expanduser("~"), ".local", "share", "dalil-app")


# -- 1. checks before anything is written ----------------------------------------------------


def check_python():
    if python_version() not in PYTHONS:
        raise Refused(
            "%s is Python %s; this bundle needs one of: %s"
            % (sys.executable, python_version(), " ".join(PYTHONS))
        )


def check_platform(here):
    try:
        with open(os.path.join(here, "bundle.json"), encoding="utf-8") as stream:
            built_for = json.load(stream)["platforms"]
    except (OSError, ValueError, KeyError, TypeError):
        raise Refused(
            "bundle.json is missing or damaged: copy the whole bundle folder again"
        ) from None
    if not isinstance(built_for, list):
        raise Refused("bundle.json is damaged: copy the whole bundle folder again")
    machine = this_platform()
    if machine not in built_for:
        raise Refused(
            "this bundle was built for %s; this computer is %s. Build a bundle for it "
            "(dalil bundle --platform %s)." % (", ".join(map(str, built_for)), machine, machine)
        )


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_sums(here):
    """Every file listed in SHA256SUMS is present and whole; returns how many."""
    sums = os.path.join(here, "SHA256SUMS")
    try:
        with open(sums, encoding="ascii") as stream:
            lines = stream.read().splitlines()
    except (OSError, ValueError):
        raise Refused(
            "SHA256SUMS is missing or damaged: copy the whole bundle folder again"
        ) from None
    bad = []
    count = 0
    for line in lines:
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        parts = name.split("/")
        if not sep or len(digest) != 64 or not name or ".." in parts or name.startswith("/"):
            bad.append("SHA256SUMS: a line is damaged")
            continue
        path = os.path.join(here, *parts)
        if not os.path.isfile(path):
            bad.append("%s: missing" % name)
        elif sha256_of(path) != digest.lower():
            bad.append("%s: damaged" % name)
        count += 1
    if bad or not count:
        for problem in bad:
            print(problem, file=sys.stderr)
        raise Refused(
            "%d file(s) of the bundle are damaged or missing: copy the bundle again" % len(bad)
        )
    return count


# -- 2. the virtual environment, filled from the wheels folder only ---------------------------


def venv_python(venv):
    if WINDOWS:
        return os.path.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def venv_dalil(venv):
    if WINDOWS:
        return os.path.join(venv, "Scripts", "dalil.exe")
    return os.path.join(venv, "bin", "dalil")


def pip_environment():
    """This computer's environment without any pip setting: no index, no other wheels."""
    env = dict((k, v) for k, v in os.environ.items() if not k.upper().startswith("PIP_"))
    env["PIP_CONFIG_FILE"] = os.devnull
    return env


def install_into(venv, here):
    import venv as venv_module

    say("Creating %s..." % venv)
    if os.path.lexists(venv):
        shutil.rmtree(venv)
    try:
        # No pip inside: some Linux systems ship Python without ensurepip; pip runs from its
        # wheel in the bundle.
        venv_module.EnvBuilder(with_pip=False, symlinks=not WINDOWS).create(venv)
    except (OSError, subprocess.CalledProcessError) as error:
        raise Refused("could not create a virtual environment in %s (%s)" % (venv, error)) from None
    wheels = os.path.join(here, "wheels")
    say("Installing Dalil %s (offline)..." % VERSION)
    command = [
        venv_python(venv),
        os.path.join(wheels, PIP_WHEEL, "pip"),
        "--isolated",
        "install",
        "--no-index",
        "--find-links",
        wheels,
        "--no-cache-dir",
        "--disable-pip-version-check",
        "--quiet",
        "dalil==%s" % VERSION,
    ]
    if subprocess.call(command, env=pip_environment()) != 0:
        shutil.rmtree(venv, ignore_errors=True)
        raise Refused(
            "pip could not install Dalil from the bundle (see above); this computer is %s "
            "with Python %s" % (this_platform(), python_version())
        )


# -- 3. launcher and checks -------------------------------------------------------------------


def launcher_path(prefix, windows=WINDOWS):
    return os.path.join(prefix, "dalil.bat" if windows else "dalil.sh")


def launcher_text(dalil, windows=WINDOWS):
    """The launcher's content: it starts the environment's `dalil` with the arguments."""
    if windows:
        lines = [
            "@echo off",
            "rem Start Dalil (installed from the offline bundle, version %s)." % VERSION,
            "rem UTF-8 in the console, so Arabic and French text shows as written.",
            "chcp 65001 >nul",
            "set PYTHONUTF8=1",
            '"%s" %%*' % dalil.replace("%", "%%"),
        ]
        return "\r\n".join(lines) + "\r\n"
    lines = [
        "#!/bin/sh",
        "# Start Dalil (installed from the offline bundle, version %s)." % VERSION,
        'exec %s "$@"' % shlex.quote(dalil),
    ]
    return "\n".join(lines) + "\n"


def write_launcher(prefix, venv):
    path = launcher_path(prefix)
    # UTF-8 without a byte-order mark (cmd would read one as part of "@echo off"); cmd reads
    # the lines after "chcp 65001" as UTF-8, so a user name with accents still works.
    with open(path, "w", encoding="utf-8", newline="") as stream:
        stream.write(launcher_text(venv_dalil(venv)))
    if not WINDOWS:
        os.chmod(path, 0o755)
    return path


def remove_older_versions(prefix, venv):
    for name in os.listdir(prefix):
        path = os.path.join(prefix, name)
        if name.startswith("venv-") and path != venv and os.path.isdir(path):
            shutil.rmtree(path, ignore_errors=True)


def check_installed(command):
    if subprocess.call([*command, "--version"]) != 0:
        raise Refused("Dalil does not start")
    # An update of the guide installed earlier is checked again with this Dalil version.
    if subprocess.call([*command, "update-guide", "--revalidate"]) != 0:
        print(
            "WARNING: the installed guide update was not kept in use (see above).",
            file=sys.stderr,
        )
    with open(os.devnull, "w") as quiet:
        if subprocess.call([*command, "validate"], stdout=quiet) != 0:
            raise Refused(
                "the guide does not load: run '%s validate' to see why" % " ".join(command)
            )


# -- 4. `dalil` as a command ------------------------------------------------------------------


def same_folder(a, b, windows=WINDOWS):
    import ntpath
    import posixpath

    paths = ntpath if windows else posixpath

    def norm(path):
        return paths.normcase(paths.normpath(path.strip().strip('"')))

    return norm(a) == norm(b)


def path_with(folder, current, separator=os.pathsep):
    """The PATH value `current` with `folder` at its end; None when it is there already.
    A ";" separator means Windows rules: case and a trailing backslash do not matter."""
    windows = separator == ";"
    entries = [entry for entry in current.split(separator) if entry.strip()]
    if any(same_folder(entry, folder, windows) for entry in entries):
        return None
    return separator.join([*entries, folder])


def link_command(launcher, bin_dir):
    """Linux, macOS: link the launcher as bin_dir/dalil; returns the command to type."""
    link = os.path.join(bin_dir, "dalil")
    try:
        os.makedirs(bin_dir, exist_ok=True)
        if os.path.lexists(link) and not os.path.islink(link):
            print("NOTE: %s exists and is not Dalil's link; it was left alone." % link)
            return launcher
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(launcher, link)
    except OSError as error:
        print("NOTE: could not link %s (%s)." % (link, error))
        return launcher
    return link


def add_to_user_path(folder):  # pragma: no cover - Windows only
    """Windows: add folder to the user's PATH (HKCU\\Environment); True when added."""
    import ctypes
    import winreg

    access = winreg.KEY_READ | winreg.KEY_WRITE
    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment", 0, access) as key:
        try:
            current, kind = winreg.QueryValueEx(key, "Path")
        except FileNotFoundError:
            current, kind = "", winreg.REG_EXPAND_SZ
        if kind not in (winreg.REG_SZ, winreg.REG_EXPAND_SZ):
            return False
        new = path_with(folder, current, ";")
        if new is None:
            return False
        winreg.SetValueEx(key, "Path", 0, kind, new)
    # Tell Explorer, so that terminals opened from now on see the new PATH.
    result = ctypes.c_ulong()
    ctypes.windll.user32.SendMessageTimeoutW(
        0xFFFF, 0x001A, 0, "Environment", 0x0002, 5000, ctypes.byref(result)
    )
    return True


def start_menu_entry(launcher):  # pragma: no cover - Windows only
    """Windows: a Start menu entry "Dalil" (in Windows Terminal when it is installed)."""
    script = (
        "$s = New-Object -ComObject WScript.Shell;"
        "$e = $s.CreateShortcut((Join-Path ([Environment]::GetFolderPath('Programs')) "
        "'Dalil.lnk'));"
        "$wt = Get-Command wt.exe -ErrorAction SilentlyContinue;"
        "if ($wt) { $e.TargetPath = $wt.Source; $e.Arguments = '\"' + $env:DALIL_LAUNCHER + '\"' }"
        " else { $e.TargetPath = $env:DALIL_LAUNCHER };"
        "$e.WorkingDirectory = $env:USERPROFILE;"
        "$e.Description = 'Dalil';"
        "$e.Save()"
    )
    env = dict(os.environ, DALIL_LAUNCHER=launcher)
    command = ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]
    try:
        return subprocess.call(command, env=env) == 0
    except OSError:
        return False


def make_command(launcher, prefix, options):
    say("")
    say("Dalil %s is installed. Documentation: %s" % (VERSION, os.path.join(HERE, "docs")))
    if WINDOWS:  # pragma: no cover - Windows only
        if not options.no_shortcut:
            if start_menu_entry(launcher):
                say("Start menu entry: Dalil")
            else:
                say("WARNING: no Start menu entry was made.")
        added = False
        if not options.no_path:
            try:
                added = add_to_user_path(prefix)
            except OSError as error:
                say("NOTE: could not add %s to your PATH (%s)." % (prefix, error))
        on_path = any(same_folder(entry, prefix) for entry in os.environ.get("PATH", "").split(";"))
        if added or on_path:
            say("Start it with (in a new Windows Terminal window):")
            say("    dalil")
        else:
            say("Start it with:")
            say("    %s" % launcher)
        say("(Windows Terminal is recommended; see docs\\install.md.)")
        return
    command = link_command(launcher, options.bin_dir) if not options.no_path else launcher
    say("Start it with:")
    on_path = any(
        same_folder(entry, options.bin_dir) for entry in os.environ.get("PATH", "").split(":")
    )
    if command != launcher and on_path:
        say("    dalil")
        return
    say("    %s" % command)
    if command != launcher:
        say(
            "To type just 'dalil', add %s to your PATH once, then open a new terminal:"
            % options.bin_dir
        )
        say("    echo 'export PATH=\"%s:$PATH\"' >> ~/.profile" % options.bin_dir)


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="install",
        description="Install Dalil %s from this folder, without any network." % VERSION,
    )
    parser.add_argument("--prefix", metavar="DIR", default=None, help="install folder")
    parser.add_argument(
        "--bin-dir",
        metavar="DIR",
        default=os.path.join(os.path.expanduser("~"), ".local", "bin"),
        help="where the `dalil` link goes (Linux, macOS; default: ~/.local/bin)",
    )
    parser.add_argument(
        "--no-path",
        action="store_true",
        help="do not link `dalil` (Linux, macOS) or change the user's PATH (Windows)",
    )
    parser.add_argument("--no-shortcut", action="store_true", help="no Start menu entry (Windows)")
    # install.sh and install.bat ask each Python they find: exit 0 when it will do.
    parser.add_argument("--check-python", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None):
    options = parse(sys.argv[1:] if argv is None else argv)
    if options.check_python:
        return 0 if python_version() in PYTHONS else EXIT_UNSUPPORTED_PYTHON
    prefix = os.path.abspath(options.prefix or default_prefix())
    try:
        check_python()
        say("Using %s (Python %s)" % (sys.executable, python_version()))
        check_platform(HERE)
        say("Checking the bundle (SHA256SUMS)...")
        check_sums(HERE)
        os.makedirs(prefix, exist_ok=True)
        venv = os.path.join(prefix, "venv-%s" % VERSION)
        install_into(venv, HERE)
        launcher = write_launcher(prefix, venv)
        remove_older_versions(prefix, venv)
        check_installed([launcher] if not WINDOWS else [venv_dalil(venv)])
        make_command(launcher, prefix, options)
    except Refused as error:
        print("ERROR: %s" % error, file=sys.stderr)
        return 1
    except OSError as error:
        print("ERROR: %s" % error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Interrupted: run the installer again.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
