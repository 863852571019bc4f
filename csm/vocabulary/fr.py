"""French headers, as Sage, Pennylane, Axonaut, Sellsy, EBP, Zendesk/Freshdesk (French UI) and home-made sheets
write them. Format: csm/vocabulary/__init__.py."""

TABLE = """
customer_id: Client | N° client | Numéro client | Numéro de client | Code client | Réf. client | Référence client
customer_id: ID client | Identifiant client | Compte client? | Adhérent | N° adhérent | Abonné | Code tiers | Tiers?
start_date: Date de début | Début | Date début | Date d'effet | Date de souscription | Date d'activation | Démarrage
start_date: Début du contrat | Début d'abonnement | Date de démarrage | Date début abonnement | Début de l'abonnement
end_date: Date de fin | Fin | Date fin | Fin du contrat | Fin d'abonnement | Fin de l'abonnement | Date d'expiration
end_date: Terminé le | Date de fin effective | Annulé le?? | Expire le | Date de fin d'abonnement | Échéance du contrat | Date de résiliation? | Résilié le? | Date d'échéance??
mrr: Mensualité | Montant mensuel | Prix mensuel | Abonnement mensuel | Revenu mensuel | Revenu mensuel récurrent
mrr: Tarif mensuel | Cotisation mensuelle | Redevance mensuelle | Montant par mois
amount: Montant | Montant TTC | Montant HT | Total TTC | Total HT | Montant total | Prix | Chiffre d'affaires | Total?
amount: Cotisation? | Montant payé | Montant réglé | Montant encaissé | Prix TTC | Prix HT | Somme? | Valeur?? | Net à payer | Encaissé
billing_period: Périodicité | Fréquence de facturation | Période de facturation | Fréquence | Rythme de facturation
billing_period: Cycle de facturation | Intervalle | Périodicité de facturation | Période?
billing_count: Nombre de périodes | Nombre d'intervalles de facturation | Nombre de périodes de facturation
signup_date: Date d'inscription | Inscrit le | Inscription | Client depuis | Date d'adhésion | Date d'entrée
signup_date: Date de création? | Créé le? | Date d'ouverture? | Adhérent depuis
churn_date: Date de résiliation | Résilié le | Résiliation | Date de désabonnement | Désabonné le | Date de départ
churn_date: Date de churn | Parti le | Compte fermé | Fermé le? | Date de clôture? | Date de fin?
paid_date: Date de premier paiement | Premier paiement | Date de conversion | Passé payant le | Client payant depuis
paid_date: Date de passage en payant
onboarding_start: Début de l'onboarding | Début onboarding | Kick-off | Lancement de l'onboarding
onboarding_complete: Fin de l'onboarding | Onboarding terminé | Mise en production | Date de mise en service | Go-live
onboarding_complete: Date de mise en production
plan: Formule | Offre | Forfait | Produit | Plan | Nom du plan | Nom de l'offre | Abonnement? | Article? | Désignation?
segment: Segment | Secteur? | Secteur d'activité? | Région? | Pays? | Taille? | Catégorie client | Typologie?
owner: Responsable | Chargé de compte | Commercial | Gestionnaire de compte | Propriétaire | Chargé de clientèle
owner: Responsable de compte | Chargé d'affaires
name: Nom | Raison sociale | Société | Entreprise | Nom du client | Nom de l'entreprise | Dénomination | Nom client
date: Date | Jour | Mois? | Semaine? | Période?
recurring: Récurrent | Paiement récurrent | Est récurrent | Récurrence?
transaction_id: N° facture | Numéro de facture | Facture | N° de facture | N° de pièce | Numéro de pièce | N° commande
transaction_id: Numéro de commande | ID transaction | Référence paiement | Référence? | Pièce? | N° de transaction
score: Note | Évaluation | Satisfaction | Note de satisfaction | Probabilité de recommandation | Note NPS | Notation
survey_type: Enquête | Type d'enquête | Questionnaire | Sondage | Type de sondage
comment: Commentaire | Commentaires | Remarque | Remarques | Verbatim | Avis | Pourquoi | Raison? | Observations
created_at: Créé le | Date de création | Ouvert le | Date d'ouverture | Soumis le | Reçu le | Création | Créé
resolved_at: Résolu le | Fermé le | Clôturé le | Date de résolution | Date de clôture | Résolu | Fermé | Clôturé
resolved_at: Résolution | Traité le
first_contact_resolved: Résolu au premier contact | Résolution au premier contact | Résolu dès le premier contact
contacts: Nombre de réponses | Réponses | Nombre d'échanges | Échanges | Interactions | Nombre de contacts
agent: Assigné à | Attribué à | Conseiller | Technicien | Traité par | Agent assigné | Responsable?
ticket_id: N° ticket | Numéro de ticket | ID ticket | Demande | N° de demande | Numéro de demande | Dossier | Cas
user_id: Utilisateur | ID utilisateur | Identifiant utilisateur | Nom d'utilisateur | Identifiant?
feature: Fonctionnalité | Module | Action | Événement | Nom de l'événement | Page?
minutes: Durée | Temps passé | Durée de session | Temps d'utilisation | Durée en minutes
category: Catégorie | Type de dépense | Nature | Poste | Centre de coût | Compte de charge? | Service?
visitors: Visiteurs | Visites | Trafic | Visiteurs uniques | Utilisateurs?
conversions: Inscriptions | Essais | Commandes | Ventes | Nouveaux clients? | Prospects?
type: Type d'opportunité | Type d'affaire | Nature?
subscription_id: ID abonnement | N° abonnement | Numéro d'abonnement | Abonnement | Référence abonnement
subscription_id: N° de contrat | Numéro de contrat | Contrat
# fields on the way (issue 11): harmless before they exist
reason: Motif de résiliation | Raison de résiliation | Raison du départ | Motif de départ | Motif du churn
satisfaction: Satisfaction client | Note de satisfaction
first_response_at: Première réponse | Date de première réponse | Première réponse le
first_response_minutes: Délai de première réponse | Temps de première réponse
churned: Résilié? | Parti? | Désabonné?
tenure: Ancienneté | Ancienneté en mois | Durée de vie client
monthly_charge: Frais mensuels | Facture mensuelle | Paiement mensuel
total_charges: Total facturé | Frais totaux | Total payé | Montant total payé

transactions/date: Date de facture | Date facture | Date de paiement | Date de règlement | Date de commande
transactions/date: Date d'émission | Date de la pièce | Date pièce | Date d'opération | Date d'encaissement | Payé le
surveys/date: Date de réponse | Répondu le | Soumis le | Date de l'enquête
usage/date: Date d'utilisation | Date de l'événement | Horodatage | Date de connexion
costs/date: Date de dépense | Date de la dépense
costs/amount: Coût | Dépense | Dépenses | Montant de la dépense | Charges | Coûts
opportunities/date: Date de signature | Date de closing | Clôture prévue | Date de clôture
opportunities/amount: Montant de l'affaire | Montant de l'opportunité | Valeur de l'affaire

[customers]: clients | fichier clients | adherents | abonnes | comptes | tiers
[subscriptions]: abonnements | contrats | abonnement
[transactions]: factures | facture | paiements | ventes | reglements | commandes | encaissements
[surveys]: enquete | enquetes | sondage | avis | satisfaction
[tickets]: tickets | demandes | assistance
[usage]: utilisation | activite | evenements | connexions
[costs]: couts | depenses | charges
[funnel]: entonnoir | trafic
[opportunities]: opportunites | affaires

stopwords: de | du | des | la | le | les | d | l | au | aux | en
words: numero=number
category: type | statut | etat | categorie | nature
due: echeance | exigibilite
tickets/customer_id: Demandeur
renewal: prochaine | prochain | renouvellement | essai | cours | actuelle | actuel
aggregate: solde | restant | reste | cumul | cumule | tva | taxe | taxes | frais
keywords/score: recommand | satisf
keywords/comment: commentaire | amelior | pourquoi | remarque | suggestion
"""
