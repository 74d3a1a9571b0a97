"""Synthetic CRM exports of any size: realistic French (and some English) agent comments, streamed to disk.

About 7 % of comments are sensitive, spread over the eight categories, plus payment-card, IBAN and NIR
numbers with valid checksums; the rest are ordinary CRM notes with names, phones, e-mails and order
numbers, including hard negatives ("a haussé le ton", "rue de l'Église", "malade de ce retard").
Deterministic for a seed; a million rows are written without being held in memory. Every person,
number and address is invented.

Run: .venv/bin/python -m bench.synthetic --rows 1000000 --out bench/out/export.csv [--delimiter ,] [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HEADER = ("id", "date_dernier_contact", "agent", "commentaire")
REFERENCE_DAY = date(2026, 6, 30)  # fixed, so a seed always gives the same file
HISTORY_DAYS = 6 * 365  # last contacts go back six years, most of them recent

FIRST_NAMES = ("Jean", "Marie", "Pierre", "Sophie", "Nicolas", "Camille", "Julien", "Claire", "Thomas", "Léa",
               "Mohamed", "Fatima", "Karim", "Nathalie", "Olivier", "Isabelle", "Hugo", "Chloé", "Antoine", "Inès")
LAST_NAMES = ("Martin", "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Laurent", "Simon", "Michel", "Garcia",
              "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller")
AGENTS = tuple(f"{first[0]}.{last}" for first, last in zip(FIRST_NAMES[:12], LAST_NAMES[8:], strict=False))
TITLES = ("M.", "Mme", "Monsieur", "Madame")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")
PRODUCTS = ("box fibre", "forfait mobile", "contrat gaz", "abonnement premium", "canapé 3 places", "lave-linge",
            "assurance habitation", "offre pro")

CLEAN_FR = (
    "Rappeler {title} {last} {day} pour la cde {order}",
    "Client mécontent du délai de livraison, geste commercial de 20 € accordé (cde {order})",
    "{title} {last} souhaite résilier son {product}, transmis au service rétention",
    "Le client a haussé le ton, menace de résilier si pas de solution avant {day}",
    "A raccroché pendant l'appel, rappel prévu {day} matin au {phone}",
    "Livraison en rez-de-chaussée demandée, adresse : 12 rue de l'Église, 69003 Lyon",
    "Syndic de copropriété à contacter pour l'accès au local technique",
    "Je suis malade de ce retard, dit la cliente ; colis {order} relancé auprès du transporteur",
    "Demande de devis pour {product}, envoyer la proposition à {email}",
    "Échéancier mis en place : 3 mensualités, premier prélèvement le 5",
    "Client satisfait de l'intervention du technicien, aucune action",
    "Facture {order} contestée, montant de 89,90 € à vérifier avec la compta",
    "Changement d'adresse : nouvelle adresse au 4 avenue Victor Hugo, 75016 Paris",
    "{first} {last} préfère être contacté par e-mail ({email}) plutôt que par téléphone",
    "Carte bancaire expirée, le client mettra à jour son moyen de paiement sur l'espace client",
    "Rendez-vous fixé {day} 14h30 pour la mise en service de la {product}",
    "Réclamation sur la qualité du {product}, photo reçue, échange accepté",
    "Ne souhaite plus recevoir de SMS promotionnels, opposition enregistrée",
    "Client très remonté contre le service après-vente, escaladé au superviseur",
    "Appel entrant : question sur la portabilité du numéro {phone}",
    "RAS",
    "",
)
CLEAN_EN = (
    "Customer asked for a call back on {day_en} about order {order}",
    "Customer unhappy with the delivery delay, 20 € voucher granted",
    "Wants to cancel the {product} contract, passed to retention",
    "Sent the quote to {email}, follow up next week",
)
# Short follow-up clauses appended to many comments: real notes vary, which keeps comments mostly unique.
CLAUSES = (
    "rappel prévu le {date} à {time}",
    "ticket #{ticket} ouvert",
    "montant de {amount} € à vérifier",
    "dossier suivi par {agent}",
    "client joignable après {time}",
    "relance par e-mail le {date}",
    "devis n° {ticket} envoyé",
    "attente retour du service facturation",
    "voir échange du {date}",
)
SENSITIVE_FR = {
    "HEALTH": (
        "Client sous chimio, décaler l'échéance de la cde {order}",
        "{title} {last} est diabétique, livraison de repas adaptés",
        "Cliente enceinte de 6 mois, éviter les appels le matin",
        "Client en fauteuil roulant, livraison en rez-de-chaussée impérative",
        "Hospitalisé en psychiatrie depuis {day}, rappeler sa fille",
        "Souffre d'une dépression, ne pas insister au téléphone",
    ),
    "RELIGION": (
        "Cliente de confession juive, rappeler jeudi",
        "Fait le ramadan, préfère être appelé après 18h",
        "{title} {last} est musulman pratiquant, pas de livraison le vendredi",
        "Catholique pratiquant, ne pas appeler le dimanche",
    ),
    "ORIGIN": (
        "Monsieur avec un fort accent africain, difficile à comprendre",
        "Cliente d'origine maghrébine, livraison samedi",
        "{title} {last}, d'origine asiatique, parle mal français",
    ),
    "POLITICAL": (
        "Militant RN, très remonté contre nos tarifs",
        "Sympathisant de La France insoumise, a parlé politique pendant 10 minutes",
        "Vote écolo, demande des produits recyclés",
    ),
    "UNION": (
        "Délégué CGT dans son entreprise, veut un devis pour {product}",
        "{title} {last} est syndiqué à FO, négocie pour ses collègues",
    ),
    "SEXUAL": (
        "Client homosexuel, vit avec son compagnon",
        "Cliente lesbienne, contrat au nom de sa compagne",
    ),
    "CRIMINAL": (
        "Sort de prison, pas de justificatif de domicile",
        "Condamné pour escroquerie, exiger un paiement comptant",
        "{title} {last} a fait de la garde à vue le mois dernier",
    ),
    "INSULT": (
        "N'a pas de cerveau, a rappelé trois fois pour la même question",
        "Client complètement débile, impossible de lui expliquer la facture",
        "Vieille folle, ne comprend rien à internet",
        "Gros con, raccroche au nez à chaque appel",
    ),
}
SENSITIVE_EN = {
    "HEALTH": ("Customer is on chemo, wants a payment holiday",),
    "UNION": ("Caller is a shop steward at the plant",),
    "RELIGION": ("Jewish customer, call back on Friday morning",),
}
NUMBERS_FR = (
    "Paiement par carte {card}, transaction refusée, rappeler {day}",
    "Nouveau RIB pour les prélèvements : {iban}",
    "Numéro de sécu du client pour la mutuelle : {nir}",
    "CB {card} exp 09/27 communiquée par téléphone",
)


def luhn_complete(body: str) -> str:
    """`body` plus the Luhn check digit."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char)
        if position % 2 == 0:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return body + str((10 - total % 10) % 10)


def card_number(rng: random.Random) -> str:
    """A 16-digit card number (Visa, Mastercard or CB prefix) with a valid Luhn digit, grouped by four."""
    prefix = rng.choice(("4", "51", "52", "55", "4970"))
    digits = luhn_complete(prefix + "".join(rng.choices("0123456789", k=15 - len(prefix))))
    return " ".join(digits[i:i + 4] for i in range(0, 16, 4))


def iban_number(rng: random.Random) -> str:
    """A French IBAN (27 characters) with valid mod-97 check digits."""
    bban = "".join(rng.choices("0123456789", k=23))
    numeric = int("".join(str(int(char, 36)) for char in bban + "FR00"))
    compact = f"FR{98 - numeric % 97:02d}{bban}"
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def nir_number(rng: random.Random) -> str:
    """A NIR with a valid key: sex, year, month, department, commune, order, key."""
    body = (f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}"
            f"{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}")
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def _slots(rng: random.Random) -> dict[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return {
        "first": first, "last": last, "title": rng.choice(TITLES), "day": rng.choice(DAYS),
        "day_en": rng.choice(("Monday", "Tuesday", "Friday")), "order": f"{rng.randint(1000, 99999)}",
        "product": rng.choice(PRODUCTS),
        "phone": "0{} {:02d} {:02d} {:02d} {:02d}".format(rng.choice("1234567"), *rng.choices(range(100), k=4)),
        "email": f"{first.lower().replace('é', 'e').replace('è', 'e')}.{last.lower()}@exemple.fr",
        "date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}",
        "time": f"{rng.randint(8, 19)}h{rng.choice('0134')}0",
        "ticket": f"{rng.randint(10000, 999999)}", "amount": f"{rng.randint(5, 2000)},{rng.randint(0, 99):02d}",
        "agent": rng.choice(AGENTS),
    }


def comment(rng: random.Random, sensitive_rate: float) -> str:
    """One comment: sensitive (a category or a number) with probability `sensitive_rate`, else ordinary."""
    slots = _slots(rng)
    if rng.random() < sensitive_rate:
        if rng.random() < 0.15:
            slots.update(card=card_number(rng), iban=iban_number(rng), nir=nir_number(rng))
            template = rng.choice(NUMBERS_FR)
        else:
            table = SENSITIVE_EN if rng.random() < 0.08 else SENSITIVE_FR
            template = rng.choice(table[rng.choice(sorted(table))])
    else:
        template = rng.choice(CLEAN_EN if rng.random() < 0.08 else CLEAN_FR)
    text = template.format(**slots)
    if text and rng.random() < 0.6:
        clauses = rng.sample(CLAUSES, rng.randint(1, 2))
        text = f"{text}{rng.choice(('. ', ', ', ' ; ', ' - '))}{', '.join(clauses).format(**slots)}"
    return text


def _date(rng: random.Random, date_format: str) -> str:
    draw = rng.random()
    if draw < 0.01:
        return ""
    if draw < 0.013:
        return rng.choice(("inconnue", "N/A", "31/02/2021"))
    day = REFERENCE_DAY - timedelta(days=int(HISTORY_DAYS * rng.random() ** 2))
    return day.strftime(date_format)


def iter_rows(rows: int, seed: int = 7, sensitive_rate: float = 0.07,
              date_format: str = "%Y-%m-%d") -> Iterator[tuple[str, str, str, str]]:
    """(id, last contact, agent, comment) for each row, lazily."""
    rng = random.Random(seed)
    for number in range(1, rows + 1):
        yield (f"C{number:08d}", _date(rng, date_format), rng.choice(AGENTS), comment(rng, sensitive_rate))


def write_export(path: Path, rows: int, *, seed: int = 7, delimiter: str = ";", encoding: str = "utf-8",
                 sensitive_rate: float = 0.07, malformed_rate: float = 0.0, date_format: str = "%Y-%m-%d") -> Path:
    """Stream a CSV export to `path`; `malformed_rate` of rows lose their last field (wrong field count)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    broken = random.Random(seed + 1)
    with path.open("w", encoding=encoding, errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(HEADER)
        for row in iter_rows(rows, seed, sensitive_rate, date_format):
            writer.writerow(row[:-1] if malformed_rate and broken.random() < malformed_rate else row)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="Number of data rows.")
    parser.add_argument("--out", type=Path, required=True, help="CSV file to write.")
    parser.add_argument("--delimiter", choices=(";", ","), default=";")
    parser.add_argument("--encoding", choices=("utf-8", "utf-8-sig", "cp1252"), default="utf-8")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sensitive-rate", type=float, default=0.07, help="Share of sensitive comments.")
    parser.add_argument("--malformed-rate", type=float, default=0.0, help="Share of rows with a missing field.")
    parser.add_argument("--date-format", default="%Y-%m-%d", help="strftime format of the last-contact date.")
    args = parser.parse_args()
    write_export(args.out, args.rows, seed=args.seed, delimiter=args.delimiter, encoding=args.encoding,
                 sensitive_rate=args.sensitive_rate, malformed_rate=args.malformed_rate, date_format=args.date_format)
    print(f"Wrote {args.rows:,} rows to {args.out}")


if __name__ == "__main__":
    main()
