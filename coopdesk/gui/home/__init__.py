"""coopdesk.gui.home: see coopdesk/gui/README.md."""
