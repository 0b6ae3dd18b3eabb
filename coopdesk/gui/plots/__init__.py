"""Parcelas: the plots on an offline map, their status for the EU file, and the lots."""
