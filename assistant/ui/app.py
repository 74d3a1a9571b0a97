"""The Gradio Blocks layout: three tabs wired to the handlers, every label from the i18n table."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import gradio as gr

from assistant.config import Settings
from assistant.services import Services
from assistant.ui import render
from assistant.ui.audit_tab import EXPORT_SUFFIXES, AuditTab, summary_rows
from assistant.ui.chat import Chat
from assistant.ui.check import Check, findings_table
from assistant.ui.i18n import DEFAULT_LANGUAGE, EXAMPLE_COMMENTS, EXAMPLE_QUESTIONS, LANGUAGE_CHOICES, t

CSS = """
#header h2 { margin-bottom: 0.2em; }
.override-row { align-items: center; }
"""


class _Labels:
    """Components whose text follows the language radio, with the function giving their update."""

    def __init__(self) -> None:
        self.items: list[tuple[gr.components.Component | gr.blocks.BlockContext, Callable[[str], Any]]] = []

    def add(self, component: Any, update: Callable[[str], Any]) -> Any:
        self.items.append((component, update))
        return component

    def updates(self, lang: str) -> list[Any]:
        return [update(lang) for _, update in self.items]

    @property
    def components(self) -> list[Any]:
        return [component for component, _ in self.items]


def _examples(lang: str) -> list[list[str]]:
    return [[text] for text in (*EXAMPLE_COMMENTS[lang], *EXAMPLE_QUESTIONS[lang])]


def build_app(settings: Settings, services: Services | None = None) -> gr.Blocks:
    """The whole web app; `services` lets tests swap the library functions for fakes."""
    services = services or Services()
    chat, check, audit = Chat(settings, services), Check(settings, services), AuditTab(settings, services)
    lang0 = DEFAULT_LANGUAGE
    labels = _Labels()

    with gr.Blocks(title=t("title", lang0), analytics_enabled=False, delete_cache=(3600, 24 * 3600)) as app:
        with gr.Row(equal_height=True):
            labels.add(gr.Markdown(t("header", lang0), elem_id="header"), lambda lang: gr.Markdown(t("header", lang)))
            language = labels.add(
                gr.Radio(LANGUAGE_CHOICES, value=lang0, label=t("language", lang0), elem_id="language", scale=0,
                         min_width=300),
                lambda lang: gr.Radio(label=t("language", lang)),
            )

        with gr.Tabs(selected="assistant"):
            # Assistant: one chat for comments and questions.
            with labels.add(gr.Tab(t("tab_assistant", lang0), id="assistant", elem_id="tab-assistant"),
                            lambda lang: gr.Tab(label=t("tab_assistant", lang))):
                chatbot = labels.add(
                    gr.Chatbot(label=t("chat_label", lang0), placeholder=t("chat_placeholder", lang0), height=None,
                               min_height=360, max_height="70vh",
                               elem_id="chat", feedback_options=None, buttons=["copy"]),
                    lambda lang: gr.Chatbot(label=t("chat_label", lang), placeholder=t("chat_placeholder", lang)),
                )
                last = gr.State("")
                with gr.Row(equal_height=True):
                    message = labels.add(
                        gr.Textbox(label=t("message_label", lang0), placeholder=t("message_placeholder", lang0),
                                   lines=2, max_lines=8, scale=5, elem_id="chat-input"),
                        lambda lang: gr.Textbox(label=t("message_label", lang),
                                                placeholder=t("message_placeholder", lang)),
                    )
                    send = labels.add(gr.Button(t("send", lang0), variant="primary", scale=1, elem_id="chat-send"),
                                      lambda lang: gr.Button(t("send", lang)))
                with gr.Row(elem_classes="override-row"):
                    labels.add(gr.Markdown(t("override_hint", lang0)),
                               lambda lang: gr.Markdown(t("override_hint", lang)))
                    as_comment = labels.add(gr.Button(t("force_comment", lang0), size="sm", elem_id="as-comment"),
                                            lambda lang: gr.Button(t("force_comment", lang)))
                    as_question = labels.add(gr.Button(t("force_question", lang0), size="sm", elem_id="as-question"),
                                             lambda lang: gr.Button(t("force_question", lang)))
                    clear = labels.add(gr.Button(t("clear", lang0), size="sm", variant="stop", elem_id="chat-clear"),
                                       lambda lang: gr.Button(t("clear", lang)))
                chat_examples = gr.Examples(_examples(lang0), inputs=[message], label=t("examples", lang0))
                labels.add(chat_examples.dataset,
                           lambda lang: gr.Dataset(samples=_examples(lang), label=t("examples", lang)))

            # Check / rewrite: findings in place, reasons, verified rewrite next to the original.
            with labels.add(gr.Tab(t("tab_check", lang0), id="check", elem_id="tab-check"),
                            lambda lang: gr.Tab(label=t("tab_check", lang))):
                comment = labels.add(
                    gr.Textbox(label=t("comment_label", lang0), placeholder=t("comment_placeholder", lang0),
                               lines=4, max_lines=12, elem_id="check-input"),
                    lambda lang: gr.Textbox(label=t("comment_label", lang),
                                            placeholder=t("comment_placeholder", lang)),
                )
                with gr.Row():
                    analyze = labels.add(gr.Button(t("analyze", lang0), variant="primary", elem_id="check-analyze"),
                                         lambda lang: gr.Button(t("analyze", lang)))
                    rewrite = labels.add(gr.Button(t("rewrite", lang0), elem_id="check-rewrite"),
                                         lambda lang: gr.Button(t("rewrite", lang)))
                verdict = gr.Markdown(elem_id="check-verdict")
                highlights = labels.add(
                    gr.HighlightedText(label=t("highlights_label", lang0), show_legend=False, combine_adjacent=False,
                                       elem_id="check-highlights"),
                    lambda lang: gr.HighlightedText(label=t("highlights_label", lang)),
                )
                findings = labels.add(
                    gr.Dataframe(findings_table([], lang0), label=t("findings_label", lang0), interactive=False,
                                 wrap=True, elem_id="check-findings", column_widths=["20%", "14%", "56%", "10%"]),
                    lambda lang: gr.Dataframe(label=t("findings_label", lang), headers=render.findings_headers(lang)),
                )
                with gr.Row(equal_height=True):
                    changes = labels.add(
                        gr.HighlightedText(label=t("diff_label", lang0), color_map=render.DIFF_COLOURS,
                                           show_legend=False, elem_id="check-diff"),
                        lambda lang: gr.HighlightedText(label=t("diff_label", lang)),
                    )
                    rewritten = labels.add(
                        gr.Textbox(label=t("rewrite_label", lang0), lines=4, interactive=False, buttons=["copy"],
                                   elem_id="check-rewritten"),
                        lambda lang: gr.Textbox(label=t("rewrite_label", lang)),
                    )
                rewrite_status = gr.Markdown(elem_id="check-rewrite-status")
                check_examples = gr.Examples([[text] for text in EXAMPLE_COMMENTS[lang0]], inputs=[comment],
                                             label=t("examples", lang0))
                labels.add(check_examples.dataset,
                           lambda lang: gr.Dataset(samples=[[text] for text in EXAMPLE_COMMENTS[lang]],
                                                   label=t("examples", lang)))

            # Audit: a whole export, with live progress and downloadable results.
            with labels.add(gr.Tab(t("tab_audit", lang0), id="audit", elem_id="tab-audit"),
                            lambda lang: gr.Tab(label=t("tab_audit", lang))):
                labels.add(gr.Markdown(t("audit_intro", lang0)), lambda lang: gr.Markdown(t("audit_intro", lang)))
                mb = settings.max_upload_mb
                with gr.Row():
                    upload = labels.add(
                        gr.File(label=t("upload_label", lang0, mb=mb), file_types=list(EXPORT_SUFFIXES),
                                type="filepath", elem_id="audit-upload", height=140),
                        lambda lang: gr.File(label=t("upload_label", lang, mb=mb)),
                    )
                    with gr.Column():
                        column = labels.add(gr.Dropdown(label=t("column_label", lang0), elem_id="audit-column"),
                                            lambda lang: gr.Dropdown(label=t("column_label", lang)))
                        id_column = labels.add(
                            gr.Dropdown(label=t("id_column_label", lang0), elem_id="audit-id-column"),
                            lambda lang: gr.Dropdown(label=t("id_column_label", lang)),
                        )
                        date_column = labels.add(
                            gr.Dropdown(label=t("date_column_label", lang0), elem_id="audit-date-column"),
                            lambda lang: gr.Dropdown(label=t("date_column_label", lang)),
                        )
                        with_rewrite = labels.add(
                            gr.Checkbox(label=t("audit_rewrite_label", lang0), elem_id="audit-rewrite"),
                            lambda lang: gr.Checkbox(label=t("audit_rewrite_label", lang)),
                        )
                run = labels.add(gr.Button(t("run_audit", lang0), variant="primary", elem_id="audit-run"),
                                 lambda lang: gr.Button(t("run_audit", lang)))
                status = gr.Markdown(elem_id="audit-status")
                with gr.Row():
                    summary = labels.add(
                        gr.Dataframe(summary_rows({}, lang0), label=t("summary_label", lang0), interactive=False,
                                     elem_id="audit-summary"),
                        lambda lang: gr.Dataframe(label=t("summary_label", lang),
                                                  headers=[t("col_metric", lang), t("col_value", lang)]),
                    )
                    chart = labels.add(
                        gr.BarPlot(x=t("chart_category", lang0), y=t("chart_count", lang0),
                                   label=t("chart_label", lang0), y_lim=[0, None], sort="-y",
                                   elem_id="audit-chart"),
                        lambda lang: gr.BarPlot(label=t("chart_label", lang), x=t("chart_category", lang),
                                                y=t("chart_count", lang)),
                    )
                with gr.Row():
                    flagged_file = labels.add(
                        gr.DownloadButton(t("download_flagged", lang0), visible=False, elem_id="audit-flagged"),
                        lambda lang: gr.DownloadButton(t("download_flagged", lang)),
                    )
                    report_file = labels.add(
                        gr.DownloadButton(t("download_report", lang0), visible=False, elem_id="audit-report"),
                        lambda lang: gr.DownloadButton(t("download_report", lang)),
                    )

        # Wiring. Handlers come from chat.py, check.py and audit_tab.py; this file only connects them.
        chat_outputs = [chatbot, last, message]
        for trigger in (send.click, message.submit):
            trigger(chat.submit, [message, chatbot, language], chat_outputs)
        as_comment.click(partial(chat.redo, "comment"), [last, chatbot, language], chat_outputs)
        as_question.click(partial(chat.redo, "question"), [last, chatbot, language], chat_outputs)
        clear.click(lambda: ([], "", ""), None, chat_outputs)

        for trigger in (analyze.click, comment.submit):
            trigger(check.analyze, [comment, language], [highlights, findings, verdict])
        rewrite.click(check.analyze, [comment, language], [highlights, findings, verdict]).success(
            check.rewrite, [comment, language], [changes, rewritten, rewrite_status]
        )

        upload.change(audit.columns, [upload, language], [column, id_column, date_column])
        run.click(audit.run, [upload, column, id_column, date_column, with_rewrite, language],
                  [status, summary, chart, flagged_file, report_file])

        language.change(labels.updates, [language], labels.components)
    return app
