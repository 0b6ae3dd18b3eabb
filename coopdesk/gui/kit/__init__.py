"""coopdesk.gui.kit: see coopdesk/gui/README.md."""
