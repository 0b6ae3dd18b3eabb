"""coopdesk.gui.registers: the registry of buyers and suppliers and the registers of
sales (PLE 14.1) and purchases (8.1); see coopdesk/gui/README.md."""
