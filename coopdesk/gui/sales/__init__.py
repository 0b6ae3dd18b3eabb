"""coopdesk.gui.sales: see coopdesk/gui/README.md."""
