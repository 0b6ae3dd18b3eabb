"""coopdesk.gui.accounts: see coopdesk/gui/README.md."""
