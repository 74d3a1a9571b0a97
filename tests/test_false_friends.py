"""False friends, per category: a sensitive word in a name, a profession, a domain sense or a figure of speech.

Each row is data from knowledge/lexicons/ (a `false_friends` entry, or the proper-noun rule fed by
`name_heads` in _context.yaml); the paired table below shows the same words still flag when they
are about the customer.
"""

from __future__ import annotations

import pytest

from assistant.detect import Detector


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # proper nouns: business and place names, a surname
        ("Livraison au bar Le Gay Luron, 14 rue des Lilas.", "SEXUAL"),  # a bar's name after « bar »
        ("Commande pour la brasserie Le Nègre Joyeux, rue de la Roquette.", "ORIGIN"),  # a shop sign
        ("Colis pour le Café des Immigrés, 18 rue Myrha.", "ORIGIN"),  # a café's name opened by its head noun
        ("Restaurant Le Couscous du Bled, terminal CB en panne.", "ORIGIN"),  # a restaurant's name
        ("Magasin de livres anciens, enseigne Le Juif Errant, commande de 12 livres.", "RELIGION"),  # a sign
        ("RDV avec Mme Juif pour la signature du bail.", "RELIGION"),  # a surname after a civility title
        ("Livraison 3 rue de l'Église, 69003 Lyon.", "RELIGION"),  # a street
        ("Pub The Drunken Monk, beer delivery before noon.", "RELIGION"),  # an English pub
        ("Delivery to the Jolly Gypsy inn, back door.", "ORIGIN"),  # a name closed by « inn »
        ("Customer lives on Church Lane, parcel left with the neighbour.", "RELIGION"),  # an English street
        # professions: the customer works with justice, health or a chaplaincy
        ("Client avocat pénaliste, souhaite une ligne pro avec renvoi d'appel.", "CRIMINAL"),
        ("Client gardien de prison à Fresnes, rappeler le matin.", "CRIMINAL"),
        ("The customer is a criminal defence lawyer and wants a business line for the firm.", "CRIMINAL"),
        ("Aumônier d'hôpital de profession, demande une facture au nom de l'aumônerie.", "RELIGION"),
        ("Cliente infirmière en psychiatrie, horaires de nuit, rappeler après 14h.", "HEALTH"),
        ("Client éducateur en foyer pour handicapés, RDV le soir.", "HEALTH"),
        # domain senses
        ("Facture en souffrance depuis 60 jours, relance amiable envoyée.", "HEALTH"),  # an unpaid invoice
        ("Ligne morte depuis l'orage, technicien prévu jeudi.", "HEALTH"),  # a dead line
        ("Vol AF 1234 annulé, remboursement du billet demandé.", "CRIMINAL"),  # a flight
        ("Engagement de 24 mois ferme sur la box.", "CRIMINAL"),  # a fixed-term contract, not a sentence
        ("Il a fait 18 mois chez Free avant de venir chez nous.", "CRIMINAL"),  # a former provider
        ("Livraison à Fresnes, 3 rue Maurice Ténine, avant midi.", "CRIMINAL"),  # the town, not its prison
        ("Contrat bi-énergie gaz et électricité, relevé le 12.", "SEXUAL"),  # « bi » in a tariff
        ("Grève SNCF : livraison décalée, client informé.", "UNION"),  # a strike delays a parcel
        ("Syndic de l'immeuble à relancer pour l'accès aux caves.", "UNION"),  # a condominium manager
        # figures of speech and praise
        ("Ce forfait, c'est une tuerie, souscrit en ligne.", "CRIMINAL"),
        ("The new tariff is sick, the customer loved it and upgraded.", "HEALTH"),
        ("Le client est fou de joie, la box marche enfin.", "INSULT"),
        ("Offre de malade sur le forfait 5G, il est ravi.", "HEALTH"),
        ("La cliente est sourde à nos arguments, dossier clos.", "HEALTH"),
        ("Le client dit que c'est du vol, geste commercial 15 €.", "CRIMINAL"),  # his remark about the price
        ("« Cette offre est une prison », dit la cliente de son engagement.", "CRIMINAL"),  # a figure of speech
        ("Selon lui, ces frais sont un crime contre le portefeuille.", "CRIMINAL"),
        ("Livraison au 8 rue des Juifs, digicode 4411.", "RELIGION"),  # a street, little words after its head
        ("Badge pour le 2 place des Arméniens, bâtiment C.", "ORIGIN"),
        ("Client aumônier à l'hôpital de Nantes, souhaite la fibre.", "RELIGION"),  # the customer's job
        ("Devis assurance décès-invalidité envoyé au courtier.", "HEALTH"),  # an insurance product
        ("Customer expecting £1,200 from the insurer, told 5 days.", "HEALTH"),  # expecting money
        ("Pédale de frein dure au retour du véhicule de location.", "SEXUAL"),  # a brake pedal
        ("Pédale de frein dure au retour du véhicule de location.", "INSULT"),
    ],
)
def test_when_a_false_friend_then_its_category_is_not_reported(detector: Detector, text: str, category: str) -> None:
    assert category not in detector.analyze(text, deep=False).categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Client gay, réservation chambre double.", "SEXUAL"),  # the same word about the customer
        ("Cliente juive, ne pas appeler le samedi.", "RELIGION"),  # the same word about the customer
        ("Client immigré, dossier en cours à la préfecture.", "ORIGIN"),  # the same word about the customer
        ("Client a besoin d'un avocat pénaliste pour son procès.", "CRIMINAL"),  # he needs one: he is accused
        ("Le client va voir un psychiatre chaque semaine.", "HEALTH"),  # he is a patient, not the doctor
        ("A fait 18 mois à Fresnes, sortie récente.", "CRIMINAL"),  # served a term there
        ("Cliente sourde, préfère le chat.", "HEALTH"),  # deaf, not « sourde à »
        ("Dossier de Mme Koné, Ivoirienne, à compléter.", "ORIGIN"),  # a nationality after a name, not one name
        ("Encore un Portugais qui veut payer en liquide.", "ORIGIN"),  # French capitalises the noun for a person
        ("Sorti de Fleury le mois dernier, veut une ligne.", "CRIMINAL"),  # released from a named prison
        ("Client a pris 2 ans dont 8 mois ferme, dossier en attente.", "CRIMINAL"),  # a term as a duration
    ],
)
def test_when_the_same_words_are_about_the_customer_then_they_flag(
    detector: Detector, text: str, category: str
) -> None:
    assert category in detector.analyze(text, deep=False).categories
