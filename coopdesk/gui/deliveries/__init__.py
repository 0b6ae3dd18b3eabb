"""coopdesk.gui.deliveries: see coopdesk/gui/README.md."""
