"""coopdesk.gui.members: see coopdesk/gui/README.md."""
