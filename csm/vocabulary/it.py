"""Italian headers, as Fatture in Cloud, Danea Easyfatt, TeamSystem, Aruba Fatturazione, Zendesk (Italian UI) and
home-made sheets write them. Format: csm/vocabulary/__init__.py."""

TABLE = """
customer_id: Cliente | Codice cliente | Cod. cliente | ID cliente | Numero cliente | N. cliente | Abbonato | Socio
customer_id: Codice anagrafica | Partita IVA? | P.IVA? | Codice fiscale??
start_date: Data inizio | Data di inizio | Inizio | Decorrenza | Data decorrenza | Data attivazione | Data di attivazione
start_date: Inizio abbonamento | Inizio contratto | Data sottoscrizione | Attivo dal | Valido dal
end_date: Data fine | Data di fine | Fine | Scadenza | Data scadenza | Fine abbonamento | Fine contratto | Valido al
end_date: Terminato il | Cessato il | Annullato il?? | Data cessazione | Scadenza contratto | Data disdetta? | Data di recesso?
mrr: Canone mensile | Importo mensile | Prezzo mensile | Ricavo mensile | Ricavi ricorrenti mensili | Quota mensile
mrr: Rata mensile | Canone al mese
amount: Importo | Totale | Importo totale | Totale documento | Imponibile? | Importo pagato | Incassato | Prezzo
amount: Canone? | Totale fattura | Importo lordo | Importo netto | Netto a pagare | Valore?? | Importo incassato
billing_period: Periodicità | Frequenza | Frequenza di fatturazione | Periodo di fatturazione | Ciclo di fatturazione
billing_period: Cadenza | Intervallo | Periodo? | Periodicità canone
billing_count: Numero di periodi | Numero intervalli di fatturazione | Numero di periodi di fatturazione
signup_date: Data iscrizione | Data di iscrizione | Data registrazione | Iscritto il | Registrato il | Cliente dal
signup_date: Data adesione | Data creazione? | Creato il?
churn_date: Data disdetta | Data di disdetta | Disdetto il | Data cessazione? | Data recesso | Data di recesso
churn_date: Data abbandono | Data churn | Account chiuso | Data fine?
paid_date: Data primo pagamento | Primo pagamento | Data conversione | Pagante dal | Cliente pagante dal
onboarding_start: Inizio onboarding | Avvio onboarding | Kickoff | Inizio implementazione
onboarding_complete: Fine onboarding | Onboarding completato | Go-live | Messa in produzione | Data go-live
onboarding_complete: Avvio in produzione
plan: Piano | Prodotto | Pacchetto | Nome piano | Offerta | Listino? | Abbonamento? | Servizio? | Articolo?
segment: Segmento | Settore? | Regione? | Paese? | Nazione? | Provincia? | Dimensione?
owner: Responsabile | Commerciale | Gestore | Consulente | Agente? | Account manager
name: Nome | Ragione sociale | Denominazione | Azienda | Nome cliente | Società
date: Data | Giorno | Mese? | Settimana? | Periodo?
recurring: Ricorrente | Pagamento ricorrente | Periodico?
transaction_id: Numero fattura | N. fattura | Nr. documento | Numero documento | Fattura | ID transazione
transaction_id: Numero ordine | Protocollo? | Riferimento? | N. documento
score: Voto | Punteggio | Valutazione | Soddisfazione | Probabilità di raccomandazione | Giudizio
survey_type: Sondaggio | Tipo di sondaggio | Questionario | Indagine | Tipo sondaggio
comment: Commento | Commenti | Note? | Osservazioni | Motivazione | Perché | Motivo?
created_at: Creato | Creato il | Data creazione | Aperto il | Data apertura | Ricevuto il | Data ricezione
resolved_at: Risolto | Risolto il | Data risoluzione | Chiuso | Chiuso il | Data chiusura | Evaso il
first_contact_resolved: Risolto al primo contatto | Risoluzione al primo contatto
contacts: Numero risposte | Risposte | Interazioni | Contatti | Numero di contatti | Numero di interazioni
agent: Operatore | Assegnato a | Agente | Tecnico | Gestito da | Incaricato
ticket_id: Numero ticket | N. ticket | ID ticket | Richiesta | Numero richiesta | Pratica | Caso | Segnalazione
user_id: Utente | ID utente | Nome utente
feature: Funzionalità | Funzione | Modulo | Azione | Evento | Nome evento | Pagina?
minutes: Minuti | Durata | Tempo di utilizzo | Durata sessione | Tempo?
category: Categoria | Tipo di spesa | Tipologia | Centro di costo | Conto? | Voce di spesa | Reparto
visitors: Visitatori | Sessioni | Visite | Traffico | Utenti?
conversions: Conversioni | Iscrizioni | Registrazioni | Prove | Ordini | Vendite | Nuovi clienti? | Lead?
type: Tipo | Tipo di opportunità | Tipologia opportunità
subscription_id: ID abbonamento | Abbonamento | Numero abbonamento | Contratto | Numero contratto | N. contratto
# fields on the way (issue 11): harmless before they exist
reason: Motivo disdetta | Motivo della disdetta | Motivo abbandono | Motivo del recesso
satisfaction: Soddisfazione | Soddisfazione cliente
first_response_at: Prima risposta | Data prima risposta
first_response_minutes: Tempo di prima risposta | Tempo prima risposta
churned: Disdetto? | Cessato | Perso
tenure: Anzianità | Mesi come cliente | Anzianità cliente
monthly_charge: Addebito mensile | Addebiti mensili | Costo mensile | Fattura mensile
total_charges: Addebiti totali | Totale fatturato | Totale pagato | Importo totale pagato

transactions/date: Data fattura | Data documento | Data emissione | Data pagamento | Data incasso | Data ordine
transactions/date: Data acquisto | Data operazione | Data doc.
surveys/date: Data risposta | Risposto il | Inviato il | Data sondaggio
usage/date: Data utilizzo | Data evento | Data accesso
costs/date: Data spesa | Data della spesa
costs/amount: Costo | Spesa | Spese | Importo spesa | Costi
opportunities/date: Data chiusura | Data di chiusura prevista
opportunities/amount: Valore opportunità | Importo opportunità | Valore trattativa

[customers]: clienti | anagrafica | anagrafiche | abbonati | soci
[subscriptions]: abbonamenti | contratti | canoni
[transactions]: fatture | fattura | pagamenti | incassi | vendite | ordini | documenti
[surveys]: sondaggio | sondaggi | questionari | valutazioni
[tickets]: richieste | assistenza | segnalazioni
[usage]: utilizzo | attivita | eventi | accessi
[costs]: costi | spese
[funnel]: imbuto
[opportunities]: opportunita | trattative

stopwords: di | del | della | dei | degli | delle | il | lo | gli | alla | per
words: numero=number | nr=number
category: tipo | stato | categoria | tipologia
due: scadenza
tickets/customer_id: Richiedente
renewal: prossima | prossimo | rinnovo | prova | corrente | attuale | attuali
aggregate: saldo | residuo | scoperto | iva | imposta | bollo | ritenuta | cumulato | commissioni | commissione
keywords/score: raccomand | consiglier | soddisf | valut
keywords/comment: comment | miglior | perche | motiv | osserv
"""
