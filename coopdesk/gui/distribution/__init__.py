"""coopdesk.gui.distribution: see coopdesk/gui/README.md."""
