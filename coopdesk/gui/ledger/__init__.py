"""coopdesk.gui.ledger: see coopdesk/gui/README.md."""
