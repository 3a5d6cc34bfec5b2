"""The session summary as Markdown, for download (only what the whole group may see)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .screens import Screen


def _escape(text: str) -> str:
    # Group text is content, not markup: neutralise Markdown's structural characters.
    for char in "\\`*_{}[]<>#|":
        text = text.replace(char, "\\" + char)
    return text.replace("\r\n", "\n").replace("\n", "  \n")


def summary(screen: Screen) -> str:
    sessie = screen.sessie
    groep = sessie.weekcyclus.groep
    lines = [
        f"# {_('Sessie')} {sessie.number} – {_escape(groep.name)}",
        "",
        f"{timezone.localtime(sessie.starts_at):%d-%m-%Y %H:%M}"
        + (f" · {_escape(sessie.room)}" if sessie.room else ""),
        "",
        f"**{_('Aanwezig')}:** "
        + (", ".join(_escape(d.display_name) for d in screen.deelnemers) or "–"),
        "",
        f"## {_('Werksituatie')}",
        "",
    ]
    if sessie.werksituatie:
        w = sessie.werksituatie
        lines += [f"**{_escape(w.title)}** ({w.get_kind_display()})", ""]
        if w.description:
            lines += [_escape(w.description), ""]
    else:
        lines += ["–", ""]
    lines += [f"## {_('Didactische vragen')}", ""]
    lines += [f"{v.number}. {_escape(v.text)}" for v in screen.vragen] or ["–"]
    lines += ["", f"## {_('Probleemstelling')}", "", _escape(sessie.probleemstelling) or "–", ""]
    if screen.notes:
        lines += [f"## {_('Analyse')}", ""]
        lines += [f"- {_escape(n.text)}" for n in screen.notes]
        lines += [""]
    lines += [f"## {_('Ideeën')}", ""]
    lines += [
        f"- {_('idee')} {i.nummer}: {_escape(i.text)} ({_('stemmen')}: {i.vote_count})"
        for i in screen.ideas_by_votes
    ] or ["–"]
    lines += ["", f"## {_('Voorstel')}", ""]
    voorstel = screen.voorstel
    if voorstel and (voorstel.titel or voorstel.tekst):
        lines += [f"**{_escape(voorstel.titel)}** – {voorstel.get_status_display()}", ""]
        for number, stap in enumerate(screen.voorstel_steps, start=1):
            ideas = ", ".join(str(n) for n, _text in stap["ideeen"])
            lines.append(
                f"{number}. {_escape(stap['tekst'])}"
                + (f" ({_('bouwt op idee')} {ideas})" if ideas else "")
            )
        lines += ["", _escape(voorstel.tekst)]
        if voorstel.review:
            lines += ["", f"### {_('Kritische toets')}", ""]
            lines += [
                f"- {question}: {_escape(answer) or '–'}"
                for _key, question, answer in voorstel.review_items
            ]
    else:
        lines += ["–"]
    lines += ["", f"## {_('Afspraken')}", ""]
    lines += [
        f"- {_escape(a.text)} ({_escape(a.owner.name) if a.owner else _('iedereen')})"
        for a in screen.afspraken_new
    ] or ["–"]
    if screen.shared_voornemens:
        lines += ["", f"## {_('Gedeelde leervoornemens')}", ""]
        for v in screen.shared_voornemens:
            if v.wil_leren:
                lines.append(f"- {_escape(v.user.name)} – {_('wil leren')}: {_escape(v.wil_leren)}")
            if v.organisatie_kan:
                lines.append(
                    f"- {_escape(v.user.name)} – {_('organisatie kan')}: "
                    f"{_escape(v.organisatie_kan)}"
                )
    return "\n".join(lines) + "\n"
