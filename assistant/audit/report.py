"""report.html: a self-contained page, in French, that a company can show at a CNIL inspection.

It says what was checked and how (rules and legal bases), what was found (per category, over
time, masked examples, malformed rows, retention) and with what (detector version, lexicon hash,
input SHA-256). Inline CSS and inline PNG charts: one file, nothing fetched.
"""

from __future__ import annotations

from html import escape

from assistant import __version__
from assistant.audit.charts import category_chart, monthly_chart
from assistant.audit.checkpoint import Checkpoint
from assistant.audit.partition import REPORTED_CATEGORIES, RETENTION
from assistant.audit.summary import AuditSummary
from assistant.detect.policy import ENTITY_POLICIES

EXAMPLES_PER_CATEGORY = 3
MALFORMED_SHOWN = 20
MONTHS_SHOWN = 120

MALFORMED_LABELS = {
    "field_count": "Nombre de champs différent de l'en-tête",
    "undecodable": "Octets illisibles dans l'encodage du fichier",
    "missing_id": "Identifiant manquant",
    "too_long": "Commentaire plus long que la limite",
    "csv_error": "Ligne CSV illisible (guillemets mal fermés)",
    "analysis_error": "Analyse impossible",
}
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;max-width:980px;margin:2rem auto;
padding:0 1.2rem;line-height:1.45;font-size:15px}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #d9e2ec;padding-bottom:.2rem;
margin-top:2rem}.sub{color:#52606d;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #e4e7eb;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f5f7fa}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.cards{display:flex;gap:.8rem;flex-wrap:wrap}.card{flex:1 1 180px;border:1px solid #d9e2ec;border-radius:6px;
padding:.7rem .9rem}.card b{display:block;font-size:1.5rem}.card span{color:#52606d;font-size:.85rem}
.alert b{color:#b42318}code,.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem;
word-break:break-all}img{max-width:100%}.note{color:#52606d;font-size:.85rem}footer{margin-top:2.5rem;color:#7b8794;
font-size:.8rem}
"""


def _n(value: int | float) -> str:
    """A number the French way: narrow no-break space between thousands."""
    return f"{value:,}".replace(",", "\u202f").replace(".", ",")


def _day(iso: str) -> str:
    """2026-11-23 → 23/11/2026."""
    year, month, day = iso[:10].split("-")
    return f"{day}/{month}/{year}"


def _when(iso: str) -> str:
    """An ISO timestamp as « 23/11/2026 à 13:26 (UTC+01:00) »."""
    return f"{_day(iso)} à {iso[11:16]} (UTC{iso[19:] or ''})" if len(iso) >= 16 else iso


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}".replace(".", ",") + "\u00a0%" if whole else "–"


def legal_basis_fr(category: str, summary: AuditSummary) -> str:
    if category == RETENTION:
        return (f"RGPD art. 5(1)(e) ; repère CNIL : {summary.retention['years']} ans après le dernier contact "
                "(prospects)")
    return ENTITY_POLICIES[category].basis("fr")


def category_label(category: str) -> str:
    if category == RETENTION:
        return "Durée de conservation dépassée"
    return ENTITY_POLICIES[category].label("fr")


def render_report(summary: AuditSummary, checkpoint: Checkpoint) -> str:
    """The whole page as one string."""
    sections = [
        _header(summary), _overview(summary), _method(summary), _results(summary), _timeline(summary),
        _retention(summary), _examples(summary, checkpoint), _malformed(summary, checkpoint), _traceability(summary),
    ]
    body = "\n".join(section for section in sections if section)
    return (
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Audit RGPD des commentaires CRM — {escape(summary.input['name'])}</title>"
        f"<style>{_CSS}</style></head><body>\n{body}\n"
        f"<footer>Rapport généré hors ligne par crm-gdpr-assistant {escape(__version__)} le "
        f"{escape(_when(summary.finished_at))}. Aucune donnée n'a quitté la machine pendant l'audit.</footer>"
        "</body></html>\n"
    )


def _header(summary: AuditSummary) -> str:
    return (
        "<h1>Audit RGPD des commentaires libres du CRM</h1>"
        f"<p class=\"sub\">Fichier <b>{escape(summary.input['name'])}</b>, colonne "
        f"<b>{escape(summary.columns['text'] or '')}</b> — audit terminé le {escape(_when(summary.finished_at))}</p>"
    )


def _overview(summary: AuditSummary) -> str:
    cards = [
        (_n(summary.rows_total), "lignes dans l'export", ""),
        (_n(summary.flagged), f"commentaires signalés ({_pct(summary.flagged, summary.rows_checked)})", "alert"),
        (_n(summary.malformed), "lignes non analysables", ""),
    ]
    if summary.columns.get("date"):
        cards.insert(2, (_n(summary.past_retention), "lignes au-delà de la durée de conservation", "alert"))
    html = "".join(f"<div class=\"card {css}\"><b>{value}</b><span>{label}</span></div>" for value, label, css in cards)
    return f"<h2>Synthèse</h2><div class=\"cards\">{html}</div>"


def _method(summary: AuditSummary) -> str:
    rows = "".join(
        f"<tr><td>{escape(category_label(name))}</td><td>{escape(ENTITY_POLICIES[name].scope('fr'))}</td>"
        f"<td>{escape(legal_basis_fr(name, summary))}</td></tr>"
        for name in REPORTED_CATEGORIES if name != RETENTION
    )
    if summary.columns.get("date"):
        rows += (
            f"<tr><td>{escape(category_label(RETENTION))}</td><td>Date de dernier contact (colonne "
            f"<b>{escape(summary.columns['date'] or '')}</b>) antérieure au {_day(summary.retention['cutoff'])}, "
            f"soit plus de {summary.retention['years']} ans avant le {_day(summary.retention['as_of'])}</td>"
            f"<td>{escape(legal_basis_fr(RETENTION, summary))}</td></tr>"
        )
    return (
        "<h2>Ce qui a été vérifié, et comment</h2>"
        f"<p>Chacun des {_n(summary.rows_total)} enregistrements de l'export a été lu. Le commentaire libre de "
        "chaque ligne analysable a été examiné par un détecteur déterministe, exécuté entièrement sur ce poste : "
        "des lexiques par catégorie (termes, variantes, termes qui ne comptent que rapportés à la personne, et faux "
        "amis exclus comme « rue de l'Église » ou « malade de ce retard »), et des motifs de numéros dont la clé de "
        "contrôle est vérifiée. Le détail de chaque ligne est dans <code>rows.csv</code>, les lignes à traiter dans "
        "<code>flagged.csv</code>.</p>"
        "<p><b>Règle de signalement.</b> Un commentaire est signalé s'il contient une donnée d'une catégorie "
        "particulière (art. 9), une donnée d'infraction (art. 10), un propos injurieux ou dévalorisant, ou un numéro "
        "de carte bancaire, un IBAN ou un NIR, qui n'ont pas leur place dans un champ libre. Les noms, e-mails et "
        "téléphones sont des données CRM normales : ils ne font pas signaler une ligne, mais ils sont masqués dans "
        "les extraits.</p>"
        "<table><tr><th>Catégorie</th><th>Ce qui est recherché</th><th>Base légale</th></tr>"
        f"{rows}</table>"
        "<p class=\"note\">Limites : une détection automatique peut manquer une formulation inédite ou signaler un "
        "emploi légitime ; les lignes signalées sont à revoir par une personne habilitée avant correction ou "
        "suppression.</p>"
    )


def _results(summary: AuditSummary) -> str:
    total = summary.rows_checked
    counts = {**summary.categories}
    if summary.columns.get("date"):
        counts[RETENTION] = summary.past_retention
    rows = "".join(
        f"<tr><td>{escape(category_label(name))}</td><td class=\"n\">{_n(count)}</td>"
        f"<td class=\"n\">{_pct(count, total)}</td></tr>"
        for name, count in counts.items()
    )
    labels = {name: category_label(name) for name in summary.categories}
    chart = (f"<img alt=\"Commentaires signalés par catégorie\" src=\"{category_chart(summary.categories, labels)}\">"
             if any(summary.categories.values()) else "<p>Aucun commentaire signalé.</p>")
    return (
        "<h2>Résultats par catégorie</h2>"
        f"<p>{_n(summary.flagged)} commentaires signalés sur {_n(total)} analysés "
        f"({_pct(summary.flagged, total)}), dont {_n(summary.empty)} vides. Une ligne peut relever de plusieurs "
        "catégories.</p>"
        f"{chart}<table><tr><th>Catégorie</th><th class=\"n\">Lignes</th><th class=\"n\">Part des lignes "
        f"analysées</th></tr>{rows}</table>"
    )


def _timeline(summary: AuditSummary) -> str:
    if not summary.columns.get("date") or not summary.months:
        return ""
    months = dict(list(summary.months.items())[-MONTHS_SHOWN:])
    rows = "".join(
        f"<tr><td>{escape(month)}</td><td class=\"n\">{_n(values['rows'])}</td>"
        f"<td class=\"n\">{_n(values['flagged'])}</td><td class=\"n\">{_pct(values['flagged'], values['rows'])}</td>"
        f"<td class=\"n\">{_n(values['past_retention'])}</td></tr>"
        for month, values in months.items()
    )
    return (
        "<h2>Évolution dans le temps</h2><p>Par mois de dernier contact.</p>"
        f"<img alt=\"Lignes et part signalée par mois\" src=\"{monthly_chart(months)}\">"
        "<details><summary>Tableau mensuel</summary><table><tr><th>Mois</th><th class=\"n\">Lignes</th>"
        "<th class=\"n\">Signalées</th><th class=\"n\">Part</th><th class=\"n\">Conservation dépassée</th></tr>"
        f"{rows}</table></details>"
    )


def _retention(summary: AuditSummary) -> str:
    if not summary.columns.get("date"):
        return (
            "<h2>Durée de conservation</h2><p>Non vérifiée : aucune colonne de date de dernier contact n'a été "
            "indiquée (option <code>--date-column</code>).</p>"
        )
    retention = summary.retention
    return (
        "<h2>Durée de conservation</h2>"
        f"<p>Référence : {retention['years']} ans après le dernier contact, à la date du "
        f"{_day(retention['as_of'])} ; une ligne dont le dernier contact est antérieur au "
        f"{_day(retention['cutoff'])} est à supprimer ou à archiver.</p>"
        "<table><tr><th>Constat</th><th class=\"n\">Lignes</th></tr>"
        f"<tr><td>Dernier contact au-delà de la durée de conservation</td><td class=\"n\">"
        f"{_n(summary.past_retention)}</td></tr>"
        f"<tr><td>Date absente</td><td class=\"n\">{_n(summary.dates_missing)}</td></tr>"
        f"<tr><td>Date illisible</td><td class=\"n\">{_n(summary.dates_unparseable)}</td></tr></table>"
        "<p class=\"note\">Une ligne sans date lisible ne peut pas être contrôlée : à compléter ou à vérifier.</p>"
    )


def _examples(summary: AuditSummary, checkpoint: Checkpoint) -> str:
    rows = []
    for name, count in summary.categories.items():
        if not count:
            continue
        for example in checkpoint.iter_flagged(name, EXAMPLES_PER_CATEGORY):
            rows.append(
                f"<tr><td>{escape(category_label(name))}</td><td class=\"n\">{example.row}</td>"
                f"<td>{escape(example.id)}</td><td>{escape(example.excerpt)}</td></tr>"
            )
    if not rows:
        return ""
    return (
        "<h2>Exemples masqués</h2>"
        f"<p>Jusqu'à {EXAMPLES_PER_CATEGORY} lignes par catégorie. Les passages sensibles et les identifiants "
        "sont remplacés par leur catégorie entre crochets (par exemple [HEALTH], [PERSON], [PHONE_NUMBER]).</p>"
        "<table><tr><th>Catégorie</th><th class=\"n\">Ligne</th><th>Identifiant</th><th>Extrait masqué</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _malformed(summary: AuditSummary, checkpoint: Checkpoint) -> str:
    if not summary.malformed:
        return "<h2>Lignes non analysables</h2><p>Aucune : toutes les lignes de l'export ont été analysées.</p>"
    reasons = "".join(
        f"<tr><td>{escape(MALFORMED_LABELS.get(reason, reason))}</td><td class=\"n\">{_n(count)}</td></tr>"
        for reason, count in summary.malformed_reasons.items()
    )
    first = "".join(
        f"<tr><td class=\"n\">{bad.row}</td><td>{escape(bad.id)}</td>"
        f"<td>{escape(MALFORMED_LABELS.get(bad.reason, bad.reason))}</td><td>{escape(bad.detail)}</td></tr>"
        for bad in checkpoint.iter_malformed(MALFORMED_SHOWN)
    )
    return (
        "<h2>Lignes non analysables</h2>"
        f"<p>{_n(summary.malformed)} lignes n'ont pas pu être analysées ; elles sont listées dans "
        "<code>malformed.csv</code> et doivent être vérifiées à la main.</p>"
        f"<table><tr><th>Motif</th><th class=\"n\">Lignes</th></tr>{reasons}</table>"
        f"<details><summary>Les {min(summary.malformed, MALFORMED_SHOWN)} premières</summary><table><tr>"
        f"<th class=\"n\">Ligne</th><th>Identifiant</th><th>Motif</th><th>Détail</th></tr>{first}</table></details>"
    )


def _traceability(summary: AuditSummary) -> str:
    audit_settings = {
        key: value for key, value in summary.settings.items()
        if key.startswith("audit_") or key in {"retention_years", "max_text_chars"}
    }
    facts = [
        ("Fichier audité", escape(summary.input["name"])),
        ("Empreinte SHA-256 du fichier", f"<span class=\"hash\">{escape(summary.input['sha256'])}</span>"),
        ("Taille", f"{_n(summary.input['size'])} octets"),
        ("Format et encodage", escape(f"{summary.input['format']} {summary.input.get('encoding') or ''}".strip())),
        ("Colonnes", escape(", ".join(f"{k} = {v}" for k, v in summary.columns.items() if v))),
        ("Version du détecteur", f"<code>{escape(summary.detector['version'])}</code>"),
        ("Empreinte SHA-256 des lexiques",
         f"<span class=\"hash\">{escape(summary.detector['lexicons_sha256'])}</span>"),
        ("Début / fin", f"{escape(_when(summary.started_at))} / {escape(_when(summary.finished_at))}"),
        ("Durée de traitement",
         f"{_n(round(summary.duration_seconds, 1))} s ({_n(round(summary.rows_per_second))} lignes/s)"),
        ("Exécutions", f"{summary.runs} (reprises après interruption : {summary.runs - 1})"),
        ("Paramètres", escape(", ".join(f"{k} = {v}" for k, v in audit_settings.items()))),
    ]
    rows = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in facts)
    return (
        "<h2>Traçabilité</h2><p>Deux audits ayant la même empreinte de fichier et la même version de détecteur "
        f"donnent le même résultat.</p><table>{rows}</table>"
    )
