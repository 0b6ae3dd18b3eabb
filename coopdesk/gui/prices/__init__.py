"""coopdesk.gui.prices: see coopdesk/gui/README.md."""
