"""Every sentence of report.html, in French and English, in one table (the template says where each goes).

Legal reasons and category labels are not here: they come from the detector's policy (assistant.detect.policy).
Texts may hold trusted inline markup (<b>, <code>); the values put into them are escaped.
"""

from __future__ import annotations

REPORT_LANGUAGES = ("fr", "en")

# What the detector looks for, per category, as the report explains it to an inspector.
WHAT_IS_SEARCHED: dict[str, dict[str, str]] = {
    "ORIGIN": {
        "fr": "Origine raciale ou ethnique, couleur de peau, nationalité ou accent servant à caractériser la "
              "personne, insultes ethniques",
        "en": "Racial or ethnic origin, skin colour, nationality or accent used to characterise the person, "
              "ethnic slurs",
    },
    "POLITICAL": {"fr": "Opinions politiques, parti, vote", "en": "Political opinions, party, vote"},
    "RELIGION": {
        "fr": "Convictions religieuses ou philosophiques, pratiques (jeûne, règles alimentaires, tenue) présentées "
              "comme telles, appartenance à un groupe de croyance",
        "en": "Religious or philosophical beliefs, practices (fasting, dietary rules, dress) stated as such, "
              "membership of a belief group",
    },
    "UNION": {"fr": "Appartenance ou fonction syndicale", "en": "Trade-union membership or role"},
    "HEALTH": {
        "fr": "Santé physique ou mentale, handicap, grossesse, addiction, traitement, hospitalisation",
        "en": "Physical or mental health, disability, pregnancy, addiction, treatment, hospitalisation",
    },
    "SEXUAL": {"fr": "Vie sexuelle, orientation sexuelle", "en": "Sex life, sexual orientation"},
    "CRIMINAL": {
        "fr": "Infractions, condamnations, prison, garde à vue, mise à l'épreuve, personne soupçonnée ou victime "
              "d'une infraction",
        "en": "Offences, convictions, prison, police custody, probation, being suspected of or a victim of an "
              "offence",
    },
    "INSULT": {
        "fr": "Insultes, jugements dévalorisants ou moqueurs sur la personne (intelligence, âge, apparence, "
              "caractère)",
        "en": "Insults, demeaning or mocking judgements of the person (intelligence, age, appearance, character)",
    },
    "CREDIT_CARD": {
        "fr": "Numéro de carte bancaire (13 à 19 chiffres, clé de Luhn vérifiée)",
        "en": "Payment card number (13 to 19 digits, Luhn check digit verified)",
    },
    "IBAN_CODE": {
        "fr": "IBAN (longueur du pays et clé ISO 13616 modulo 97 vérifiées)",
        "en": "IBAN (country length and ISO 13616 mod-97 check verified)",
    },
    "FR_NIR": {
        "fr": "Numéro de sécurité sociale (NIR, clé 97 − (13 premiers chiffres modulo 97) vérifiée)",
        "en": "French social-security number (NIR, key 97 − (first 13 digits mod 97) verified)",
    },
}

MALFORMED_LABELS: dict[str, dict[str, str]] = {
    "field_count": {"fr": "Nombre de champs différent de l'en-tête", "en": "Field count differs from the header"},
    "undecodable": {"fr": "Octets illisibles dans l'encodage du fichier",
                    "en": "Bytes that cannot be read in the file's encoding"},
    "missing_id": {"fr": "Identifiant manquant", "en": "Missing identifier"},
    "too_long": {"fr": "Commentaire plus long que la limite", "en": "Comment longer than the limit"},
    "csv_error": {"fr": "Ligne CSV illisible (guillemets mal fermés)", "en": "Unreadable CSV line (unclosed quotes)"},
    "analysis_error": {"fr": "Analyse impossible", "en": "Analysis failed"},
}

TEXT: dict[str, dict[str, str]] = {
    "title": {"fr": "Audit RGPD des commentaires CRM — {name}", "en": "GDPR audit of CRM comments — {name}"},
    "heading": {"fr": "Audit RGPD des commentaires libres du CRM", "en": "GDPR audit of the CRM's free-text comments"},
    "subtitle": {
        "fr": "Fichier <b>{name}</b>, colonne <b>{column}</b> — audit terminé le {when}",
        "en": "File <b>{name}</b>, column <b>{column}</b> — audit finished on {when}",
    },
    "when": {"fr": "{day} à {time} (UTC{offset})", "en": "{day} at {time} (UTC{offset})"},
    # Overview
    "overview": {"fr": "Synthèse", "en": "Overview"},
    "card_rows": {"fr": "lignes dans l'export", "en": "rows in the export"},
    "card_flagged": {"fr": "commentaires signalés ({share})", "en": "flagged comments ({share})"},
    "card_retention": {"fr": "lignes au-delà de la durée de conservation", "en": "rows past the retention period"},
    "card_malformed": {"fr": "lignes non analysables", "en": "rows that could not be analysed"},
    # Method
    "method": {"fr": "Ce qui a été vérifié, et comment", "en": "What was checked, and how"},
    "method_intro": {
        "fr": "Chacun des {rows} enregistrements de l'export a été lu. Le commentaire libre de chaque ligne "
              "analysable a été examiné par un détecteur déterministe, exécuté entièrement sur ce poste : des "
              "lexiques par catégorie (termes, variantes, termes qui ne comptent que rapportés à la personne, et "
              "faux amis exclus comme « rue de l'Église » ou « malade de ce retard »), et des motifs de numéros "
              "dont la clé de contrôle est vérifiée. Le détail de chaque ligne est dans <code>rows.csv</code>, les "
              "lignes à traiter dans <code>flagged.csv</code>.",
        "en": "Each of the {rows} records of the export was read. The free-text comment of every readable row was "
              "examined by a deterministic detector that ran entirely on this computer: word lists per category "
              "(terms, variants, terms that only count when said of the person, and excluded false friends such "
              "as “rue de l'Église” or “sick of this delay”), and number patterns whose check digit is verified. "
              "Every row's outcome is in <code>rows.csv</code>, the rows to correct in <code>flagged.csv</code>.",
    },
    "flag_rule": {
        "fr": "<b>Règle de signalement.</b> Un commentaire est signalé s'il contient une donnée d'une catégorie "
              "particulière (art. 9), une donnée d'infraction (art. 10), un propos injurieux ou dévalorisant, ou "
              "un numéro de carte bancaire, un IBAN ou un NIR, qui n'ont pas leur place dans un champ libre. Les "
              "noms, e-mails et téléphones sont des données CRM normales : ils ne font pas signaler une ligne, mais "
              "ils sont masqués dans les extraits.",
        "en": "<b>Flag rule.</b> A comment is flagged when it holds special-category data (art. 9), criminal data "
              "(art. 10), an insulting or demeaning remark, or a payment card number, an IBAN or a French "
              "social-security number, which have no place in a free-text field. Names, e-mail addresses and "
              "phone numbers are normal CRM data: they do not flag a row, but they are masked in the excerpts.",
    },
    "col_category": {"fr": "Catégorie", "en": "Category"},
    "col_searched": {"fr": "Ce qui est recherché", "en": "What is searched for"},
    "col_reason": {"fr": "Motif et base légale", "en": "Reason and legal basis"},
    "retention_label": {"fr": "Durée de conservation dépassée", "en": "Retention period exceeded"},
    "retention_searched": {
        "fr": "Date de dernier contact (colonne <b>{column}</b>) antérieure au {cutoff}, soit plus de {years} ans "
              "avant le {as_of}",
        "en": "Last-contact date (column <b>{column}</b>) before {cutoff}, that is more than {years} years before "
              "{as_of}",
    },
    "retention_basis": {
        "fr": "RGPD art. 5(1)(e) ; repère CNIL : {years} ans après le dernier contact (prospects)",
        "en": "GDPR art. 5(1)(e); CNIL benchmark: {years} years after the last contact (prospects)",
    },
    "limits": {
        "fr": "Limites : une détection automatique peut manquer une formulation inédite ou signaler un emploi "
              "légitime ; les lignes signalées sont à revoir par une personne habilitée avant correction ou "
              "suppression.",
        "en": "Limits: automatic detection can miss a new turn of phrase or flag a legitimate use; flagged rows "
              "are to be reviewed by an authorised person before they are corrected or deleted.",
    },
    # Results
    "results": {"fr": "Résultats par catégorie", "en": "Results by category"},
    "results_intro": {
        "fr": "{flagged} commentaires signalés sur {checked} analysés ({share}), dont {empty} vides. Une ligne peut "
              "relever de plusieurs catégories.",
        "en": "{flagged} comments flagged out of {checked} analysed ({share}), {empty} of them empty. A row can "
              "fall under several categories.",
    },
    "chart_alt": {"fr": "Commentaires signalés par catégorie", "en": "Flagged comments by category"},
    "none_flagged": {"fr": "Aucun commentaire signalé.", "en": "No comment flagged."},
    "col_rows": {"fr": "Lignes", "en": "Rows"},
    "col_share": {"fr": "Part des lignes analysées", "en": "Share of analysed rows"},
    # Charts
    "axis_flagged_rows": {"fr": "Lignes signalées", "en": "Flagged rows"},
    "axis_rows": {"fr": "Lignes", "en": "Rows"},
    "axis_rows_by_month": {"fr": "Lignes (mois du dernier contact)", "en": "Rows (month of last contact)"},
    "axis_flagged_share": {"fr": "% de commentaires signalés", "en": "% of comments flagged"},
    "legend_flagged_share": {"fr": "% signalées", "en": "% flagged"},
    # Timeline
    "timeline": {"fr": "Évolution dans le temps", "en": "Over time"},
    "timeline_intro": {"fr": "Par mois de dernier contact.", "en": "By month of last contact."},
    "timeline_alt": {"fr": "Lignes et part signalée par mois", "en": "Rows and share flagged by month"},
    "timeline_table": {"fr": "Tableau mensuel", "en": "Monthly table"},
    "col_month": {"fr": "Mois", "en": "Month"},
    "col_flagged": {"fr": "Signalées", "en": "Flagged"},
    "col_part": {"fr": "Part", "en": "Share"},
    "col_past_retention": {"fr": "Conservation dépassée", "en": "Past retention"},
    # Retention
    "retention": {"fr": "Durée de conservation", "en": "Retention period"},
    "retention_unchecked": {
        "fr": "Non vérifiée : aucune colonne de date de dernier contact n'a été indiquée (option "
              "<code>--date-column</code>).",
        "en": "Not checked: no last-contact date column was given (option <code>--date-column</code>).",
    },
    "retention_intro": {
        "fr": "Référence : {years} ans après le dernier contact, à la date du {as_of} ; une ligne dont le dernier "
              "contact est antérieur au {cutoff} est à supprimer ou à archiver.",
        "en": "Benchmark: {years} years after the last contact, as of {as_of}; a row whose last contact is before "
              "{cutoff} is to be deleted or archived.",
    },
    "col_finding": {"fr": "Constat", "en": "Finding"},
    "past_retention": {"fr": "Dernier contact au-delà de la durée de conservation",
                       "en": "Last contact past the retention period"},
    "dates_missing": {"fr": "Date absente", "en": "Date missing"},
    "dates_unparseable": {"fr": "Date illisible", "en": "Date unreadable"},
    "retention_note": {
        "fr": "Une ligne sans date lisible ne peut pas être contrôlée : à compléter ou à vérifier.",
        "en": "A row without a readable date cannot be checked: complete or verify it.",
    },
    # Examples
    "examples": {"fr": "Exemples masqués", "en": "Masked examples"},
    "examples_intro": {
        "fr": "Jusqu'à {count} lignes par catégorie. Les passages sensibles et les identifiants sont remplacés par "
              "leur catégorie entre crochets (par exemple [HEALTH], [PERSON], [PHONE_NUMBER]).",
        "en": "Up to {count} rows per category. Sensitive passages and identifiers are replaced by their category "
              "in brackets (for example [HEALTH], [PERSON], [PHONE_NUMBER]).",
    },
    "col_row": {"fr": "Ligne", "en": "Row"},
    "col_id": {"fr": "Identifiant", "en": "Identifier"},
    "col_excerpt": {"fr": "Extrait masqué", "en": "Masked excerpt"},
    # Malformed
    "malformed": {"fr": "Lignes non analysables", "en": "Rows that could not be analysed"},
    "malformed_none": {"fr": "Aucune : toutes les lignes de l'export ont été analysées.",
                       "en": "None: every row of the export was analysed."},
    "malformed_intro": {
        "fr": "{count} lignes n'ont pas pu être analysées ; elles sont listées dans <code>malformed.csv</code> et "
              "doivent être vérifiées à la main.",
        "en": "{count} rows could not be analysed; they are listed in <code>malformed.csv</code> and must be "
              "checked by hand.",
    },
    "col_cause": {"fr": "Motif", "en": "Cause"},
    "col_detail": {"fr": "Détail", "en": "Detail"},
    "malformed_first": {"fr": "Les {count} premières", "en": "The first {count}"},
    # Traceability
    "traceability": {"fr": "Traçabilité", "en": "Traceability"},
    "traceability_intro": {
        "fr": "Deux audits ayant la même empreinte de fichier et la même version de détecteur donnent le même "
              "résultat.",
        "en": "Two audits with the same file fingerprint and the same detector version give the same result.",
    },
    "fact_file": {"fr": "Fichier audité", "en": "Audited file"},
    "fact_sha256": {"fr": "Empreinte SHA-256 du fichier", "en": "SHA-256 of the file"},
    "fact_size": {"fr": "Taille", "en": "Size"},
    "bytes": {"fr": "{size} octets", "en": "{size} bytes"},
    "fact_format": {"fr": "Format et encodage", "en": "Format and encoding"},
    "fact_columns": {"fr": "Colonnes", "en": "Columns"},
    "fact_detector": {"fr": "Version du détecteur", "en": "Detector version"},
    "fact_lexicons": {"fr": "Empreinte SHA-256 des lexiques", "en": "SHA-256 of the word lists"},
    "fact_period": {"fr": "Début / fin", "en": "Start / end"},
    "fact_duration": {"fr": "Durée de traitement", "en": "Processing time"},
    "duration": {"fr": "{seconds} s ({rate} lignes/s)", "en": "{seconds} s ({rate} rows/s)"},
    "fact_runs": {"fr": "Exécutions", "en": "Runs"},
    "runs": {"fr": "{runs} (reprises après interruption : {resumed})",
             "en": "{runs} (resumed after a stop: {resumed})"},
    "fact_settings": {"fr": "Paramètres", "en": "Settings"},
    "footer": {
        "fr": "Rapport généré hors ligne par crm-gdpr-assistant {version} le {when}. Aucune donnée n'a quitté la "
              "machine pendant l'audit.",
        "en": "Report generated offline by crm-gdpr-assistant {version} on {when}. No data left the machine "
              "during the audit.",
    },
}
