import subprocess
import sys

import pytest

from guide.cli import main


def test_help_lists_program(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "dalil" in capsys.readouterr().out


def test_python_dash_m_runs():
    out = subprocess.run(
        [sys.executable, "-m", "guide", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("dalil ")


def test_closed_pipe_gives_no_traceback(tmp_path):
    # `dalil validate | head -1`: the reader goes away while there is more than a pipe's
    # buffer (64 KiB) still to write
    guide = tmp_path / "g.yaml"
    guide.write_text("".join(f"unknown_{n}: 1\n" for n in range(2000)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "guide", "validate", str(guide)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 141
    assert "Traceback" not in err
