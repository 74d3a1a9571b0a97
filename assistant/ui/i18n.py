"""Every piece of interface text, in French and English, in one table."""

from __future__ import annotations

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_CHOICES = [("Français", "fr"), ("English", "en")]

STRINGS: dict[str, dict[str, str]] = {
    # Page
    "title": {"fr": "Assistant RGPD — commentaires CRM", "en": "GDPR assistant — CRM comments"},
    "header": {
        "fr": "## Assistant RGPD pour les commentaires CRM\n"
              "Vérifiez et reformulez un commentaire, posez une question sur le RGPD, auditez un export. "
              "Tout reste sur cette machine.",
        "en": "## GDPR assistant for CRM comments\n"
              "Check and rewrite a comment, ask a GDPR question, audit an export. "
              "Everything stays on this machine.",
    },
    "language": {"fr": "Langue", "en": "Language"},
    # Assistant tab
    "tab_assistant": {"fr": "Assistant", "en": "Assistant"},
    "chat_label": {"fr": "Conversation", "en": "Conversation"},
    "chat_placeholder": {
        "fr": "Collez un commentaire CRM pour le vérifier, ou posez une question sur le RGPD.",
        "en": "Paste a CRM comment to check it, or ask a GDPR question.",
    },
    "message_label": {"fr": "Votre message", "en": "Your message"},
    "message_placeholder": {
        "fr": "Ex. : « Client diabétique, rappeler lundi » ou « Combien de temps garder un prospect ? »",
        "en": "E.g. “Customer is diabetic, call back Monday” or “How long can we keep a prospect?”",
    },
    "send": {"fr": "Envoyer", "en": "Send"},
    "clear": {"fr": "Effacer", "en": "Clear"},
    "override_hint": {"fr": "Mauvaise piste ? Précisez :", "en": "Wrong guess? Tell me:"},
    "force_comment": {"fr": "C'est un commentaire", "en": "It's a comment"},
    "force_question": {"fr": "C'est une question", "en": "It's a question"},
    "examples": {"fr": "Exemples", "en": "Examples"},
    "guess_comment": {
        "fr": "Cela ressemble à un **commentaire CRM** : je le vérifie et je propose une reformulation.",
        "en": "This looks like a **CRM comment**: I check it and suggest a rewrite.",
    },
    "guess_question": {
        "fr": "Cela ressemble à une **question** : je cherche dans la base de connaissances.",
        "en": "This looks like a **question**: I search the knowledge base.",
    },
    "forced_comment": {
        "fr": "D'accord, je traite ce message comme un **commentaire CRM**.",
        "en": "All right, I treat this message as a **CRM comment**.",
    },
    "forced_question": {
        "fr": "D'accord, je traite ce message comme une **question**.",
        "en": "All right, I treat this message as a **question**.",
    },
    "nothing_to_redo": {
        "fr": "Envoyez d'abord un message.",
        "en": "Send a message first.",
    },
    "thinking": {"fr": "_Recherche en cours…_", "en": "_Searching…_"},
    "rewriting": {"fr": "_Reformulation en cours…_", "en": "_Rewriting…_"},
    "verdict_clean": {
        "fr": "✔ Rien de sensible : le commentaire peut rester tel quel.",
        "en": "✔ Nothing sensitive: the comment can stay as it is.",
    },
    "verdict_flagged": {
        "fr": "⚠ Commentaire à corriger : {categories}",
        "en": "⚠ Comment to fix: {categories}",
    },
    "identifier_to_remove": {"fr": "identifiant à retirer", "en": "identifier to remove"},
    "pii_noted": {
        "fr": "Données personnelles relevées (non bloquantes) : {types}",
        "en": "Personal data noted (not blocking): {types}",
    },
    "rewrite_heading": {"fr": "**Reformulation vérifiée** ({method}) :", "en": "**Verified rewrite** ({method}):"},
    "rewrite_still_flagged": {
        "fr": "⚠ La reformulation contient encore un élément sensible : relisez-la avant de l'enregistrer.",
        "en": "⚠ The rewrite still contains something sensitive: review it before saving.",
    },
    "model_unavailable": {
        "fr": "⚠ Le modèle de langue n'a pas répondu, les règles ont reformulé ({why})",
        "en": "⚠ The language model did not answer, the rules rewrote the comment ({why})",
    },
    "method_llm": {"fr": "modèle local", "en": "local model"},
    "method_rules": {"fr": "règles", "en": "rules"},
    "method_unchanged": {"fr": "inchangé", "en": "unchanged"},
    "sources": {"fr": "**Sources :**", "en": "**Sources:**"},
    "closest_question": {"fr": "_Question la plus proche : {question}_", "en": "_Closest question: {question}_"},
    # Check tab
    "tab_check": {"fr": "Vérifier / reformuler", "en": "Check / rewrite"},
    "comment_label": {"fr": "Commentaire", "en": "Comment"},
    "comment_placeholder": {
        "fr": "Collez ici un commentaire CRM…",
        "en": "Paste a CRM comment here…",
    },
    "analyze": {"fr": "Analyser", "en": "Check"},
    "rewrite": {"fr": "Reformuler (vérifié)", "en": "Rewrite (verified)"},
    "highlights_label": {"fr": "Éléments détectés", "en": "Findings in the text"},
    "findings_label": {"fr": "Motifs et bases légales", "en": "Reasons and legal bases"},
    "col_excerpt": {"fr": "Extrait", "en": "Excerpt"},
    "col_category": {"fr": "Catégorie", "en": "Category"},
    "col_reason": {"fr": "Motif — base légale", "en": "Reason — legal basis"},
    "col_score": {"fr": "Score", "en": "Score"},
    "diff_label": {"fr": "Modifications (− retiré, + ajouté)", "en": "Changes (− removed, + added)"},
    "rewrite_label": {"fr": "Reformulation vérifiée", "en": "Verified rewrite"},
    # Audit tab
    "tab_audit": {"fr": "Audit", "en": "Audit"},
    "audit_intro": {
        "fr": "Déposez un export CRM (CSV ou XLSX), choisissez la colonne des commentaires et lancez l'audit. "
              "Le fichier est traité sur cette machine.",
        "en": "Upload a CRM export (CSV or XLSX), pick the comment column and run the audit. "
              "The file is processed on this machine.",
    },
    "upload_label": {"fr": "Export CRM (CSV ou XLSX, {mb} Mo max)", "en": "CRM export (CSV or XLSX, {mb} MB max)"},
    "column_label": {"fr": "Colonne des commentaires", "en": "Comment column"},
    "id_column_label": {"fr": "Colonne identifiant (facultatif)", "en": "ID column (optional)"},
    "date_column_label": {
        "fr": "Colonne date du dernier contact (facultatif)",
        "en": "Last-contact date column (optional)",
    },
    "audit_rewrite_label": {
        "fr": "Ajouter une suggestion de reformulation (règles)",
        "en": "Add a rewrite suggestion (rules)",
    },
    "run_audit": {"fr": "Lancer l'audit", "en": "Run the audit"},
    "audit_running": {"fr": "Audit en cours…", "en": "Audit running…"},
    "audit_elapsed": {"fr": "Audit en cours… {seconds} s", "en": "Audit running… {seconds} s"},
    "audit_done": {
        "fr": "✔ Audit terminé : {flagged} commentaires signalés sur {rows}.",
        "en": "✔ Audit finished: {flagged} flagged comments out of {rows}.",
    },
    "audit_progress": {"fr": "Avancement : {percent} %", "en": "Progress: {percent}%"},
    "summary_label": {"fr": "Synthèse", "en": "Summary"},
    "col_metric": {"fr": "Indicateur", "en": "Metric"},
    "col_value": {"fr": "Valeur", "en": "Value"},
    "figure_rows_total": {"fr": "Lignes lues", "en": "Rows read"},
    "figure_rows_checked": {"fr": "Commentaires analysés", "en": "Comments checked"},
    "figure_flagged": {"fr": "Commentaires signalés", "en": "Flagged comments"},
    "figure_empty": {"fr": "Commentaires vides", "en": "Empty comments"},
    "figure_malformed": {"fr": "Lignes illisibles", "en": "Unreadable rows"},
    "figure_past_retention": {"fr": "Au-delà de la durée de conservation", "en": "Past the retention period"},
    "figure_duration_seconds": {"fr": "Durée (s)", "en": "Duration (s)"},
    "figure_rows_per_second": {"fr": "Lignes par seconde", "en": "Rows per second"},
    "chart_label": {"fr": "Commentaires signalés par catégorie", "en": "Flagged comments per category"},
    "chart_category": {"fr": "catégorie", "en": "category"},
    "chart_count": {"fr": "commentaires", "en": "comments"},
    "download_flagged": {"fr": "Télécharger flagged.csv", "en": "Download flagged.csv"},
    "download_report": {"fr": "Télécharger report.html", "en": "Download report.html"},
    # Errors
    "error_title": {"fr": "Erreur", "en": "Error"},
    "error_empty": {"fr": "Le texte est vide : collez d'abord un commentaire ou une question.",
                    "en": "The text is empty: paste a comment or a question first."},
    "error_no_file": {"fr": "Déposez d'abord un export CSV ou XLSX.", "en": "Upload a CSV or XLSX export first."},
    "error_no_column": {"fr": "Choisissez la colonne des commentaires.", "en": "Pick the comment column."},
    "error_file_type": {
        "fr": "Seuls les fichiers CSV et XLSX sont acceptés.",
        "en": "Only CSV and XLSX files are accepted.",
    },
    "error_too_large": {
        "fr": "Le fichier dépasse la limite de {mb} Mo (réglage ASSISTANT_MAX_UPLOAD_MB).",
        "en": "The file is larger than the {mb} MB limit (setting ASSISTANT_MAX_UPLOAD_MB).",
    },
    "error_internal": {
        "fr": "Une erreur inattendue s'est produite ({kind}). Le détail est dans le journal du serveur.",
        "en": "An unexpected error occurred ({kind}). The details are in the server log.",
    },
}

EXAMPLE_COMMENTS = {
    "fr": [
        "Mme Durand a appelé, très agressive. Elle est enceinte et veut décaler la livraison.",
        "Client syndiqué CGT, sorti de prison l'an dernier, rappeler lundi au 06 12 34 56 78.",
        "Client mécontent du retard, menace de résilier. Rappeler jeudi.",
    ],
    "en": [
        "Mrs Brown called, very rude. She is pregnant and wants to move the delivery.",
        "Customer is a union rep and was in prison last year, call back Monday.",
        "Customer unhappy about the delay, threatens to cancel. Call back Thursday.",
    ],
}

EXAMPLE_QUESTIONS = {
    "fr": [
        "Combien de temps peut-on conserver les données d'un prospect ?",
        "Peut-on noter dans le CRM qu'un client est malade ?",
    ],
    "en": [
        "How long can we keep a prospect's data?",
        "Can we write in the CRM that a customer is ill?",
    ],
}


def normalize(lang: str | None) -> str:
    """A supported interface language; anything else falls back to French."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None, **values: object) -> str:
    """The text for `key` in `lang`, with named placeholders filled."""
    text = STRINGS[key][normalize(lang)]
    return text.format(**values) if values else text
