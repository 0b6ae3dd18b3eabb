"""coopdesk.gui.admin: see coopdesk/gui/README.md."""
