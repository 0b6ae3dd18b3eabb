"""What Qt's own Spanish translation (qtbase_es) leaves in English or in Spain's
Spanish: the file dialogs' «&Look in:» and «Files of &type:» (qtbase_es has them
only without the «&»), and «fichero» where Peru says «archivo». A translator
installed after qtbase_es answers these few; everything else falls through to it."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from coopdesk.i18n import N_, _

# (Qt's context, Qt's English text) → our Spanish
GAPS = {
    ("QFileDialog", "&Look in:"): N_("&Buscar en:"),
    ("QFileDialog", "Look in:"): N_("Buscar en:"),
    ("QFileDialog", "Files of &type:"): N_("&Tipo de archivo:"),
    ("QFileDialog", "Files of type:"): N_("Tipo de archivo:"),
    ("QFileDialog", "File &name:"): N_("&Nombre del archivo:"),
    ("QFileDialog", "Folder &name:"): N_("&Nombre de la carpeta:"),
    ("QFileDialog", "All Files (*)"): N_("Todos los archivos (*)"),
    ("QAbstractFileIconProvider", "Folder"): N_("Carpeta"),
    ("QFileIconProvider", "Folder"): N_("Carpeta"),
}


class QtGaps(QTranslator):
    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        text = GAPS.get((context, source))
        return _(text) if text is not None else None  # None: a null QString, so Qt asks qtbase_es

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
