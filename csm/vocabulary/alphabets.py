"""The letters beyond ASCII that each European language writes, as data: which decoding of a legacy file (Windows-1252
or Windows-1250) reads as words of one language (csm.textfile).

Each line: a language code, then its letters (lower case; upper case is matched through lower case).
"""

TABLE = """
de: äöüß
fr: àâæçéèêëîïôœùûüÿ
es: áéíñóúü
pt: áâãàçéêíóôõú
it: àèéìòù
nl: éëïóáèöü
ca: àçéèíïòóúü
da: æøåé
no: æøåéó
sv: åäöé
fi: åäö
is: áðéíóúýþæö
cs: áčďéěíňóřšťúůýž
sk: áäčďéíĺľňóôŕšťúýž
pl: ąćęłńóśźż
hu: áéíóöőúüű
sl: čšž
hr: čćđšž
ro: ăâîşţșț
"""

ALPHABETS: dict[str, frozenset[str]] = {
    code.strip(): frozenset(letters.strip())
    for code, letters in (line.split(":") for line in TABLE.strip().splitlines())
}
