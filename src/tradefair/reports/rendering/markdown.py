"""The communiqué as Markdown: a closing statement followed by its tables."""

from tradefair.reports.domain.communique import Communique


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(communique: Communique) -> str:
    lines = [f"# {communique.title}", "", f"_{communique.subtitle}_", ""]
    for paragraph in communique.paragraphs:
        lines += [paragraph, ""]
    for warning in communique.warnings:
        lines += [f"> **!** {warning}", ""]
    for table in communique.tables:
        lines += [f"## {table.title}", ""]
        lines.append("| " + " | ".join(_cell(column) for column in table.columns) + " |")
        lines.append("|" + "|".join("---:" if numeric else "---" for numeric in table.numeric) + "|")
        lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)
