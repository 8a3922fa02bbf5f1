"""One module per command (group); see guide.cli.COMMANDS."""
