"""The rules rewrite: whole sensitive statements go, the need and the facts stay, the sentence reads."""

from __future__ import annotations

import pytest

from assistant.detect import detect
from assistant.evaluation.judges import malformation
from assistant.rewrite.facts import extract_facts, has_fact
from assistant.rewrite.rules import rules_rewrite
from assistant.rewrite.tidy import tidy

# The five patterns of issue 12, in French and in English: (comment, lang, expected rewrite, why).
STATEMENTS = [
    ("Client schizophrène, entend des voix au téléphone, veut résilier sa ligne 06 12 34 56 78.", "fr",
     "Client veut résilier sa ligne 06 12 34 56 78.",
     "the symptom clause after the label is the same statement: it goes with the label"),
    ("Schizophrenic customer, hears voices on the phone, wants to cancel order 5521.", "en",
     "The customer wants to cancel order 5521.",
     "the symptom goes; the request gets a neutral subject"),
    ("Client toxicomane (en cure de désintox), demande un report de l'échéance du 12/03.", "fr",
     "Client demande un report de l'échéance du 12/03.",
     "the parenthetical explaining the label goes with it; no leading bracket"),
    ("Customer is a drug addict (in rehab), asks to postpone the 12/03 instalment.", "en",
     "Customer asks to postpone the 12/03 instalment.",
     "a predicate and its parenthetical go, the subject stays for the next verb"),
    ("Customer is in rehab and can't take calls, so e-mail only", "en",
     "Customer can't take calls, so e-mail only",
     "the coordinated clause keeps the subject; the need (no calls, e-mail) stays"),
    ("Client en cure de désintox et ne peut pas prendre d'appels, donc mail uniquement.", "fr",
     "Client ne peut pas prendre d'appels, donc mail uniquement.",
     "same in French: the need is kept, the reason goes"),
    ("Cliente chinoise, compte chaque centime comme tous ceux de sa communauté, commande 4471 livrée.", "fr",
     "Commande 4471 livrée.",
     "the stereotype clause after the origin label goes with it; the business fact stays"),
    ("Chinese customer, counts every penny like all of them, order 4471 delivered.", "en",
     "Order 4471 delivered.",
     "same in English"),
    ("Complete muppet, never reads his e-mails, refund for order 5521 issued.", "en",
     "Refund for order 5521 issued.",
     "after an insult, a contemptuous generalisation (« never ») is contempt, not a fact"),
    ("Abruti complet, ne lit jamais ses mails, remboursement de la commande 5521 effectué.", "fr",
     "Remboursement de la commande 5521 effectué.",
     "same in French (« jamais »)"),
]

# Keep the need, drop the reason; judgements become facts or disappear.
NEEDS = [
    ("Merci de prévoir une livraison en rez-de-chaussée car en fauteuil roulant.", "fr",
     "Merci de prévoir une livraison en rez-de-chaussée.", "a cause clause goes, the request stays"),
    ("Client en fauteuil roulant, livraison au rez-de-chaussée pour la commande 4471.", "fr",
     "Livraison au rez-de-chaussée pour la commande 4471.", "the need stays as a fact"),
    ("Cliente malvoyante, documents en gros caractères svp.", "fr",
     "Documents en gros caractères svp.", "an accommodation is a need, not an elaboration"),
    ("Client sous dialyse le matin donc rappeler en fin de matinée.", "fr",
     "Rappeler en fin de matinée.", "a consequence clause is the need; its connector goes"),
    ("NEU union member - on strike Wed so please deliver Thursday. Order 10-44871.", "en",
     "Please deliver Thursday. Order 10-44871.", "two removed clauses, the consequence stays"),
    ("Client débile, a raccroché deux fois.", "fr",
     "Client a raccroché deux fois.", "after an insult, a factual behaviour stays"),
    ("Total idiot, shouted at me, absent when the driver came, order 4471.", "en",
     "The customer shouted at me, absent when the driver came, order 4471.",
     "the behaviour and the fact the judgement hid stay"),
    ("vieille folle qui appelle tous les jours pour la même facture (FAC-2025-00412).", "fr",
     "La cliente appelle tous les jours pour la même facture (FAC-2025-00412).",
     "a business relative clause about an insulted person gets a subject instead of « qui »"),
    ("GROSSE CONNASSE QUI SE CROIT TOUT PERMIS, exige un remboursement du séjour (1 480 €).", "fr",
     "La cliente exige un remboursement du séjour (1 480 €).",
     "a judging relative clause goes with the insult; capitals are parsed in lower case"),
]

# Repair: subjects, connectors, punctuation, parentheticals; words keep their case.
REPAIRS = [
    ("Cliente de confession juive, souhaite un RDV le 12/03", "fr",
     "Cliente souhaite un RDV le 12/03", "a modifier goes, the customer noun joins the verb"),
    ("Le client est diabétique et souhaite une livraison le 14/05.", "fr",
     "Le client souhaite une livraison le 14/05.", "a copula predicate goes, the subject takes the other verb"),
    ("Customer is pregnant and asked to move the delivery of order 88213 to 3 June.", "en",
     "Customer asked to move the delivery of order 88213 to 3 June.", "same in English"),
    ("Mr Smith, a devout Muslim, wants a refund for order 5521.", "en",
     "Mr Smith wants a refund for order 5521.", "an apposition between commas goes with both commas"),
    ("Vote RN. Dde de résiliation.", "fr", "Dde de résiliation.", "a sentence that is all statement goes whole"),
    ("Pregnant, needs an aisle seat please, booking 77-1020.", "en",
     "The customer needs an aisle seat please, booking 77-1020.", "a verb that lost its subject gets a neutral one"),
    ("Grosse vache, a demandé un 2e siège sur le vol AF7710 : facturé 89 €.", "fr",
     "La cliente a demandé un 2e siège sur le vol AF7710 : facturé 89 €.",
     "the neutral subject takes the gender of the removed label"),
    ("Mme Nguyen (asiatique, comprend mal) : rappel du prélèvement SEPA.", "fr",
     "Mme Nguyen : rappel du prélèvement SEPA.", "a parenthetical holding the span goes whole"),
    ("Agence Lyon : client d'origine turque, réservation Clio du 04/08 modifiée.", "fr",
     "Agence Lyon : réservation Clio du 04/08 modifiée.", "the strongest mark around a removed unit joins"),
    ("lesbienne (vit avec sa compagne), veut un contrat d'électricité aux deux noms.", "fr",
     "La cliente veut un contrat d'électricité aux deux noms.", "never a leading bracket"),
    ("sous bracelet électronique donc ne peut pas sortir après 20h, livraison entre 8h et 12h.", "fr",
     "Livraison entre 8h et 12h.", "never a leading connector"),
    ("Client africain, dit sortir de détention provisoire, veut ouvrir une ligne prépayée.", "fr",
     "Client veut ouvrir une ligne prépayée.", "a verb stranded by the cut (« dit sortir ») goes too"),
    ("Mr Hale has dementia, daughter Emma called, no POA on file.", "en",
     "Mr Hale, daughter Emma called, no POA on file.", "a fact (a name) never goes with its statement"),
    ("encore le bougnoule du 3e étage qui se plaint de l'ascenseur en panne.", "fr",
     "encore le client du 3e étage qui se plaint de l'ascenseur en panne.",
     "an insulting noun naming the person becomes a neutral one"),
    # identifiers: a label opening the comment goes with the number, card expiry included
    ("card no. 5555-7501-9920-4536 exp 11/26 for the deposit, booking CR-10092", "en",
     "Bank details provided for the deposit, booking CR-10092", "a card number becomes a mention"),
    ("Changement de RIB -> FR76 3000 6000 0112 3456 7890 189. Effet prochaine échéance 05/06.", "fr",
     "Changement de RIB -> (coordonnées bancaires communiquées). Effet prochaine échéance 05/06.",
     "a label inside the sentence stays, the number becomes a mention in brackets"),
    ("Mme Perrin donne son numéro de sécurité sociale 1 85 05 78 006 084 91 pour le remboursement.", "fr",
     "Mme Perrin donne son numéro de sécurité sociale (communiqué) pour le remboursement.",
     "a social-security number after its label"),
]


# The detector's evidence spans run over whole phrases; the rewrite reads them by the parse.
EVIDENCE = [
    ("Client homo, a ajouté son mari comme 2e conducteur sur la location (permis vérifié). Contrat LOC-77120.", "fr",
     "Client a ajouté son conjoint comme 2e conducteur sur la location (permis vérifié). Contrat LOC-77120.",
     "the span runs over the verb: the label goes, the partner word becomes neutral, the operation stays"),
    ("Gay customer, booked honeymoon suite with husband for 3 nights, conf. RS-40021.", "en",
     "The customer booked honeymoon suite with partner for 3 nights, conf. RS-40021.",
     "a partner word whose gender reveals the orientation becomes neutral, the booking stays"),
    ("moron bought the wrong adapter (USB-C vs Lightning), return label sent, RMA 99-2210", "en",
     "The customer bought the wrong adapter (USB-C vs Lightning), return label sent, RMA 99-2210",
     "the span runs over a behaviour: a clause with a verb is a fact of its own and stays"),
    ("Tory voter apparently. Claim for delayed flight BA304 — €250 compensation approved.", "en",
     "Claim for delayed flight BA304 — €250 compensation approved.",
     "the rest of the span in the label's own phrase (« voter ») goes with the label"),
    ("ATTENTION CLIENT ROUMAIN, NE PAS ACCORDER DE FACILITÉ DE PAIEMENT. Impayé 2 mois sur contrat MOB-331207.", "fr",
     "ATTENTION CLIENT. Impayé 2 mois sur contrat MOB-331207.",
     "after an origin, an instruction on how to treat the person is discrimination: part of the statement"),
]


# What the person did or cannot do after a removed label, and needs that name their reason.
BEHAVIOUR = [
    ("Témoin de Jéhovah, m'a parlé de sa foi pendant tout l'appel. Résiliation box au 31/05.", "fr",
     "Résiliation box au 31/05.",
     "a CRM object named only as the moment of the behaviour (« pendant l'appel ») makes it no business"),
    ("Devout Muslim, tried to convert me during the call. Order 4471 cancelled.", "en",
     "Order 4471 cancelled.", "same in English (« during the call »): the behaviour goes with the label"),
    ("Enceinte de 6 mois, ne peut pas soulever le carton : livraison à l'étage demandée, cde 552-118.", "fr",
     "Livraison à l'étage demandée, cde 552-118.",
     "what the person cannot do is the statement's effect, even done to an object; the need after it stays"),
    ("Customer is pregnant, cannot lift the box, delivery to the 2nd floor booked, order 88213.", "en",
     "Delivery to the 2nd floor booked, order 88213.", "same in English"),
    ("Ne peut pas être livrée le samedi car juive pratiquante, cde 774-019.", "fr",
     "Ne peut pas être livrée le samedi, cde 774-019.",
     "a passive inability is an operation of ours: the constraint stays, its reason goes"),
    ("depressed and whiny, cried on the phone about the bill. Payment plan set: 6 x £41.50.", "en",
     "Payment plan set: 6 x £41.50.",
     "a CRM object as the topic of a behaviour (« about the bill ») makes the behaviour no business"),
    ("Suivie en hôpital de jour le mardi, livraison à programmer le lundi.", "fr",
     "Livraison à programmer le lundi.",
     "but not across a comma the parse jumped: the delivery is a clause of its own"),
    ("Client malvoyant, souhaite recevoir ses relevés en braille.", "fr",
     "Client souhaite recevoir ses relevés en format accessible.",
     "a need that names its reason is worded as the neutral need, not deleted"),
    ("Cliente musulmane, demande si la cantine sert halal pour son fils.", "fr",
     "Cliente demande si la cantine sert des repas spécifiques pour son fils.",
     "a dietary rule stated as a need becomes a specific meal"),
    ("Customer keeps kosher, asked for kosher meals on flight BA117.", "en",
     "Customer asked for a specific meal on flight BA117.",
     "the practice goes, the request keeps its neutral need"),
    ("Client d'origine turque, typique de chez eux, on a discuté des prix pendant 15 min. Abonnement fibre activé "
     "le 02/05.", "fr", "Abonnement fibre activé le 02/05.",
     "the agent telling how the exchange went (« on a discuté ») still speaks of the statement, past the clause limit"),
    ("Juive pratiquante, refuse de parler à un technicien homme. Intervention box prévue le 18/06.", "fr",
     "Intervention box prévue le 18/06.", "refusing an act of one's own (not one of our operations) is the practice"),
    ("Devout Muslim, refuses to shake hands with the engineer. Boiler service booked for 3 June.", "en",
     "Boiler service booked for 3 June.", "same in English"),
    ("Juive pratiquante, refuse de payer les frais de 25 €. Réclamation ouverte.", "fr",
     "La cliente refuse de payer les frais de 25 €. Réclamation ouverte.",
     "a refused operation of ours is business: it stays"),
    ("Total nutcase, claims the government reads his post through the router. Router swap on 12/06, ticket 5519.", "en",
     "Router swap on 12/06, ticket 5519.", "after a contemptuous label, the belief it mocks goes with it"),
    ("Total nutcase, says the parcel arrived damaged. Refund issued, order 8812.", "en",
     "The customer says the parcel arrived damaged. Refund issued, order 8812.",
     "but a claim about one of our objects is a complaint: it stays"),
    ("Bouddhiste fervent, s'est moqué de la brochure de Pâques — demande d'arrêt des courriers publicitaires.", "fr",
     "Le client demande d'arrêt des courriers publicitaires.",
     "a CRM object as the topic of a behaviour, even when the parse hangs the request on its verb across a dash"),
    ("Born again Christian, set up a standing order of £40 for the tithe. First payment 3 March.", "en",
     "The customer set up a standing order of £40. First payment 3 March.",
     "wording that echoes the stated category (« for the tithe ») goes where it is a loose modifier"),
    ("Militant communiste, refuse de signer l'avenant par principe. Relance envoyée le 14/03.", "fr",
     "Le client refuse de signer l'avenant. Relance envoyée le 14/03.",
     "a motive that points back at the conviction goes; the refused operation stays whole"),
    ("Ancien taulard, a ouvert deux lignes sous un faux nom. Dossier 77-120 transmis au service fraude.", "fr",
     "Le client a ouvert deux lignes. Dossier 77-120 transmis au service fraude.",
     "the way an offence was committed goes with it; the operation stays"),
    ("Ancien détenu, ouvre un compte pour sa réinsertion ; carte envoyée en agence.", "fr",
     "Le client ouvre un compte ; carte envoyée en agence.", "a purpose that names the record goes"),
    ("Client juif, rappeler après le coucher du soleil le vendredi.", "fr",
     "Rappeler en soirée le vendredi.", "a time that gives a fast away becomes the evening"),
]

# What a statement does to the person goes with it: an inability, its reason, a belief, a sanction, its moment.
EFFECTS = [
    ("Lazy idiot, couldn't fit in the small van, upgraded to the large one at £20/day.", "en",
     "The customer upgraded to the large one at £20/day.", "after an insult, a lack of room is the insult"),
    ("Crétin fini, il ne sait pas lire un relevé. Relevé renvoyé.", "fr",
     "Relevé renvoyé.", "after an insult, a lack of skill is the insult"),
    ("Lazy idiot, couldn't find the reset button. Router working now, case 7712.", "en",
     "The customer couldn't find the reset button. Router working now, case 7712.",
     "a practical inability after an insult is what happened: it stays"),
    ("Sous contrôle judiciaire donc ne peut pas sortir après 19h, livraison entre 9h et 11h, cde 22-118.", "fr",
     "Livraison entre 9h et 11h, cde 22-118.", "an inability at given hours goes, hours included"),
    ("Cliente en fauteuil roulant, veut livraison au rez-de-chaussée car elle ne peut pas monter les marches.",
     "fr", "Cliente veut livraison au rez-de-chaussée.", "the reason of a kept request goes"),
    ("Client musulman, veut livraison le soir car la commande 12-004 est volumineuse.", "fr",
     "Client veut livraison le soir car la commande 12-004 est volumineuse.", "a reason with a fact stays"),
    ("Client bipolaire, entend des voix, il pense que la télé lui parle. Technicien passé.", "fr",
     "Technicien passé.", "a belief after a mental illness is its symptom, past the clause limit"),
    ("Thief - caught stealing in the Bristol shop in May. Banned from store. Phone orders fine.", "en",
     "Phone orders fine.", "the sanction of an offence is still the offence"),
    ("convicted of theft in 2016 per his file, DO NOT open the account. Ref AC-2210.", "en",
     "DO NOT open the account. Ref AC-2210.", "a bare year only dates the removed statement"),
    ("Victime d'une agression dans le métro ligne M4 le 09/06, demande les images vidéo.", "fr",
     "Ligne M4 le 09/06, demande les images vidéo.", "a fact keeps its label (« ligne M4 »)"),
    ("Client hospitalisé (du 12/03 au 20/03), demande un report de l'échéance du 05/04.", "fr",
     "Client demande un report de l'échéance du 05/04.", "the dates of a parenthetical statement are its own"),
    ("Adhérente enceinte, n° adhérent 55120 pour le dossier naissance.", "fr",
     "n° adhérent 55120 pour le dossier.", "a birth echoes a pregnancy; the file it qualified stays"),
    ("Cliente enceinte de 6 mois, date de naissance 12/03/1990, demande un RDV.", "fr",
     "Date de naissance 12/03/1990, demande un RDV.", "a date of birth is an identity field, no echo"),
    ("Client protestant, virement mensuel de 80 € pour la dîme, veut changer la date.", "fr",
     "Virement mensuel de 80 €, veut changer la date.", "a transfer is business: only its purpose goes"),
    ("Customer is Albanian, flagged for manual ID review before the switch to tariff T-440. Account KX-1120.",
     "en", "The switch to tariff T-440. Account KX-1120.",
     "a treatment after an origin goes; the phrase of its fact stays"),
]


@pytest.mark.parametrize(
    ("text", "lang", "expected", "reason"), STATEMENTS + NEEDS + REPAIRS + EVIDENCE + BEHAVIOUR + EFFECTS
)
def test_when_flagged_comment_rewritten_by_rules_then_expected_sentence(
    settings, text: str, lang: str, expected: str, reason: str
) -> None:
    analysis = detect(text, lang, settings=settings)
    assert analysis.flag
    rewritten = rules_rewrite(analysis, settings=settings)
    assert rewritten == expected, reason
    assert malformation(rewritten) is None, reason


HARD = [
    ("grosse connasse qui se croit tout permis, a encore appelé pour la commande 4471.", "fr",
     "insult at the start, parsed badly"),
    ("Maghrébin, fait le ramadan, veut décaler son prélèvement au 10 du mois.", "fr", "several categories"),
    ("ATTENTION CLIENT ROUMAIN, NE PAS ACCORDER DE FACILITÉ. Impayé 2 mois sur contrat MOB-331207.", "fr",
     "all capitals"),
    ("Musulman pratiquant.", "fr", "nothing but sensitive content: a neutral notice, never an empty text"),
    ("On probation, can't leave the county — wants to cancel booking TRV-55310, refund £640 requested.", "en",
     "a dash between units"),
    ("Client hospitalisé du 3 au 12 mars, rappeler après le 15/03 au 06 12 34 56 78.", "fr",
     "the sensitive words sit inside the clause holding the facts"),
    ("ORIENTAL LOOKING MAN CAME TO PICK UP PARCEL 7781-KL FOR HIS NEIGHBOUR, ID CHECKED.", "en",
     "shouting in English"),
    ("Il ajoute qu'il est musulman pratiquant et que les cours mixtes le gênent. Résiliation au 31/08.", "fr",
     "a reported statement goes whole"),
]


@pytest.mark.parametrize(("text", "lang", "reason"), HARD)
def test_when_rules_rewrite_any_flagged_comment_then_not_flagged_well_formed_and_facts_kept(
    settings, text: str, lang: str, reason: str
) -> None:
    analysis = detect(text, lang, settings=settings)
    assert analysis.flag
    rewritten = rules_rewrite(analysis, settings=settings)
    assert not detect(rewritten, lang, settings=settings).flag, reason
    assert malformation(rewritten) is None, reason
    for fact in extract_facts(analysis):
        assert has_fact(rewritten, fact), (fact, reason)


def test_when_comment_is_clean_then_rules_return_it_as_is(settings) -> None:
    text = "Client mécontent, menace de résilier le contrat C-2291."
    assert rules_rewrite(detect(text, settings=settings), settings=settings) == text


@pytest.mark.parametrize(
    ("cut", "expected"),
    [
        ("Cliente , souhaite un RDV", "Cliente, souhaite un RDV"),  # no space before a comma
        (". Dde de résiliation.", "Dde de résiliation."),  # orphan full stop
        ("Merci de livrer car .", "Merci de livrer."),  # a dangling « car » goes
        ("wants (, ) a refund", "wants a refund"),  # empty brackets go
        ("vit avec sa compagne), veut un contrat", "vit avec sa compagne, veut un contrat"),  # lone bracket
        ("email only please. Router replaced", "email only please. Router replaced"),  # kept words keep their case
        ("Appelé hier, mais absent", "Appelé hier, mais absent"),  # a connector after a comma is the comment's own
        ("Plus de réseau depuis lundi", "Plus de réseau depuis lundi"),  # « Plus » opening a sentence is no connector
    ],
)
def test_when_text_tidied_then_punctuation_repaired_and_words_untouched(cut: str, expected: str) -> None:
    assert tidy(cut) == expected
