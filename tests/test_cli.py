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


# -- `dalil COMMAND ...` builds the parser of that command alone (guide/cli.py)

COMMAND_ARGUMENTS = [
    ["validate", "indicators"],
    ["validate", "--format", "json", "x"],
    ["--lang", "fr", "validate", "x"],
    ["--guide", "validate", "validate"],  # the first `validate` is the folder
    ["test", "--time-limit", "0"],
    ["graph", "--format", "dot"],
    ["explain", "q1"],
    ["i18n", "status", "--strict"],
    ["sessions", "list"],
    ["--theme", "high-contrast", "simulate", "--answers", "a.yaml", "g"],
]


def test_each_command_name_is_the_one_its_module_registers():
    from guide.cli import COMMANDS, build_parser

    for name in COMMANDS:
        sub = build_parser(only=name)._subparsers._group_actions[0]
        assert list(sub.choices) == [name]
    assert list(build_parser()._subparsers._group_actions[0].choices) == list(COMMANDS)


@pytest.mark.parametrize("argv", COMMAND_ARGUMENTS)
def test_one_command_parser_reads_what_the_whole_parser_reads(argv):
    from guide.cli import _command_arguments, build_parser

    args = _command_arguments(argv)
    assert args is not None
    assert vars(args) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["--guide", "test"],  # the wizard, with a guide folder named like a command
        ["--guide", "test", "validate"],  # `test` is the folder: validate is the command
        ["validat", "x"],  # no command named: the whole parser says which exist
        ["--help", "validate"],  # the help before the command lists every command
        ["validate", "x", "--unknown"],  # the whole parser words the error
    ],
)
def test_whole_parser_reads_what_one_command_parser_cannot(argv):
    from guide.cli import _command_arguments

    assert _command_arguments(argv) is None


def test_wrong_command_word_still_lists_every_command(capsys):
    from guide.cli import COMMANDS

    with pytest.raises(SystemExit) as exit_:
        main(["--guide", "test", "valid"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert all(f"'{name}'" in err for name in COMMANDS)


def test_help_lists_every_command(capsys):
    from guide.cli import COMMANDS

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


@pytest.mark.parametrize("name", ["validate", "test", "i18n", "sessions", "graph"])
def test_command_help_is_the_same_from_either_parser(name, capsys):
    from guide.cli import build_parser

    with pytest.raises(SystemExit):
        main([name, "--help"])
    shown = capsys.readouterr().out
    whole = build_parser()._subparsers._group_actions[0].choices[name]
    assert shown == whole.format_help()


def test_a_command_imports_no_other_command_module():
    code = (
        "import sys\n"
        "from guide.cli import COMMANDS, _command_arguments\n"
        "assert _command_arguments(['validate', 'x']).command == 'validate'\n"
        "print(sorted(set(COMMANDS.values()) & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['guide.commands.validate']"


@pytest.mark.parametrize(
    "argv",
    [
        ["sessions"],
        ["i18n"],
        ["validate", "--format", "xml"],
        ["test", "--time-limit", "soon"],
        ["graph", "--format", "png"],
        ["simulate"],
        ["--lang", "fr", "sessions", "export"],
        ["i18n", "--help"],
    ],
)
def test_command_parser_errors_and_help_are_the_whole_parsers(argv, capsys, monkeypatch):
    """What a command's own parser prints and exits with is what the whole parser did."""
    import guide.cli

    def outcome():
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        return exit_.value.code, capsys.readouterr()

    alone = outcome()
    monkeypatch.setattr(guide.cli, "_command_arguments", lambda given: None)
    assert outcome() == alone
