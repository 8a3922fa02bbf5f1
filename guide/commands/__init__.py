"""One module per command (group); see guide.cli.COMMAND_MODULES."""
