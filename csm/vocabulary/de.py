"""German headers, as DATEV, lexoffice, sevDesk, Billomat, FastBill, Zendesk/Freshdesk (German UI) and home-made
sheets write them. Format: csm/vocabulary/__init__.py."""

TABLE = """
customer_id: Kundennummer | Kunden-Nr. | Kundennr | Kunden-ID | Kunde | Kundenkennung | Debitor | Debitorennummer
customer_id: Debitoren-Nr. | Mitgliedsnummer | Mitglieds-Nr. | Mitglied | Kundenkonto? | Firma?? | Kunde E-Mail?
start_date: Beginn | Startdatum | Vertragsbeginn | Abobeginn | Abonnementbeginn | Laufzeitbeginn | Leistungsbeginn
start_date: Beginndatum | gültig ab | aktiviert am | Aktivierungsdatum | Start am | Vertragsstart | Abschlussdatum?
end_date: Ende | Enddatum | Vertragsende | Laufzeitende | Aboende | Abonnementende | Leistungsende | gültig bis
end_date: storniert am?? | beendet am | Ablaufdatum | Kündigung zum | gekündigt zum | Vertragsende zum | Kündigungsdatum? | gekündigt am?
mrr: Monatsbeitrag | Monatsbetrag | monatlicher Betrag | monatlicher Beitrag | Monatsgebühr | monatliche Gebühr
mrr: Monatspreis | Monatsumsatz | monatlicher Umsatz | monatlich wiederkehrender Umsatz | Grundgebühr? | Beitrag pro Monat
amount: Betrag | Gesamtbetrag | Bruttobetrag | Nettobetrag | Rechnungsbetrag | Zahlbetrag | Endbetrag | Umsatz
amount: Brutto | Netto | Preis | Summe? | Gesamt? | Gesamtsumme? | Betrag brutto | Betrag netto | Beitrag? | Wert??
billing_period: Abrechnungszeitraum | Abrechnungsintervall | Zahlungsintervall | Zahlweise | Zahlungsweise?
billing_period: Abrechnungsrhythmus | Zahlungsrhythmus | Intervall | Turnus | Abrechnungsperiode | Periode?
billing_count: Intervallanzahl | Anzahl Abrechnungsperioden | Anzahl der Abrechnungsintervalle
signup_date: Anmeldedatum | Registrierungsdatum | registriert am | angemeldet am | Kunde seit | Mitglied seit
signup_date: Eintrittsdatum | Beitrittsdatum | Erstellt am? | Erstelldatum? | angelegt am? | Neukunde seit
churn_date: Kündigungsdatum | gekündigt am | Kündigung | Austrittsdatum | Austritt | ausgetreten am | Abwanderungsdatum
churn_date: abgewandert am | verloren am | Enddatum? | Kündigung zum? | Konto geschlossen
paid_date: Zahlungsbeginn | erste Zahlung | Datum der ersten Zahlung | Upgrade-Datum | zahlend seit | Konvertierungsdatum
paid_date: zahlender Kunde seit | bezahlt seit
onboarding_start: Onboarding-Beginn | Onboarding-Start | Kickoff | Einführungsbeginn | Start Onboarding
onboarding_complete: Onboarding abgeschlossen | Onboarding-Ende | Go-Live | Livegang | Einführung abgeschlossen
onboarding_complete: Produktivstart | live seit
plan: Tarif | Paket | Produkt | Tarifname | Produktname | Abo-Modell | Abomodell | Abo | Abonnement? | Artikel?
plan: Leistung? | Artikelbezeichnung? | Tarifstufe | Lizenz?
segment: Segment | Kundensegment | Kundengruppe | Branche? | Region? | Land? | Kundenkategorie? | Unternehmensgröße?
owner: Betreuer | Kundenbetreuer | Kundenberater | Berater | Verantwortlich | Vertriebsmitarbeiter | Zuständig?
owner: Account-Manager | Key Account Manager | Außendienst?
name: Name | Firma | Firmenname | Kundenname | Unternehmen | Organisation | Name des Kunden | Kunde Name
date: Datum | Tag | Monat? | Woche? | Zeitraum? | Periode?
recurring: wiederkehrend | wiederkehrende Zahlung | Abozahlung | regelmäßig | Dauerauftrag?
transaction_id: Rechnungsnummer | Rechnungs-Nr. | Belegnummer | Beleg-Nr. | Belegfeld 1 | Buchungsnummer
transaction_id: Transaktions-ID | Bestellnummer | Auftragsnummer | Zahlungs-ID | Vorgangsnummer? | Rechnung | Beleg?
score: Bewertung | Punktzahl | Punkte | Note | Zufriedenheit | Weiterempfehlung | NPS-Wert | Empfehlungswert
score: Wahrscheinlichkeit der Weiterempfehlung | Zufriedenheitswert | Sterne
survey_type: Umfrage | Umfragetyp | Umfrageart | Art der Umfrage | Fragebogen | Befragung
comment: Kommentar | Kommentare | Anmerkung | Anmerkungen | Begründung | Freitext | Bemerkung | Bemerkungen
comment: Rückmeldung | Notiz? | Grund?
created_at: erstellt | erstellt am | Erstelldatum | eröffnet am | Eingang | Eingangsdatum | angelegt am | gemeldet am
created_at: Erstellungsdatum | Anfragedatum | Datum?
resolved_at: gelöst am | geschlossen am | erledigt am | Lösungsdatum | Abschlussdatum | geschlossen | gelöst | erledigt
resolved_at: Schließungsdatum | Erledigungsdatum
first_contact_resolved: beim ersten Kontakt gelöst | Erstlösung | Erstkontaktlösung | im ersten Kontakt gelöst
contacts: Anzahl Antworten | Antworten | Kontakte | Anzahl Kontakte | Interaktionen | Anzahl Interaktionen
agent: Bearbeiter | Sachbearbeiter | Agent | zugewiesen an | zugewiesen | Mitarbeiter? | Zuständig?
ticket_id: Ticketnummer | Ticket-Nr. | Ticket-ID | Ticket | Vorgang | Vorgangsnummer | Fallnummer | Fall | Anfrage-Nr.
user_id: Benutzer | Benutzer-ID | Benutzername | Nutzer | Nutzer-ID | Anwender | Nutzerkennung
feature: Funktion | Modul | Aktion | Ereignis | Ereignisname | Ereignistyp | Seite?
minutes: Minuten | Dauer | Nutzungsdauer | Sitzungsdauer | Dauer in Minuten | Zeit in Minuten | Nutzungszeit
category: Kategorie | Kostenart | Kostenstelle | Ausgabenkategorie | Abteilung | Aufwandsart
visitors: Besucher | Besuche | Sitzungen | Seitenaufrufe? | Nutzer? | eindeutige Besucher
conversions: Konversionen | Conversions | Anmeldungen | Registrierungen | Abschlüsse | Bestellungen | Neukunden?
conversions: Käufe
type: Typ | Art | Chancentyp | Verkaufschancentyp | Geschäftsart? | Art der Verkaufschance
subscription_id: Abonnement-ID | Abo-ID | Abonummer | Abo-Nr. | Vertragsnummer | Vertrags-Nr. | Vertrag
# fields on the way (issue 11): harmless before they exist
reason: Kündigungsgrund | Grund der Kündigung | Abwanderungsgrund | Austrittsgrund
satisfaction: Zufriedenheit | Kundenzufriedenheit | Zufriedenheitsbewertung
first_response_at: erste Antwort | erste Antwort am | Zeitpunkt der ersten Antwort | Erstreaktion am
first_response_minutes: Erstreaktionszeit | Zeit bis zur ersten Antwort | erste Antwortzeit | Reaktionszeit
churned: gekündigt | abgewandert | ausgetreten | Kündigung?
tenure: Kundendauer | Monate als Kunde | Vertragsdauer in Monaten | Bestandsdauer | Laufzeit in Monaten
monthly_charge: Monatliche Kosten | Monatliche Gebühren | Monatliche Zahlung | Monatsrechnung
total_charges: Gesamtkosten | Gesamtbetrag bisher | Bisher gezahlt | Summe der Zahlungen | Gesamtumsatz Kunde

transactions/date: Rechnungsdatum | Belegdatum | Zahlungsdatum | Zahldatum | Bestelldatum | Buchungsdatum
transactions/date: bezahlt am | Datum der Zahlung | Leistungsdatum? | Zahlungseingang | Kaufdatum
surveys/date: Antwortdatum | beantwortet am | abgeschickt am | Umfragedatum | Zeitstempel
usage/date: Nutzungsdatum | Ereignisdatum | Zeitstempel | Login-Datum | Anmeldung am?
costs/date: Ausgabedatum | Belegdatum | Buchungsdatum
costs/amount: Kosten | Ausgabe | Ausgaben | Aufwand | Betrag Soll
costs/category: Sachkonto? | Konto?
opportunities/date: Abschlussdatum | erwarteter Abschluss | Gewonnen am
opportunities/amount: Volumen | Auftragswert | Chancenwert | Wert

[customers]: kunden | kundenliste | kundenstamm | mitglieder | debitoren | kundenstammdaten
[subscriptions]: abos | abonnements | abonnement | vertrage | vertrag | abo
[transactions]: rechnungen | rechnung | zahlungen | umsatze | belege | bestellungen | buchungen
[surveys]: umfrage | umfragen | befragung | bewertungen | feedback
[tickets]: tickets | anfragen | supportanfragen | vorgange
[usage]: nutzung | nutzungsdaten | aktivitat | ereignisse | logins
[costs]: kosten | ausgaben | aufwand
[funnel]: trichter | besucherzahlen
[opportunities]: verkaufschancen | chancen | pipeline

stopwords: der | die | das | des | dem | den | von | vom | zur | im | für | bei
parts: kunde | kunden | nummer | kennung | vertrag | beginn | ende | start | monat | beitrag | betrag | gebuhr | preis
parts: kundigung | datum | rechnung | beleg | zahlung | umsatz | summe | gesamt | brutto | netto | abo | abonnement
parts: laufzeit | leistung | abrechnung | intervall | rhythmus | zeitraum | periode | anmelde | registrierung | eintritt
parts: beitritt | austritt | abwanderung | erstell | eingang | lose | losung | schliessung | erledigung | bestell
parts: buchung | auftrag | vorgang | ticket | fall | benutzer | nutzer | nutzung | sitzung | dauer | ereignis | kosten
parts: ausgabe | ausgaben | kategorie | stelle | art | typ | name | firma | segment | gruppe | tarif | paket | produkt
parts: berater | betreuer | bearbeiter | antwort | antworten | kontakt | kontakte | umfrage | grund | zufriedenheit
parts: bewertung | punkt | punkte | zahl | wert | ablauf | aktivierung | konvertierung | transaktion | mitglied
parts: mitglieds | chance | chancen | verkauf | zeit | erst | kauf | debitor | debitoren | zufriedenheits
parts: reaktion | stempel | volumen | kunden | frage | bogen | login | seite | aufruf | aufrufe | modell | stufe
parts: lieferant | lieferanten | kreditor | kreditoren
words: nr=number | nummer=number | kd=kunde | kunden=kunde | kundennr=kundennummer | dat=datum | rg=rechnung | vertrage=vertrag
words: mitglieds=mitglied | zufriedenheits=zufriedenheit | vertrags=vertrag | rechnungs=rechnung | zahlungs=zahlung
words: monats=monat | kundigungs=kundigung | abrechnungs=abrechnung | buchungs=buchung | auftrags=auftrag
words: transaktions=transaktion | monatlich=monat | monatliche=monat | monatlicher=monat | monatlichen=monat
words: monatliches=monat
category: typ | art | status | kategorie | stufe
due: fallig | falligkeit | falligkeitsdatum | zahlungsziel
tickets/customer_id: Anfragender | Anfragende Person | Anfragesteller
agent: Zugewiesene Person | Zuständige Person | bearbeitet von
renewal: nachste | nachster | nachstes | aktuell | aktuelle | aktueller | laufende | laufenden | verlangerung | verlangert | fallig | falligkeit | probe | testphase
aggregate: saldo | offen | offener | offene | kumuliert | insgesamt | mwst | ust | steuer | umsatzsteuer
keywords/score: empfehl | weiterempfehl | zufrieden | bewert
keywords/comment: kommentar | anmerk | begrund | verbesser | besser | bemerk | warum
"""
