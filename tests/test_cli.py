import subprocess
import sys

from guide.cli import main


def test_help_lists_program(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    assert "dalil" in capsys.readouterr().out


def test_python_dash_m_runs():
    out = subprocess.run(
        [sys.executable, "-m", "guide", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("dalil ")


def test_closed_pipe_gives_no_traceback():
    # `dalil graph | head -1`: the reader goes away early
    proc = subprocess.Popen([sys.executable, "-m", "guide", "explain", "immediate_danger"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait()
    assert "Traceback" not in err
