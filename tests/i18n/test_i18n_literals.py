"""No user-visible text bypasses gettext: a scan of the package for string literals given to
the places a person reads (print, input, stderr, argparse help, toasts, widgets, prompts).

A literal is user-visible when it holds a word (two letters or more) and is not inside a
gettext call (`_`, `ngettext`, `pgettext`, `npgettext`, `N_`). The allow-list below names each
exception with the reason it is not translated.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "guide"

GETTEXT = {"_", "gettext", "ngettext", "pgettext", "npgettext", "N_"}
# Calls whose positional arguments a person reads.
SINKS = {
    "print",
    "input",
    "_fail",
    "fail",
    "notify",
    "say",
    "ask",
    "ArgumentTypeError",
    "error",
    "exit",
    "SystemExit",
    "write",
    # Textual widgets and their updates
    "Static",
    "Label",
    "Button",
    "BidiText",
    "update",
}
# Keyword arguments a person reads, whatever the call.
VISIBLE_KEYWORDS = {"help", "description", "epilog", "title", "prompt", "placeholder", "label"}
WORD = re.compile(r"[A-Za-z]{2,}")
# A catalog context or a key ("verdict.{id}.title"): looked up, not shown.
CONTEXT_ID = re.compile(r"^[A-Za-z_]*(\.[A-Za-z_]*)+$")
# A problem code given to an exception: one lowercase word or snake_case.
CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")

# (file relative to guide/, function) -> why the literal is not translated.
ALLOWED: dict[tuple[str, str], str] = {
    ("cli.py", "build_parser"): "the version line `dalil X.Y.Z` is a name and a number",
    ("commands/i18n.py", "_fail"): "the prefix `dalil i18n:` names the program",
    ("commands/wizard.py", "run_wizard"): "the prefix `dalil:` names the program",
    ("commands/scenarios.py", "run"): "PASS and FAIL are test-runner words that scripts grep",
    ("commands/bundle.py", "*"): "the offline-bundle builder runs on the IT machine with a "
    "package registry, before any officer; its words are kept in English",
    ("tui/screens/start.py", "compose"): "the first screen, before a language is chosen, "
    "names Dalil and 'Language' in every language at once",
    ("i18n/extract.py", "*"): "a Babel extractor: it writes to pybabel's English log",
    ("commands/scenarios.py", "_search_lines"): "NOT CHECKED and BROKEN are test-runner words "
    "that scripts grep, like PASS and FAIL",
    ("trainer/watch.py", "format_diff"): "FAIL is the test-runner word that scripts grep",
    ("trainer/watch.py", "format_run"): "FAIL is the test-runner word that scripts grep",
    ("sessions/heads.py", "encode"): "a ValueError for a caller's mistake (a head larger "
    "than its slot), never met by a reader",
    ("sessions/store.py", "append"): "a ValueError for a caller's mistake (an event without "
    "a kind), never met by a reader",
    ("sessions/store.py", "_read_fd"): "an OSError(EFBIG): the reader sees it worded by "
    "guide.sessions.errors.os_reason ('the file is too large'), not this text",
    ("trainer/invariants.py", "answers_yaml"): "'answers:' is the YAML key that 'dalil simulate "
    "--answers' reads back, not a sentence",
    ("commands/new_scenario.py", "scenario_yaml"): "a scenario for the guide's YAML sources, "
    "which are written in the source language (English) like every id and key around it",
    ("install/templates/install.py", "*"): "the bundle's installer runs on a bare Python "
    "before Dalil (and its catalogs) is installed; its words are kept in English, like the "
    "bundle builder's",
}
# The trainers' and translators' tools build their output as lists of lines and raise their
# errors as exceptions that the command prints: in these files a literal appended or extended
# to a list, given to `out`, or given to an exception that is raised is user-visible too.
# (Elsewhere in the package such literals are ids, markup classes or logged internals.)
LINE_BUILDERS: dict[str, str] = {
    "commands/explain_cmd.py": "dalil explain",
    "commands/scenarios.py": "dalil test",
    "trainer/watch.py": "dalil validate --watch",
    "trainer/coverage.py": "dalil test --coverage",
    "trainer/explain.py": "dalil simulate",
    "trainer/invariants.py": "dalil test (invariant failures)",
    "i18n/workflow.py": "dalil i18n extract/update/init/compile",
    "install/guide_check.py": "dalil update-guide (the checks that refuse an update)",
    "i18n/checks.py": "dalil i18n status (what is wrong with a translation)",
    "commands/new_scenario.py": "dalil new-scenario",
    "i18n/status.py": "dalil i18n status",
}
LINE_SINKS = {"append", "extend", "out"}
# Packages whose raised messages a person reads (the commands print them as they are).
RAISED_MESSAGES: dict[str, str] = {
    # guide.paths reads it at every start, beneath the catalogs: it raises codes only
    # (UnusableJson), which guide_store words.
    "install/active.py": "dalil update-guide --status/--rollback (a damaged active.json)",
    "install/guide_store.py": "dalil update-guide --rollback",
    "install/safe_zip.py": "dalil update-guide (a refused archive)",
    "install/signing.py": "dalil update-guide --new-key/--trust-key/--key",
    "install/update_archive.py": "dalil update-guide --build/--install",
    # A damaged interview's reason is shown inside the store's message (sessions list, export,
    # accept, the wizard): LazyText, translated when shown.
    "sessions/journal.py": "dalil sessions list (a damaged journal)",
    "sessions/store.py": "dalil sessions list, the wizard (a damaged journal or store)",
    "sessions/heads.py": "dalil sessions list (a damaged head file)",
    "sessions/passphrase.py": "dalil sessions --passphrase-file, the wizard's passphrase",
    "sessions/errors.py": "every message of the session store",
}

# Areas another engineer is rewriting today; their texts go through gettext once they land
# (see the report of issue 17). Each must shrink to nothing.
PENDING: dict[str, str] = {}


def _is_gettext(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name) and func.id in GETTEXT:
        return True
    # _("...").format(...) and ngettext(...).format(...)
    return isinstance(func, ast.Attribute) and func.attr == "format" and _is_gettext(func.value)


def _words(node: ast.AST) -> list[str]:
    """The literal texts with words under `node`, not looking inside gettext calls."""
    if _is_gettext(node):
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
        return [text] if WORD.search(text) and not CONTEXT_ID.match(text) else []
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        text = "".join(str(p) for p in parts)
        found = [text] if WORD.search(text) and not CONTEXT_ID.match(text) else []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                found += _words(value.value)
        return found
    if isinstance(node, ast.Subscript):
        return _words(node.value)  # data["title"]: a key, not a text
    if isinstance(node, ast.Dict):
        return [text for value in node.values if value is not None for text in _words(value)]
    if isinstance(node, ast.Call):
        # What a call returns is not a literal of this line, except a join or a format of
        # literals: "x".join(...), "a {b}".format(...).
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("join", "format"):
            found = _words(func.value)
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                found += _words(arg)
            return found
        return []
    found = []
    for child in ast.iter_child_nodes(node):
        found += _words(child)
    return found


def _name(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _violations(path: Path) -> list[tuple[str, int, str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = path.relative_to(PACKAGE).as_posix()
    found = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        texts: list[str] = []
        builder = relative in LINE_BUILDERS
        raises = builder or relative in RAISED_MESSAGES
        if raises and isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                # A code given to an exception (`PassphraseRefused("file_empty")`) is worded
                # by the exception's message, not shown as it is.
                texts += [text for text in _words(arg) if not CODE.match(text)]
        if isinstance(node, ast.Call):
            if _name(node.func) in SINKS or (builder and _name(node.func) in LINE_SINKS):
                for arg in node.args:
                    if isinstance(arg, ast.Tuple):
                        # (kind, text) rows: the kind is a code ("placeholder", "missing")
                        texts += [text for text in _words(arg) if not CODE.match(text)]
                    else:
                        texts += _words(arg)
            for keyword in node.keywords:
                if keyword.arg in VISIBLE_KEYWORDS:
                    texts += _words(keyword.value)
        if texts:
            allowed = (relative, function) in ALLOWED or (relative, "*") in ALLOWED
            for text in texts:
                if not allowed and relative not in PENDING:
                    found.append((relative, node.lineno, function, text))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_no_user_visible_literal_bypasses_gettext():
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        problems += _violations(path)
    listing = "\n".join(f"guide/{f}:{line} in {fn}(): {text!r}" for f, line, fn, text in problems)
    assert not problems, "wrap these in _() (or justify them in ALLOWED):\n" + listing


def test_every_exception_is_still_needed():
    """An allow-list entry that no longer excuses anything is removed, so the list stays
    short and true."""
    files = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")}
    for name in PENDING:
        assert name in files, name
    for name, _function in ALLOWED:
        assert name in files, name
    for name in [*LINE_BUILDERS, *RAISED_MESSAGES]:
        assert name in files, name


def test_the_scan_finds_a_bare_literal(tmp_path):
    """The scan itself: a bare message is found, a translated one is not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sys\n"
        "def run(path):\n"
        "    print(f'Cannot read {path}', file=sys.stderr)\n"
        "    print(_('Cannot read {path}').format(path=path))\n"
        "    p.add_argument('--x', help='the x option')\n"
        "    p.add_argument('--y', help=_('the y option'))\n"
        "    print(f'{path}: {path}')\n"
        "    print(json.dumps({'sessions': []}), data['title'])\n"
        "    print(', '.join(['left out', 'kept']))\n",
        encoding="utf-8",
    )
    global PACKAGE
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        texts = [text for _f, _l, _fn, text in _violations(sample)]
    finally:
        PACKAGE = saved
    assert texts == ["Cannot read ", "the x option", "left out", "kept"]


def test_the_scan_finds_lines_built_and_errors_raised_in_the_tools(tmp_path):
    """In a tool that builds its output as lines, an appended line and a raised message
    count; elsewhere they are ids and internals."""
    global PACKAGE
    source = (
        "def explain(x):\n"
        "    out = [f'question {x}']\n"
        "    out.append('  asked when: always')\n"
        "    out.append(_('  asked when: {x}').format(x=x))\n"
        "    lines.extend(['read by', x])\n"
        "    if not x:\n"
        "        raise WorkflowError(f'no template {x}')\n"
        "    raise WorkflowError(_('no template {x}').format(x=x))\n"
    )
    (tmp_path / "trainer").mkdir()
    (tmp_path / "trainer" / "watch.py").write_text(source, encoding="utf-8")
    (tmp_path / "other.py").write_text(source, encoding="utf-8")
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        in_tool = [text for _f, _l, _fn, text in _violations(tmp_path / "trainer" / "watch.py")]
        elsewhere = [text for _f, _l, _fn, text in _violations(tmp_path / "other.py")]
    finally:
        PACKAGE = saved
    assert in_tool == ["  asked when: always", "read by", "no template "]
    assert elsewhere == []


def test_the_scan_finds_a_bare_reason_for_a_damaged_interview(tmp_path):
    """A reason raised in English in the session store is found; a LazyText one and a
    problem code are not (the exception words those when it is shown)."""
    global PACKAGE
    (tmp_path / "sessions").mkdir()
    sample = tmp_path / "sessions" / "journal.py"
    sample.write_text(
        "def split(data, sid):\n"
        "    if not data:\n"
        "        raise DamagedSession(sid, 'the file is cut short in its header.')\n"
        "    if data[0]:\n"
        "        raise DamagedSession(sid, lazy(N_('its header is damaged.')))\n"
        "    raise PassphraseRefused('file_empty', path=sid)\n",
        encoding="utf-8",
    )
    saved, PACKAGE = PACKAGE, tmp_path
    try:
        texts = [text for _f, _l, _fn, text in _violations(sample)]
    finally:
        PACKAGE = saved
    assert texts == ["the file is cut short in its header."]


# Where the system's own words for an OSError (its English `strerror`, or safe_files'
# English sentences) may still be read; everywhere else a refusal is worded by
# guide.i18n.oserrors.os_reason, in the reader's language.
SYSTEM_WORDS_ALLOWED: dict[str, str] = {
    "safe_files.py": "describe_os_error itself: the fallback os_reason uses for an errno the "
    "catalog does not name",
    "i18n/oserrors.py": "os_reason: the catalog's words, the system's as the fallback",
    "i18n/catalogs.py": "a catalog that cannot be read is reported before any catalog is "
    "loaded (i18's module, kept free of the catalogs it loads)",
}


def _system_words(path: Path) -> list[tuple[int, str]]:
    """`.strerror` read, or `describe_os_error(...)` called, in `path`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "strerror":
            found.append((node.lineno, ".strerror"))
        if isinstance(node, ast.Call) and _name(node.func) == "describe_os_error":
            found.append((node.lineno, "describe_os_error()"))
    return found


def test_a_refusal_of_the_system_is_worded_by_the_catalog():
    """'No space left on device' inside a French or Arabic sentence is the one English
    phrase in it: the system's refusals go through guide.i18n.oserrors.os_reason."""
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in SYSTEM_WORDS_ALLOWED:
            continue
        problems += [f"guide/{relative}:{line}: {what}" for line, what in _system_words(path)]
    assert not problems, "use translated(os_reason(error)) instead:\n" + "\n".join(problems)
    for name in SYSTEM_WORDS_ALLOWED:
        assert (PACKAGE / name).is_file(), name


def test_the_system_words_scan_finds_strerror(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f(exc):\n"
        "    print(_('cannot: {p}').format(p=exc.strerror))\n"
        "    print(_('cannot: {p}').format(p=describe_os_error(exc)))\n"
        "    print(_('cannot: {p}').format(p=translated(os_reason(exc))))\n",
        encoding="utf-8",
    )
    assert _system_words(sample) == [(2, ".strerror"), (3, "describe_os_error()")]
