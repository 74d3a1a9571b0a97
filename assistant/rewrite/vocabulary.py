"""The words the statement rules look for, per language: connectors, customer nouns, business markers.

They are closed lists of CRM wording, matched on spaCy lemmas or folded words (lower case, no accents),
so that « Demande », « demandé » and « dde » read alike. Each list says what it decides.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that join two clauses; a clause that loses what came before drops them.
# « et », « and »… only split a sentence when a verb follows (« Juive et enceinte » is one unit).
COORDINATORS = _words("et mais ou puis and but or then")
# Cause and consequence openers: always the start of a new unit (« car en fauteuil roulant »).
SUBORDINATORS = {
    "fr": ("parce que", "parce qu'", "puisque", "puisqu'", "vu que", "étant donné que", "à cause de", "à cause d'",
           "en raison de", "en raison d'", "car", "donc", "alors", "du coup", "sinon"),
    "en": ("because of", "because", "due to", "owing to", "so that", "so", "therefore", "hence", "since"),
}
# Cause openers (folded, as units store them): the clause says why the request before it is made.
CAUSE_CONNECTORS = frozenset({
    "car", "parce que", "parce qu'", "puisque", "puisqu'", "vu que", "etant donne que", "a cause de", "a cause d'",
    "en raison de", "en raison d'", "because", "because of", "due to", "owing to", "since",
})
# A unit opened by one of these states what follows from the removed statement: the need, never its reason.
CONSEQUENCES = _words("donc alors coup so therefore hence then")
# Delimiters after which a unit is a consequence or a new statement, not an elaboration of the one before.
CONSEQUENCE_MARKS = frozenset({":", "->", "=>", "→", ";"})
# Relative pronouns that open a clause about the noun before them.
RELATIVES = _words("qui dont who which whose")

# Wording that echoes a flagged category without naming it, for the rewrite only (never a reason to flag):
# once the comment states the category, such a phrase goes where it is a loose modifier (« virement pour
# la dîme », « refuse de payer par principe », « 3 impayés sous différents noms »). Lexicon pattern syntax.
STATEMENT_ECHOES: dict[str, dict[str, tuple[str, ...]]] = {
    "RELIGION": {
        "fr": ("dîme", "denier du culte", "de son église", "de sa paroisse", "de sa mosquée", "de sa synagogue"),
        "en": ("tithe", "tithes", "his church", "her church", "their church", "his mosque", "her mosque"),
    },
    "CRIMINAL": {
        "fr": ("réinsertion", "sous différents noms", "sous plusieurs noms", "sous un faux nom", "sous de faux noms",
               "sous une fausse identité", "sous de fausses identités"),
        "en": ("under different names", "under several names", "under a false name", "under false names",
               "under an alias", "under aliases"),
    },
    "HEALTH": {  # a birth echoes a pregnancy (« pour le dossier naissance »)
        "fr": ("naissance", "de naissance"),
        "en": ("birth",),
    },
    "POLITICAL": {
        "fr": ("par principe", "par conviction", "par convictions", "par idéologie", "par militantisme"),
        "en": ("on principle", "out of principle", "as a matter of principle"),
    },
}

# Phrases where an echo word is an identity field, not an echo (« date de naissance »): never removed.
ECHO_FALSE_FRIENDS = {
    "fr": ("date de naissance", "lieu de naissance", "nom de naissance"),
    "en": ("date of birth", "birth date", "place of birth", "birth name"),
}

# Nouns and titles that name the customer: kept as the subject when the rest of their unit goes.
CUSTOMER_NOUNS = _words(
    "client cliente clients clientes cl clt cli monsieur madame mademoiselle mr mrs ms mme mmes mlle m "
    "locataire locataires adherent adherente abonne abonnee usager usagere titulaire candidat candidate "
    "assure assuree souscripteur souscriptrice resident residente occupant occupante proprietaire "
    "customer customers caller member tenant resident applicant policyholder subscriber holder account "
    "sir madam"
)
DETERMINERS = _words("le la l les un une ce cette mon ma notre votre the a an this that our")

# Verbs that carry no statement of their own once their complement is gone (« dit », « est », « has »).
LIGHT_LEMMAS = _words(
    "être avoir dire sembler paraître déclarer affirmer prétendre raconter expliquer préciser "
    "be have say seem look appear claim tell explain mention state get"
)
# Adverbs and hearsay that add nothing once the statement they qualify is gone.
LIGHT_WORDS = _words(
    "tres trop vraiment assez plutot bien apparemment visiblement manifestement clairement franchement "
    "completement totalement aussi egalement encore deja lol mdr ptdr "
    "very really quite rather pretty apparently obviously clearly totally completely also too"
)
# Hearsay prepositions: the phrase they open only says who told the removed statement.
HEARSAY = ("d'après", "selon", "according to", "per")

# Verbs that make a unit business: a request, a need, an instruction, an operation. Not an inability
# (« ne peut pas porter le colis », « can't leave the county »): that is the statement's effect, its reason.
# Matched on the lemma, or for French on the stem of the lemma (the French lemmatizer leaves « demande »).
BUSINESS_VERBS = {
    "fr": _words(
        "vouloir souhaiter demander désirer préférer exiger réclamer falloir nécessiter souscrire "
        "prévoir accepter refuser contester annuler résilier commander réserver payer régler rembourser "
        "livrer envoyer rappeler appeler contacter joindre signer changer modifier décaler reporter suspendre "
        "ouvrir fermer transférer recevoir retourner échanger renvoyer récupérer utiliser "
        # the agent's own operations
        "vérifier contrôler valider confirmer traiter transmettre accorder offrir facturer"
    ),
    "en": _words(
        "want wish ask request need require prefer demand refuse dispute cancel order book pay refund deliver "
        "send call contact reach email text sign change move suspend open close transfer receive return "
        "exchange collect use subscribe "
        "check verify confirm process approve grant issue charge"
    ),
}
BUSINESS_LEMMAS = BUSINESS_VERBS["fr"] | BUSINESS_VERBS["en"]
# Irregular forms the lemmatizer misses.
BUSINESS_FORMS = _words(
    "veut veulent voudrait voulait voulu faut "
    "paid sent bought"
)
# Nouns of the CRM's own objects: a unit that mentions one is about the business, not the person.
BUSINESS_NOUNS = _words(
    "commande cde cdes facture factures contrat abonnement forfait offre ligne ouverture paiement prelevement virement "
    "remboursement livraison livraisons colis rdv rendez-vous rappel reservation resa dossier ticket devis "
    "sinistre echeance echeancier caution loyer credit pret carte mandat document documents courrier "
    "rez-de-chaussee etage acces creneau horaire besoin demande dde souhait plainte reclamation litige "
    "impaye impayes dette adresse option options voiture vehicule location cle cles badge compteur appareil "
    "produit chambre billet siege sim numero appel appels "
    "order orders invoice bill contract subscription plan account payment transfer refund delivery deliveries "
    "parcel appointment callback booking reservation claim ticket quote deposit loan credit policy "
    "document documents letter floor access slot need request complaint unpaid arrears debt address "
    "option options car vehicle rental key keys meter device product item room seat number call calls"
)
# Ways to reach the customer: what cannot happen through one is a contact constraint (« can't take calls »).
CONTACT_NOUNS = _words(
    "appel appels mail mails email emails courrier courriers sms telephone tel visite visites "
    "call calls phone e-mail e-mails letter letters text texts visit visits"
)
# Prepositions that name the moment or the channel of a behaviour (« pendant l'appel », « during the call »):
# a CRM object behind one is the setting of what the person did, not a request.
CIRCUMSTANCE_PREPOSITIONS = _words("pendant durant lors fin cours during throughout end")
# Openings of a constraint the agent must respect (« pas d'appel le samedi », « no deliveries on Friday »).
CONSTRAINT_OPENINGS = (
    "pas de ", "pas d'", "aucun ", "aucune ", "jamais le ", "jamais de ", "no ", "not on ", "never on "
)
# Nouns of the customer's own request (« dde envoi de colis », « request for a refund »).
REQUEST_NOUNS = _words("demande dde requete souhait request")
# Words that ask for something or restrict it: « svp », « e-mail only ».
REQUEST_WORDS = _words("svp stp merci uniquement seulement exclusivement please only")
# Generalisations that turn a behaviour into contempt after an insult (« never reads his e-mails »).
CONTEMPT_WORDS = _words(
    "jamais toujours rien typique typiquement lol mdr ptdr evidemment forcement "
    "never always nothing typical typically obviously lol"
)
CONTEMPT_PHRASES = ("même pas", "meme pas", "comme d'hab", "comme d’hab", "comme toujours", "not even", "can't even",
                    "cannot even", "as usual", "as always")
# Verbs of the exchange itself: the agent talking about a removed statement (« on a parlé de la réforme »,
# « j'ai dû répéter ») still speaks of it, unlike the agent doing something (« j'ai envoyé le devis »).
CONVERSATION_LEMMAS = _words("parler discuter débattre répéter bavarder talk discuss debate argue chat repeat")
# Verbs of refusal, and of will (refusal when negated): with an act of the person's own they state a practice.
REFUSAL_LEMMAS = _words("refuser refuse decline")
WILL_LEMMAS = _words("vouloir voulu veut want accept accepter")
# Sanctions of an offence, opening a clause (« Banned from store », « interdit de magasin »): part of it.
SANCTION_WORDS = _words(
    "interdit interdite interdits interdites exclu exclue exclus blackliste blacklistee radie radiee "
    "banned barred blacklisted excluded"
)
# Verbs that report a belief (« says the meter spies on him », « prétend que l'État le surveille »).
BELIEF_LEMMAS = _words("say claim think believe reckon insist dire prétendre croire penser affirmer raconter")
# Subjects that make a clause someone else's statement (the agent, a third party), not the customer's.
AGENT_PRONOUNS = _words("je j on nous vous i we you")

# Titles and abbreviations of the customer: their full stop never ends a sentence (« M. Durand », « Cl. dde »).
TITLES = _words("m mr mme mmes mlle mrs ms dr monsieur madame mademoiselle cl clt")
# Abbreviations whose full stop does not end a sentence (« Cl. dde un RDV », « conf. RS-40021 »).
ABBREVIATIONS = _words(
    "cl clt m mr mme mmes mlle mrs ms dr st n no ch conf resp tel appt cde cdes ref env etc vs av bd cf ex dep "
    "tél réf dép approx mat pat hosp"
)
# Neutral subjects for a verb whose subject went with the removed statement.
NEUTRAL_SUBJECT = {
    "fr": {"Fem": "la cliente", "Masc": "le client"},
    "en": {"Fem": "the customer", "Masc": "the customer"},
}
# Neutral noun for an insulting or origin noun that names the person after a determiner (« le [x] du 3e »).
NEUTRAL_NOUN = {"fr": {"Fem": "cliente", "Masc": "client"}, "en": {"Fem": "customer", "Masc": "customer"}}
# The partner of a customer whose orientation the comment states: the word gives the partner's gender away.
PARTNER_WORDS = {
    "fr": ("mari", "époux", "femme", "épouse", "compagnon", "compagne", "copain", "copine", "conjointe",
           "concubin", "concubine", "petit ami", "petite amie", "fiancé", "fiancée"),
    "en": ("husband", "wife", "boyfriend", "girlfriend", "fiance", "fiancee", "fiancé", "fiancée"),
}
# The word that replaces it, and the determiners that must agree with that word.
NEUTRAL_PARTNER = {"fr": "conjoint", "en": "partner"}
NEUTRAL_DETERMINERS = {"sa": "son", "la": "le", "une": "un", "ma": "mon", "ta": "ton", "cette": "ce"}
# Words that state an inability when negated or on their own (« ne peut plus monter », « unable to »).
ABILITY_LEMMAS = _words("pouvoir arriver réussir savoir can could able manage")
ABILITY_FORMS = _words("peut peux peuvent pourra pourrait pouvait ca can could")  # « ca » of « can't »
INABILITY_WORDS = _words("incapable impossible unable cannot")
# After an insult, a lack of skill or of room (negated lemma, or the word itself) is the contempt itself.
DEMEANING_INABILITY_LEMMAS = _words("savoir know fit rentrer passer squeeze")
UNSKILLED_WORDS = _words("incapable unable")
NEGATIONS = _words("pas plus jamais guère not never n't")
