"""coopdesk.gui.start: see coopdesk/gui/README.md."""
