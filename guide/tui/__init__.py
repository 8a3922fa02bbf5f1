"""The Textual screening wizard. Import guide.tui.app lazily: it pulls in Textual."""
