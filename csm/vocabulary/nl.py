"""Dutch headers, as Moneybird, Exact Online, e-Boekhouden, Twinfield, SnelStart, Zendesk (Dutch UI) and home-made
sheets write them. Format: csm/vocabulary/__init__.py."""

TABLE = """
customer_id: Klantnummer | Klant-nr. | Klantnr | Klant | Klant-ID | Klantcode | Debiteurnummer | Debiteur
customer_id: Relatienummer | Relatie | Relatiecode | Lidnummer | Lid | Contact?
start_date: Startdatum | Begindatum | Ingangsdatum | Begin | Startdatum abonnement | Ingangsdatum contract
start_date: Geactiveerd op | Actief vanaf | Vanaf | Startdatum contract
end_date: Einddatum | Eind | Einde | Einddatum abonnement | Einddatum contract | Verloopdatum | Verloopt op
end_date: Geannuleerd op?? | Beëindigd op | Tot | Opzegdatum? | Opgezegd op? | Opgezegd per | Actief tot
mrr: Maandbedrag | Maandprijs | Maandelijks bedrag | Abonnementsprijs per maand | Maandomzet | Maandelijkse omzet
mrr: Bedrag per maand | Maandtermijn | Maandelijkse kosten? | Maandelijks terugkerende omzet
amount: Bedrag | Totaal | Totaalbedrag | Bedrag incl. btw | Bedrag excl. btw | Totaal incl. btw | Totaal excl. btw
amount: Termijnbedrag | Contributie? | Factuurbedrag | Omzet | Prijs | Betaald bedrag | Netto bedrag | Bruto bedrag | Subtotaal?? | Waarde??
billing_period: Factuurperiode | Facturatieperiode | Frequentie | Factuurfrequentie | Facturatiefrequentie
billing_period: Interval | Periode? | Termijn? | Facturatie-interval
billing_count: Aantal perioden | Aantal factuurintervallen | Aantal factuurperioden
signup_date: Aanmelddatum | Registratiedatum | Aangemeld op | Klant sinds | Lid sinds | Inschrijfdatum
signup_date: Aangemaakt op? | Aanmaakdatum? | Aangemaakt?
churn_date: Opzegdatum | Opgezegd op | Datum opzegging | Opzegging | Vertrekdatum | Churndatum | Uitschrijfdatum
churn_date: Account gesloten | Einddatum?
paid_date: Eerste betaling | Datum eerste betaling | Conversiedatum | Betalend sinds | Betalende klant sinds
onboarding_start: Start onboarding | Begin onboarding | Kick-off | Onboarding gestart
onboarding_complete: Onboarding afgerond | Einde onboarding | Livegang | Go-live | Live sinds | Implementatie afgerond
plan: Pakket | Product | Plan | Abonnementsvorm | Productnaam | Tarief | Abonnement?
segment: Segment | Branche? | Sector? | Regio? | Land? | Klantgroep | Bedrijfsgrootte?
owner: Accountmanager | Eigenaar | Verantwoordelijke | Verkoper | Adviseur | Klantbeheerder | Relatiebeheerder
name: Naam | Bedrijfsnaam | Bedrijf | Klantnaam | Organisatie | Relatienaam
date: Datum | Dag | Maand? | Week? | Periode?
recurring: Terugkerend | Periodiek | Herhalend | Terugkerende betaling
transaction_id: Factuurnummer | Factuurnr | Factuur | Boekstuknummer | Boekstuk | Ordernummer | Bestelnummer
transaction_id: Transactie-ID | Transactienummer | Betalingskenmerk | Referentie? | Kenmerk?
score: Cijfer | Beoordeling | Waardering | Tevredenheid | Rapportcijfer | Aanbevelingsscore
survey_type: Enquête | Type enquête | Vragenlijst | Onderzoek
comment: Opmerking | Opmerkingen | Toelichting | Commentaar | Waarom | Reden?
created_at: Aangemaakt | Aangemaakt op | Aanmaakdatum | Geopend op | Datum geopend | Ontvangen op | Gemeld op
resolved_at: Opgelost | Opgelost op | Gesloten | Gesloten op | Datum opgelost | Afgehandeld op | Afsluitdatum
first_contact_resolved: Opgelost bij eerste contact | Eerste contact oplossing
contacts: Aantal reacties | Reacties | Aantal contacten | Contactmomenten | Interacties
agent: Medewerker | Behandelaar | Toegewezen aan | Behandeld door
ticket_id: Ticketnummer | Ticket-ID | Zaaknummer | Melding | Meldingsnummer | Verzoek | Zaak
user_id: Gebruiker | Gebruikers-ID | Gebruikersnaam | Gebruiker-ID
feature: Functie | Module | Actie | Gebeurtenis | Pagina?
minutes: Minuten | Duur | Gebruiksduur | Sessieduur | Tijd in minuten
category: Categorie | Kostensoort | Kostenplaats | Grootboekrekening? | Afdeling | Soort kosten | Kostencategorie
visitors: Bezoekers | Sessies | Bezoeken | Verkeer | Unieke bezoekers | Gebruikers?
conversions: Conversies | Aanmeldingen | Registraties | Proefperiodes | Bestellingen | Verkopen | Nieuwe klanten?
type: Soort | Type kans | Soort verkoopkans
subscription_id: Abonnementsnummer | Abonnement-ID | Abonnementnummer | Contractnummer | Contract
# fields on the way (issue 11): harmless before they exist
reason: Reden opzegging | Opzegreden | Reden van opzegging | Vertrekreden
satisfaction: Tevredenheid | Klanttevredenheid
first_response_at: Eerste reactie | Eerste reactie op | Datum eerste reactie
first_response_minutes: Eerste reactietijd | Reactietijd | Tijd tot eerste reactie
churned: Opgezegd | Vertrokken
tenure: Klantduur | Maanden klant | Looptijd in maanden
monthly_charge: Maandelijkse kosten | Maandelijkse betaling | Maandfactuur
total_charges: Totale kosten | Totaal gefactureerd | Totaal betaald | Totaal betaald bedrag

transactions/date: Factuurdatum | Betaaldatum | Datum betaling | Orderdatum | Besteldatum | Boekdatum
transactions/date: Boekingsdatum | Betaald op | Transactiedatum
surveys/date: Antwoorddatum | Ingevuld op | Verzonden op
usage/date: Gebruiksdatum | Datum gebeurtenis | Tijdstip | Inlogdatum
costs/date: Uitgavedatum | Boekdatum
costs/amount: Kosten | Uitgave | Uitgaven | Bedrag kosten
opportunities/date: Sluitingsdatum | Verwachte sluitingsdatum
opportunities/amount: Verkoopkanswaarde | Dealwaarde | Waarde

[customers]: klanten | debiteuren | relaties | leden | klantenbestand
[subscriptions]: abonnementen | contracten
[transactions]: facturen | factuur | betalingen | verkopen | orders | bestellingen | omzet
[surveys]: enquete | enquetes | beoordelingen
[tickets]: meldingen | zaken
[usage]: gebruik | activiteit | gebeurtenissen
[costs]: kosten | uitgaven
[funnel]: trechter
[opportunities]: verkoopkansen | kansen

stopwords: de | het | een | van | voor | bij
parts: klant | nummer | code | debiteur | relatie | lid | naam | bedrijf | start | begin | ingang | datum | eind | einde
parts: verloop | opzeg | opzegging | maand | bedrag | prijs | omzet | termijn | factuur | facturatie | periode
parts: frequentie | aanmeld | registratie | aanmaak | inschrijf | vertrek | uitschrijf | betaling | betaal | conversie
parts: abonnement | abonnements | pakket | product | tarief | groep | grootte | boekstuk | order | bestel | boek
parts: boeking | transactie | kenmerk | rapport | cijfer | aanbeveling | score | tevredenheid | reactie | reacties
parts: contact | moment | momenten | ticket | zaak | melding | meldings | gebruiker | gebruikers | gebruik | gebruiks
parts: duur | sessie | kosten | soort | plaats | uitgave | categorie | bezoeker | bezoekers | verkoop | kans | waarde
parts: deal | reden | sluiting | sluitings | totaal | afsluit | klanten | inlog | antwoord | vorm | beheerder | tijd
parts: vorm | manager | account | churn | tijdstip | branche
words: nr=number | nummer=number | klantnr=klantnummer | debiteurnr=debiteurnummer | factuurnr=factuurnummer
words: maandelijks=maand | maandelijkse=maand | einde=eind | abonnements=abonnement | gebruiks=gebruik | meldings=melding | sluitings=sluiting
category: soort | type | status | categorie
due: vervaldatum | verval | vervalt
tickets/customer_id: Aanvrager
renewal: volgende | verlenging | verlengd | proef | proefperiode | huidige | lopende
aggregate: saldo | openstaand | btw | cumulatief
keywords/score: aanbevel | aanraden | tevreden | beoordeel
keywords/comment: opmerk | toelicht | verbeter | waarom | reden
"""
