"""The REST API's views. Every queryset and every object comes from werkplekleren.access, the
same helpers the pages use: the API can never show what a page would not. Foreign, forbidden
or malformed ids are 404, writes go through the app's services.
"""

import dataclasses
from contextlib import contextmanager
from datetime import date

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from didactiek.models import DidactischeVraag, Verbetervoorstel
from profcirkel import access as profcirkel_access
from profcirkel import services as profcirkel_services
from profcirkel.models import Talentontwikkelgesprek
from trajecten import access as trajecten_access
from trajecten import selectors as trajecten_selectors
from trajecten import services as trajecten_services
from trajecten.models import Leeractiviteit, ProfTraject
from weekcyclus import access as weekcyclus_access
from weekcyclus import services as weekcyclus_services
from weekcyclus.models import Bijdrage, GroepMember, Sessie
from werkplekleren import access
from werkplekleren.errors import messages_of

from . import serializers as s

MAX_ID = 2**63 - 1


# --- Query parameters: validated, a bad value is a 400 (never a 500) -----------------------


def _int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationError({name: "Geef een geheel getal."}) from None
    if not 1 <= value <= MAX_ID:
        raise ValidationError({name: "Onbekend id."})
    return value


def _choice_param(request, name: str, choices) -> str | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw not in choices:
        raise ValidationError({name: f"Kies uit: {', '.join(choices)}."})
    return raw


def _date_param(request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: "Geef een datum als JJJJ-MM-DD."}) from None


def _int(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, description=description)


def _choice(name: str, choices, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=list(choices), description=description)


def _service_errors(exc: Exception):
    """A service's refusal, in the person's words: 400 for invalid input, 403 for a refusal."""
    if isinstance(exc, DjangoPermissionDenied):
        return PermissionDenied(messages_of(exc) or None)
    return ValidationError({"detail": messages_of(exc)})


@contextmanager
def _like_the_pages():
    """A service's refusal as the pages give it: not the user's to do is a 404 (nothing is
    revealed), a refused transition or input is a 400 with the Dutch reason."""
    try:
        yield
    except DjangoPermissionDenied as exc:
        raise NotFound from exc
    except DjangoValidationError as exc:
        raise ValidationError({"detail": messages_of(exc)}) from exc


# --- Token ---------------------------------------------------------------------------------


class ObtainToken(ObtainAuthToken):
    """E-mail and password in, the account's API token out. Throttled like any anonymous
    request, so it is no way to guess passwords (DRF's own view is not throttled)."""

    throttle_classes = [AnonRateThrottle]


# --- Groups --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Groups the user is an active member of",
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, description="Name contains")],
    ),
    retrieve=extend_schema(summary="One of the user's groups"),
    create=extend_schema(
        summary="Create a group (the creator joins; colleagues are invited)",
        request=s.GroepCreateSerializer,
        responses={201: s.GroepSerializer},
    ),
)
class GroepViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.GroepSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = (
            weekcyclus_access.groepen_for(self.request.user)
            .prefetch_related(
                Prefetch("members", queryset=GroepMember.objects.select_related("user"))
            )
            .order_by("name", "pk")
        )
        name = self.request.query_params.get("name")
        if name:
            queryset = queryset.filter(name__icontains=name[:120])
        return queryset

    def get_object(self):
        return weekcyclus_access.access_groep(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return s.GroepCreateSerializer if self.action == "create" else s.GroepSerializer

    def create(self, request, *args, **kwargs):
        if not weekcyclus_access.may_join_groepen(request.user):
            raise PermissionDenied("Groepen zijn er voor professionals.")
        serializer = s.GroepCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():  # a refused invitation makes nothing at all
                groep = weekcyclus_services.groep_create(
                    created_by=request.user, name=serializer.validated_data["name"], members=[]
                )
                for colleague in serializer.validated_data["invite"]:
                    weekcyclus_services.groep_invite(
                        groep=groep, invited_by=request.user, user=colleague
                    )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _service_errors(exc) from exc
        groep = self.get_queryset().get(pk=groep.pk)
        return Response(s.GroepSerializer(groep).data, status=status.HTTP_201_CREATED)


# --- Weekcycli -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Weekcycli of the user's groups",
        parameters=[
            _int("groep", "Only this group's weeks"),
            OpenApiParameter(
                "week_start_from", OpenApiTypes.DATE, description="Weeks from this Monday on"
            ),
        ],
    ),
    retrieve=extend_schema(summary="One weekcyclus of the user's groups"),
)
class WeekcyclusViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.WeekcyclusSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = (
            weekcyclus_access.weekcycli_for(self.request.user)
            .prefetch_related(
                Prefetch("vragen", queryset=DidactischeVraag.objects.order_by("number")),
                Prefetch("sessies", queryset=Sessie.objects.order_by("number")),
            )
            .order_by("-week_start", "pk")
        )
        if (groep := _int_param(self.request, "groep")) is not None:
            queryset = queryset.filter(groep_id=groep)
        if (since := _date_param(self.request, "week_start_from")) is not None:
            queryset = queryset.filter(week_start__gte=since)
        return queryset

    def get_object(self):
        weekcyclus = weekcyclus_access.access_weekcyclus(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=weekcyclus.pk)


# --- Sessions: steps and ideas; add an idea and vote as a participant ----------------------


def _ideas():
    return Prefetch(
        "bijdragen",
        queryset=Bijdrage.objects.filter(kind=Bijdrage.Kind.IDEE)
        .annotate(n_votes=Count("stemmen"))
        .order_by("created_at", "pk"),
        to_attr="ideas",
    )


@extend_schema_view(
    list=extend_schema(
        summary="Sessions of the user's groups, with steps and ideas",
        parameters=[
            _int("weekcyclus", "Only this week's sessions"),
            _int("groep", "Only this group's sessions"),
            _choice("state", Sessie.State.values, "Only sessions in this state"),
        ],
    ),
    retrieve=extend_schema(summary="One session of the user's groups"),
)
class SessieViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.SessieSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = (
            weekcyclus_access.sessies_for(self.request.user)
            .select_related("weekcyclus")
            .prefetch_related(_ideas())
            .order_by("starts_at", "pk")
        )
        if (weekcyclus := _int_param(self.request, "weekcyclus")) is not None:
            queryset = queryset.filter(weekcyclus_id=weekcyclus)
        if (groep := _int_param(self.request, "groep")) is not None:
            queryset = queryset.filter(weekcyclus__groep_id=groep)
        if state := _choice_param(self.request, "state", Sessie.State.values):
            queryset = queryset.filter(state=state)
        return queryset

    def get_object(self):
        sessie = weekcyclus_access.access_sessie(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=sessie.pk)

    @extend_schema(
        summary="Add an idea (live session, brainstorm step); you join the session",
        request=s.IdeaCreateSerializer,
        responses={201: s.IdeaSerializer},
    )
    @action(detail=True, methods=["post"], url_path="ideas")
    def add_idea(self, request, pk=None):
        sessie = weekcyclus_access.access_sessie(request.user, pk)
        serializer = s.IdeaCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():  # a refused idea records no attendance either
                deelnemer = weekcyclus_services.sessie_join(sessie=sessie, user=request.user)
                idee = weekcyclus_services.bijdrage_add(
                    deelnemer=deelnemer,
                    kind=Bijdrage.Kind.IDEE,
                    text=serializer.validated_data["text"],
                )
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _service_errors(exc) from exc
        idee.n_votes = 0
        return Response(s.IdeaSerializer(idee).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Give or take back your vote on an idea (brainstorm step)",
        request=None,
        responses={200: s.VoteResultSerializer},
        parameters=[OpenApiParameter("idea_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"ideas/(?P<idea_id>\d+)/vote",
        url_name="idea-vote",
    )
    def vote(self, request, pk=None, idea_id=None):
        sessie = weekcyclus_access.access_sessie(request.user, pk)
        idee = weekcyclus_access.access_idee(sessie, idea_id)
        try:
            with transaction.atomic():
                deelnemer = weekcyclus_services.sessie_join(sessie=sessie, user=request.user)
                voted = weekcyclus_services.idee_vote_toggle(idee=idee, deelnemer=deelnemer)
        except (DjangoValidationError, DjangoPermissionDenied) as exc:
            raise _service_errors(exc) from exc
        return Response({"voted": voted, "votes": idee.stemmen.count()})


# --- Proposals -----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Validated proposals the user may read, with their follow-up",
        parameters=[
            _choice("status", Verbetervoorstel.Status.values, "Only proposals in this state"),
            _int("groep", "Only this group's proposals"),
        ],
    ),
    retrieve=extend_schema(summary="One proposal"),
)
class VoorstelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.VoorstelSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        # The page is chosen on the proposals table alone (filter, sort, limit); the rows it
        # shows fetch their session, week and owner afterwards by id. Joining those first
        # made PostgreSQL join and sort every proposal of the organisation (issue 13).
        queryset = (
            weekcyclus_access.voorstellen_for(self.request.user)
            .prefetch_related("sessie__weekcyclus", "owner")
            .order_by("-created_at", "-pk")
        )
        if status_ := _choice_param(self.request, "status", Verbetervoorstel.Status.values):
            queryset = queryset.filter(status=status_)
        if (groep := _int_param(self.request, "groep")) is not None:
            queryset = queryset.filter(sessie__weekcyclus__groep_id=groep)
        return queryset

    def get_object(self):
        voorstel = weekcyclus_access.access_voorstel(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=voorstel.pk)

    def _followed_up(self, voorstel: Verbetervoorstel, step, **kwargs) -> Response:
        """Run one follow-up step (a profcirkel service) on a proposal the user may read."""
        with _like_the_pages():
            step(voorstel=voorstel, by=self.request.user, **kwargs)
        return Response(s.VoorstelSerializer(self.get_object()).data)

    @extend_schema(
        summary="Submit the group's validated proposal to the circle of your team",
        request=None,
        responses={200: s.VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        return self._followed_up(voorstel, profcirkel_services.voorstel_submit)

    @extend_schema(
        summary="Answer a submitted proposal (the circle's leidinggevende)",
        request=s.AnswerSerializer,
        responses={200: s.VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        serializer = s.AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._followed_up(
            voorstel, profcirkel_services.voorstel_answer, **serializer.validated_data
        )

    @extend_schema(
        summary="Give an adopted proposal an owner and a date (the circle's leidinggevende)",
        request=s.AssignSerializer,
        responses={200: s.VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        serializer = s.AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Someone outside the organisation is no one: the service refuses, in its own order.
        owner = access.people_for(request.user).filter(pk=serializer.validated_data["owner"])
        return self._followed_up(
            voorstel,
            profcirkel_services.voorstel_assign,
            owner=owner.first(),
            due_date=serializer.validated_data["due_date"],
        )

    @extend_schema(
        summary="Mark a proposal in progress realised (its owner or the leidinggevende)",
        request=None,
        responses={200: s.VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def implemented(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        return self._followed_up(voorstel, profcirkel_services.voorstel_implemented)

    @extend_schema(
        summary="Review the effect of a realised proposal (owner, leidinggevende or group)",
        request=s.EffectSerializer,
        responses={200: s.VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def effect(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        serializer = s.EffectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._followed_up(
            voorstel,
            profcirkel_services.voorstel_review_effect,
            effect=serializer.validated_data["effect"],
            vragen=serializer.validated_data["vragen"],
            cijfers=serializer.validated_data["cijfers"],
        )


# --- Prof-trajecten ------------------------------------------------------------------------


def _activiteiten():
    return Prefetch(
        "activiteiten",
        queryset=Leeractiviteit.objects.annotate(logged_minutes=Coalesce(Sum("tijden__minutes"), 0))
        .prefetch_related("vragen")
        .order_by("-created_at", "-pk"),
    )


@extend_schema_view(
    list=extend_schema(
        summary="The user's own Prof-trajecten, with activities and reflections",
        parameters=[_choice("state", ProfTraject.State.values, "Only trajecten in this state")],
    ),
    retrieve=extend_schema(summary="One of the user's own Prof-trajecten"),
)
class OwnTrajectViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.OwnTrajectSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = (
            trajecten_access.own_trajecten_for(self.request.user)
            .prefetch_related(_activiteiten())
            .order_by("-start", "-pk")
        )
        if state := _choice_param(self.request, "state", ProfTraject.State.values):
            queryset = queryset.filter(state=state)
        return queryset

    def get_object(self):
        traject = trajecten_access.access_own_traject(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=traject.pk)

    @extend_schema(
        summary="Add a learning activity to your own traject",
        request=s.ActiviteitCreateSerializer,
        responses={201: s.LeeractiviteitSerializer},
    )
    @action(detail=True, methods=["post"], url_path="activities")
    def add_activity(self, request, pk=None):
        traject = trajecten_access.access_own_traject(request.user, pk)
        serializer = s.ActiviteitCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _like_the_pages():
            activiteit = trajecten_services.activiteit_add(
                traject=traject, **serializer.validated_data
            )
        activiteit = _own_activiteiten(request.user).get(pk=activiteit.pk)
        return Response(s.LeeractiviteitSerializer(activiteit).data, status=status.HTTP_201_CREATED)


def _own_activiteiten(user):
    return (
        Leeractiviteit.objects.filter(traject__in=trajecten_access.own_trajecten_for(user))
        .annotate(logged_minutes=Coalesce(Sum("tijden__minutes"), 0))
        .prefetch_related("vragen")
    )


@extend_schema_view(
    retrieve=extend_schema(summary="One activity of your own traject"),
    partial_update=extend_schema(
        summary="Change an activity of your own traject (only the fields sent)",
        request=s.ActiviteitUpdateSerializer,
        responses={200: s.LeeractiviteitSerializer},
    ),
)
class ActiviteitViewSet(viewsets.GenericViewSet):
    """The owner's activities: everyone else gets a 404 (trajecten.access.access_activiteit)."""

    serializer_class = s.LeeractiviteitSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return _own_activiteiten(self.request.user).order_by("-created_at", "-pk")

    def get_object(self):
        activiteit = trajecten_access.access_activiteit(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=activiteit.pk)

    def retrieve(self, request, pk=None):
        return Response(s.LeeractiviteitSerializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        activiteit = trajecten_access.access_activiteit(request.user, pk)
        serializer = s.ActiviteitUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        vragen = fields.pop("vragen", None)
        with _like_the_pages():
            trajecten_services.activiteit_update(activiteit=activiteit, vragen=vragen, **fields)
        return Response(s.LeeractiviteitSerializer(self.get_object()).data)

    @extend_schema(
        summary="Write time spent on an activity of your own traject",
        request=s.TijdCreateSerializer,
        responses={201: s.TijdregistratieSerializer},
    )
    @action(detail=True, methods=["post"])
    def time(self, request, pk=None):
        activiteit = trajecten_access.access_activiteit(request.user, pk)
        serializer = s.TijdCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _like_the_pages():
            entry = trajecten_services.tijd_log(activiteit=activiteit, **serializer.validated_data)
        return Response(s.TijdregistratieSerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Outlines of the trajecten the user may see (own, team, organisation)",
        parameters=[
            _choice("state", ProfTraject.State.values, "Only trajecten in this state"),
            _int("user", "Only this person's trajecten"),
        ],
    ),
    retrieve=extend_schema(summary="The outline of one traject"),
)
class TrajectOutlineViewSet(viewsets.GenericViewSet):
    """Outlines only: built by trajecten.selectors from the traject, so activities,
    reflections, talents and learning needs are never in reach of the serializer."""

    serializer_class = s.TrajectOutlineSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = (
            trajecten_access.traject_outlines_for(self.request.user)
            .select_related("organisation", "user")
            .order_by("user__name", "-start", "pk")
        )
        if state := _choice_param(self.request, "state", ProfTraject.State.values):
            queryset = queryset.filter(state=state)
        if (user := _int_param(self.request, "user")) is not None:
            queryset = queryset.filter(user_id=user)
        return queryset

    @staticmethod
    def _without_hidden_hours(user, outlines):
        """Hour figures only of people whose hours the user may see (not L&O's: aggregates)."""
        visible = access.hours_visible_of(user, {o.user_id for o in outlines})
        return [
            o
            if o.user_id in visible
            else dataclasses.replace(o, hours_used=None, hours_available=None)
            for o in outlines
        ]

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        outlines = self._without_hidden_hours(
            request.user, trajecten_selectors.outlines(trajecten=page)
        )
        return self.get_paginated_response(s.TrajectOutlineSerializer(outlines, many=True).data)

    def retrieve(self, request, pk=None):
        traject = trajecten_access.access_traject_outline(request.user, pk)
        outline = trajecten_selectors.outline(traject=traject)
        (outline,) = self._without_hidden_hours(request.user, [outline])
        return Response(s.TrajectOutlineSerializer(outline).data)


# --- Talentontwikkelgesprekken -------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The user's Talentontwikkelgesprekken (as professional or leidinggevende)",
        parameters=[
            _choice("state", Talentontwikkelgesprek.State.values, "Only in this state"),
        ],
    ),
    retrieve=extend_schema(summary="One conversation the user takes part in"),
)
class GesprekViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.GesprekSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = (
            profcirkel_access.gesprekken_for(self.request.user)
            .select_related("professional", "leidinggevende")
            .prefetch_related(
                "afspraken__owner",
                # One query for every conversation's visible points, not one per conversation.
                Prefetch(
                    "agendapunten",
                    queryset=profcirkel_access.agendapunten_visible_to(self.request.user),
                    to_attr="visible_agendapunten",
                ),
            )
            .order_by("-planned_at", "-pk")
        )
        if state := _choice_param(self.request, "state", Talentontwikkelgesprek.State.values):
            queryset = queryset.filter(state=state)
        return queryset

    def get_object(self):
        gesprek = profcirkel_access.access_gesprek(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=gesprek.pk)

    @extend_schema(
        summary="Add a talking point, shared or private to you (participants only)",
        request=s.AgendapuntCreateSerializer,
        responses={201: s.AgendapuntSerializer},
    )
    @action(detail=True, methods=["post"])
    def points(self, request, pk=None):
        gesprek = profcirkel_access.access_gesprek(request.user, pk)
        serializer = s.AgendapuntCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with _like_the_pages():
            punt = profcirkel_services.agendapunt_add(
                gesprek=gesprek, by=request.user, **serializer.validated_data
            )
        return Response(s.AgendapuntSerializer(punt).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add an agreement owned by one of the two (participants only)",
        request=s.GespreksafspraakCreateSerializer,
        responses={201: s.GespreksafspraakSerializer},
    )
    @action(detail=True, methods=["post"])
    def agreements(self, request, pk=None):
        gesprek = profcirkel_access.access_gesprek(request.user, pk)
        serializer = s.GespreksafspraakCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # Only the two participants can own an agreement; anyone else is no one to it.
        participants = {p.pk: p for p in (gesprek.professional, gesprek.leidinggevende)}
        data["owner"] = participants.get(data["owner"])
        with _like_the_pages():
            afspraak = profcirkel_services.gespreksafspraak_add(
                gesprek=gesprek, by=request.user, **data
            )
        return Response(s.GespreksafspraakSerializer(afspraak).data, status=status.HTTP_201_CREATED)
