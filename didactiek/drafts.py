"""Reading a draft as a proposal, and what the group changed (the diff)."""

import difflib

from django.utils.translation import gettext as _


def draft_as_proposal(draft) -> dict:
    """The proposal a finished draft suggests: title, steps with idea numbers, explanation."""
    out = draft.output or {}
    sections = []
    if out.get("probleem"):
        sections.append(f"{_('Probleem')}: {out['probleem']}")
    if out.get("verwachte_opbrengst"):
        sections.append(
            _("Verwachte opbrengst")
            + ":\n"
            + "\n".join(
                f"- {_('vraag')} {o['vraag']}: {o['opbrengst']}" for o in out["verwachte_opbrengst"]
            )
        )
    if out.get("risicos_en_aandachtspunten"):
        sections.append(
            _("Risico's en aandachtspunten")
            + ":\n"
            + "\n".join(f"- {r}" for r in out["risicos_en_aandachtspunten"])
        )
    if out.get("inzet_ai"):
        sections.append(f"{_('Inzet van AI')}: {out['inzet_ai']}")
    if out.get("benodigde_kennis_en_vaardigheden"):
        sections.append(
            _("Wat we hiervoor moeten leren")
            + ":\n"
            + "\n".join(f"- {k}" for k in out["benodigde_kennis_en_vaardigheden"])
        )
    return {
        "titel": out.get("titel", ""),
        "stappen": [{"tekst": s["stap"], "ideeen": s["ideeen"]} for s in out.get("voorstel", [])],
        "tekst": "\n\n".join(sections),
    }


def _lines(titel: str, stappen: list[dict], tekst: str) -> list[str]:
    lines = [titel] if titel else []
    lines += [f"{i}. {s['tekst']}" for i, s in enumerate(stappen, start=1)]
    lines += [line for line in tekst.splitlines() if line.strip()]
    return lines


def proposal_diff(voorstel) -> list[tuple[str, str]] | None:
    """Line by line: ("kept" | "added" | "removed", text) between the draft the group
    adopted and its current proposal; None when the proposal did not start from a draft."""
    if voorstel.draft_id is None or not voorstel.draft.output:
        return None
    ai = draft_as_proposal(voorstel.draft)
    before = _lines(ai["titel"], ai["stappen"], ai["tekst"])
    after = _lines(voorstel.titel, voorstel.stappen, voorstel.tekst)
    result = []
    for line in difflib.ndiff(before, after):
        code, text = line[:2], line[2:]
        if code == "  ":
            result.append(("kept", text))
        elif code == "- ":
            result.append(("removed", text))
        elif code == "+ ":
            result.append(("added", text))
    return result
