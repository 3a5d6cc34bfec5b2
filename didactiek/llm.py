"""One small interface for drafting a proposal, with two implementations.

- ``OpenAIDrafter``: any OpenAI-compatible endpoint through the official SDK (OpenAI, Azure
  OpenAI, Ollama, vLLM, LM Studio): ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``, ``LLM_MODEL``.
- ``OfflineDrafter``: no network, deterministic; fills a template from the group's own
  material. The UI labels its drafts "Sjabloon — geen AI".

Both return the raw answer text; didactiek.prompt validates it the same way for both.
"""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast
from urllib.parse import urlsplit

import openai
from django.conf import settings
from django.utils.translation import gettext as _
from openai.types.chat import ChatCompletion
from pydantic import ValidationError as PydanticValidationError

from werkplekleren import jobs
from werkplekleren.llm import LLMError, configuration, worker_configuration

from . import prompt

T = TypeVar("T")
E = TypeVar("E", bound=Exception)


class Drafter(Protocol):
    provider: str
    model: str

    def draft(
        self, *, material: prompt.Material, hint: str = "", retry_error: str | None = None
    ) -> str: ...


class Completer(Protocol):
    """A drafter that answers any prompt with a schema (the OpenAI-compatible one), for jobs
    with their own prompt (``trajecten.leerpad``)."""

    provider: str
    model: str

    def complete(self, *, messages: list[dict], name: str, schema: dict) -> str: ...


class OfflineDrafter:
    """A structured proposal built from the group's own material, without any model."""

    provider = "offline"
    model = "sjabloon"

    def draft(self, *, material: prompt.Material, hint: str = "", retry_error=None) -> str:
        """In the active language (the worker activates the requester's): the template's
        own words are translated; the group's material stays as they wrote it."""
        ranked = sorted(material.ideeen, key=lambda i: (-i["stemmen"], i["nummer"]))
        ideas, left = ranked[:4], ranked[4:]
        steps = [
            {
                "stap": _("Werk dit idee van de groep uit: %(idee)s") % {"idee": idea["tekst"]},
                "ideeen": [idea["nummer"]],
            }
            for idea in ideas
        ] or [{"stap": _("Verzamel eerst ideeën in de brainstorm."), "ideeen": []}]
        steps.append(
            {
                "stap": _("Spreek af wie wat doet, en evalueer na vier weken met de groep."),
                "ideeen": [],
            }
        )
        situatie = (material.werksituatie or {}).get("titel") or _("de werksituatie")
        output = {
            "titel": (_("Voorstel: %(situatie)s") % {"situatie": situatie})[:200],
            "probleem": material.probleemstelling or _("Nog geen probleemstelling."),
            "voorstel": steps,
            "verwachte_opbrengst": [
                {
                    "vraag": v["nummer"],
                    "opbrengst": _("Vul in wat dit voorstel oplevert voor: %(vraag)s")
                    % {"vraag": v["tekst"]},
                }
                for v in material.vragen
            ],
            "risicos_en_aandachtspunten": [
                _(
                    "Dit is een sjabloon uit jullie eigen materiaal, geen AI: vul aan wat "
                    "ontbreekt."
                ),
                _("Wie draagt het voorstel, en is daar tijd voor?"),
            ],
            "inzet_ai": _("Geen: dit concept is zonder AI gemaakt."),
            "benodigde_kennis_en_vaardigheden": [],
            "aannames": [
                _("De ideeën met de meeste stemmen zijn de beste om mee te beginnen."),
            ],
            "onzekerheden": [
                _("Een sjabloon weet niet wat haalbaar is in jullie werk: toets het zelf."),
            ],
            "alternatieven": [
                {
                    "alternatief": idea["tekst"],
                    "waarom_niet": _("Minder stemmen dan de gekozen ideeën."),
                }
                for idea in left[:3]
            ],
            "weggelaten_ideeen": [
                {
                    "idee": idea["nummer"],
                    "waarom": _("%(n)s stem(men): minder dan de gekozen ideeën.")
                    % {"n": idea["stemmen"]},
                }
                for idea in left
            ],
            "eerste_stap": steps[0]["stap"],
            "eigenaar": _("Spreek in de groep af wie dit trekt."),
            "effectmeting": _(
                "Kies samen één getal dat moet veranderen, en meet het na vier weken."
            ),
        }
        if hint:
            output["risicos_en_aandachtspunten"].append(
                _("Aanwijzing van de groep: %(hint)s") % {"hint": hint}
            )
        return json.dumps(output, ensure_ascii=False)


class OpenAIDrafter:
    """Chat completions with a JSON schema, through the official ``openai`` SDK."""

    def __init__(self, *, model: str):
        self.model = model
        base_url = settings.OPENAI_BASE_URL or None
        self.provider = urlsplit(base_url).netloc if base_url else "api.openai.com"
        self.client = openai.OpenAI(
            # Ollama and vLLM accept any key; the SDK insists on one.
            api_key=settings.OPENAI_API_KEY or "not-needed",
            base_url=base_url,
            timeout=settings.LLM_TIMEOUT_SECONDS,
            # Celery retries with backoff; SDK retries would multiply with those.
            max_retries=settings.LLM_SDK_MAX_RETRIES,
        )

    def draft(self, *, material: prompt.Material, hint: str = "", retry_error=None) -> str:
        return self.complete(
            messages=prompt.messages_for(material, hint=hint, retry_error=retry_error),
            name="verbetervoorstel",
            schema=prompt.SCHEMA,
        )

    def complete(self, *, messages: list[dict], name: str, schema: dict) -> str:
        """One chat completion whose answer must follow ``schema``; the raw text back."""
        try:
            completion = self._create_before_deadline(
                model=self.model,
                messages=messages,
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": name, "strict": True, "schema": schema},
                },
                temperature=0.4,
            )
        except (openai.APITimeoutError, DeadlinePassed) as exc:
            raise LLMError(_("Het taalmodel reageerde niet op tijd."), retryable=True) from exc
        except openai.APIConnectionError as exc:
            raise LLMError(_("Het taalmodel is niet bereikbaar."), retryable=True) from exc
        except openai.RateLimitError as exc:
            raise LLMError(
                _("Het taalmodel is even te druk (te veel verzoeken)."), retryable=True
            ) from exc
        except openai.AuthenticationError as exc:
            raise LLMError(
                _(
                    "Het taalmodel weigert de sleutel (401). Vraag de beheerder de instellingen "
                    "na te kijken."
                ),
                retryable=False,
            ) from exc
        except openai.APIStatusError as exc:
            if exc.status_code >= 500:
                raise LLMError(
                    _("Het taalmodel had een storing (%(status)s).") % {"status": exc.status_code},
                    retryable=True,
                ) from exc
            raise LLMError(
                _("Het taalmodel weigerde het verzoek (%(status)s).") % {"status": exc.status_code},
                retryable=False,
            ) from exc
        return answer_of(completion)

    def _create_before_deadline(self, **request) -> ChatCompletion:
        """The completion, read as a stream of bytes against one overall deadline: the SDK's
        timeout is per read, so an answer trickling in byte by byte would otherwise run until
        the task's time limit. Past the deadline the connection is closed."""
        deadline = time.monotonic() + settings.LLM_CALL_DEADLINE_SECONDS
        with self.client.chat.completions.with_streaming_response.create(**request) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if time.monotonic() > deadline:
                    raise DeadlinePassed
        try:
            return ChatCompletion.model_validate(json.loads(bytes(body)))
        except (ValueError, PydanticValidationError) as exc:
            raise LLMError(_("Het taalmodel gaf een onleesbaar antwoord."), retryable=True) from exc


class DeadlinePassed(Exception):
    """The overall deadline of one model call passed while the answer was still arriving."""


def answer_of(completion: ChatCompletion) -> str:
    """The answer's text; a refusal or an answer cut off at the length limit is an
    ``LLMError`` with a Dutch reason (never handed to the parser, whose English would reach
    the group)."""
    choice = completion.choices[0] if completion.choices else None
    if choice is None:
        raise LLMError(_("Het taalmodel gaf geen antwoord."), retryable=True)
    refusal = getattr(choice.message, "refusal", None)
    if refusal or choice.finish_reason == "content_filter":
        raise LLMError(
            _("Het model weigerde dit verzoek. Pas het materiaal of de aanwijzing aan."),
            retryable=False,
        )
    if choice.finish_reason == "length":
        raise LLMError(
            _("Het antwoord was te lang en is afgebroken. Probeer het opnieuw met minder tekst."),
            retryable=False,
        )
    return choice.message.content or ""


@dataclass(frozen=True)
class DrafterLabel:
    """What a screen says about the drafter: the same ``provider``/``model`` a Drafter has."""

    provider: str
    model: str

    @property
    def is_ai(self) -> bool:
        return self.provider != OfflineDrafter.provider


def drafter_label(organisation) -> DrafterLabel:
    """The label under "Maak voorstel" (and "Stel een leerpad voor"): what the worker will
    actually use. The worker drafts with its own environment, so this is decided from the
    worker's report and the organisation's setting, not from this web process's settings;
    only while no worker has reported lately does this process's configuration stand in."""
    config = worker_configuration() or configuration()
    if organisation.ai_enabled and config.get("configured"):
        return DrafterLabel(
            provider=config.get("provider", ""),
            model=organisation.llm_model or config.get("model", ""),
        )
    return DrafterLabel(provider=OfflineDrafter.provider, model=OfflineDrafter.model)


def ask_structured(
    drafter: Drafter,
    *,
    offline: Callable[[], str],
    messages: Callable[[str | None], list[dict[str, str]]],
    name: str,
    schema: dict[str, Any],
    parse: Callable[[str], T],
    invalid: type[E],
) -> tuple[T | None, E | None]:
    """One structured answer for a job that is not a proposal draft (frames, learning
    paths): the offline template (``offline()``) when the organisation has no model,
    otherwise the model with ``messages(retry_error)`` and ``schema``; via ``jobs.ask_twice``."""

    def ask(retry_error: str | None) -> str:
        if drafter.provider == OfflineDrafter.provider:
            return offline()
        return cast(Completer, drafter).complete(
            messages=messages(retry_error), name=name, schema=schema
        )

    return jobs.ask_twice(ask, parse=parse, invalid=invalid)


def drafter_for(organisation) -> Drafter:
    """The organisation's choice: AI only when it is switched on and an endpoint is set."""
    configured = bool(settings.OPENAI_API_KEY or settings.OPENAI_BASE_URL)
    if organisation.ai_enabled and configured:
        return OpenAIDrafter(model=organisation.llm_model or settings.LLM_MODEL)
    return OfflineDrafter()
