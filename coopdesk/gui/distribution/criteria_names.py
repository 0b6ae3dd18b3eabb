"""The names the criteria forms write into the criteria for what they add (a pot, an
appropriation, a prima with its pot and its fund).

The criteria are the Spanish document of record the General Assembly approves and
the members read in their liquidaciones: what the forms write into it is Spanish
whatever the language of the screens. The forms' labels and help are translated;
these names are not (so they are not marked for gettext)."""

NEW_POT = "Nuevo fondo"
NEW_APPROPRIATION = "Nueva apropiación"
PRIMA = "Prima de Comercio Justo"
PRIMA_FUND = "Plan de la Prima"
PRIMA_POT = "Prima por kilo"
