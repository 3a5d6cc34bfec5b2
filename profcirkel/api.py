"""The REST API for proposals (read, and followed up in the Prof-cirkel), for
Talentontwikkelgesprekken, and for the proposal bank. Registered on the router in
``werkplekleren/api/urls.py``.

The bank's endpoints make the same reads as its pages (``profcirkel.bank``), so the same
fields and never more: no session notes, reviews, votes, owners, or names a group chose to
hide.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from didactiek.api import VraagNumbersField
from didactiek.models import Verbetervoorstel
from weekcyclus import access as weekcyclus_access
from werkplekleren import access
from werkplekleren.api import views as api
from werkplekleren.api.serializers import PersonSerializer

from . import access as profcirkel_access
from . import bank
from . import selectors as profcirkel_selectors
from . import services as profcirkel_services
from .models import Agendapunt, Gespreksafspraak, Talentontwikkelgesprek


class VoorstelSerializer(serializers.ModelSerializer):
    groep = serializers.IntegerField(source="sessie.weekcyclus.groep_id", read_only=True)
    owner = PersonSerializer(read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Verbetervoorstel
        fields = [
            "id",
            "titel",
            "tekst",
            "stappen",
            "status",
            "sessie",
            "groep",
            "cirkel",
            "validated_at",
            "submitted_at",
            "antwoord",
            "antwoord_reden",
            "answered_at",
            "owner",
            "due_date",
            "overdue",
            "implemented_at",
            "effect",
            "effect_cijfers",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, voorstel: Verbetervoorstel) -> bool:
        return profcirkel_selectors.is_overdue(voorstel)


class AgendapuntSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = Agendapunt
        fields = ["id", "text", "shared", "checked", "author", "created_at"]
        read_only_fields = fields


class GespreksafspraakSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)

    class Meta:
        model = Gespreksafspraak
        fields = ["id", "text", "owner", "due_date", "for_organisation", "done_at", "created_at"]
        read_only_fields = fields


class GesprekSerializer(serializers.ModelSerializer):
    professional = PersonSerializer(read_only=True)
    leidinggevende = PersonSerializer(read_only=True)
    agendapunten = serializers.SerializerMethodField()
    afspraken = GespreksafspraakSerializer(many=True, read_only=True)

    class Meta:
        model = Talentontwikkelgesprek
        fields = [
            "id",
            "professional",
            "leidinggevende",
            "planned_at",
            "state",
            "held_at",
            "interval_weeks",
            "ontwikkeling",
            "agendapunten",
            "afspraken",
        ]
        read_only_fields = fields

    @extend_schema_field(AgendapuntSerializer(many=True))
    def get_agendapunten(self, gesprek: Talentontwikkelgesprek):
        # Shared points and the requester's own private ones: access decides.
        user = self.context["request"].user
        punten = getattr(gesprek, "visible_agendapunten", None)  # prefetched by the list
        if punten is None:
            punten = profcirkel_access.agendapunten_visible(user, gesprek)
        return AgendapuntSerializer(punten, many=True).data


class AnswerSerializer(serializers.Serializer):
    antwoord = serializers.ChoiceField(choices=Verbetervoorstel.Antwoord.choices)
    reden = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the proposal is adopted with changes or rejected.",
    )


class AssignSerializer(serializers.Serializer):
    owner = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="Id of a person of the organisation."
    )
    due_date = serializers.DateField()


class EffectCijfersSerializer(serializers.Serializer):
    """The optional figures of an effect review (ranges are checked by the service)."""

    uren_bespaard = serializers.FloatField(required=False, allow_null=True)
    foutpercentage = serializers.FloatField(required=False, allow_null=True)
    tevredenheid = serializers.FloatField(required=False, allow_null=True)

    def to_internal_value(self, data):
        if isinstance(data, dict) and (unknown := sorted(set(data) - set(self.fields))):
            raise serializers.ValidationError(f"Onbekend cijfer: {', '.join(map(str, unknown))}.")
        return super().to_internal_value(data)


class EffectSerializer(serializers.Serializer):
    effect = serializers.CharField(max_length=3000, help_text="What changed.")
    vragen = VraagNumbersField(required=False, default=list)
    cijfers = EffectCijfersSerializer(required=False, default=dict)


class AgendapuntCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    shared = serializers.BooleanField(
        required=False, default=True, help_text="False: a private point, for you alone."
    )


class GespreksafspraakCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    owner = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        help_text="Id of the professional or the leidinggevende of the conversation.",
    )
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    for_organisation = serializers.BooleanField(
        required=False,
        default=False,
        help_text="What the organisation will do (owned by the leidinggevende).",
    )


@extend_schema_view(
    list=extend_schema(
        summary="Validated proposals the user may read, with their follow-up",
        parameters=[
            api.choice_filter(
                "status", Verbetervoorstel.Status.values, "Only proposals in this state"
            ),
            api.int_filter("groep", "Only this group's proposals"),
        ],
    ),
    retrieve=extend_schema(summary="One proposal"),
)
class VoorstelViewSet(api.AccessLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = VoorstelSerializer
    access = staticmethod(weekcyclus_access.access_voorstel)

    def get_queryset(self):
        # The page is chosen on the proposals table alone (filter, sort, limit); the rows it
        # shows fetch their session, week and owner afterwards by id. Joining those first
        # made PostgreSQL join and sort every proposal of the organisation (issue 13).
        queryset = (
            weekcyclus_access.voorstellen_for(self.request.user)
            .prefetch_related("sessie__weekcyclus", "owner")
            .order_by("-created_at", "-pk")
        )
        if status_ := api.choice_param(self.request, "status", Verbetervoorstel.Status.values):
            queryset = queryset.filter(status=status_)
        if (groep := api.int_param(self.request, "groep")) is not None:
            queryset = queryset.filter(sessie__weekcyclus__groep_id=groep)
        return queryset

    def _followed_up(self, voorstel: Verbetervoorstel, step, **kwargs) -> Response:
        """Run one follow-up step (a profcirkel service) on a proposal the user may read."""
        with api.like_the_pages():
            step(voorstel=voorstel, by=self.request.user, **kwargs)
        return Response(VoorstelSerializer(self.get_object()).data)

    @extend_schema(
        summary="Submit the group's validated proposal to the circle of your team",
        request=None,
        responses={200: VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        return self._followed_up(voorstel, profcirkel_services.voorstel_submit)

    @extend_schema(
        summary="Answer a submitted proposal (the circle's leidinggevende)",
        request=AnswerSerializer,
        responses={200: VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._followed_up(
            voorstel, profcirkel_services.voorstel_answer, **serializer.validated_data
        )

    @extend_schema(
        summary="Give an adopted proposal an owner and a date (the circle's leidinggevende)",
        request=AssignSerializer,
        responses={200: VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        serializer = AssignSerializer(data=request.data)
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
        responses={200: VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def implemented(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        return self._followed_up(voorstel, profcirkel_services.voorstel_implemented)

    @extend_schema(
        summary="Review the effect of a realised proposal (owner, leidinggevende or group)",
        request=EffectSerializer,
        responses={200: VoorstelSerializer},
    )
    @action(detail=True, methods=["post"])
    def effect(self, request, pk=None):
        voorstel = weekcyclus_access.access_voorstel(request.user, pk)
        serializer = EffectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._followed_up(
            voorstel,
            profcirkel_services.voorstel_review_effect,
            effect=serializer.validated_data["effect"],
            vragen=serializer.validated_data["vragen"],
            cijfers=serializer.validated_data["cijfers"],
        )


@extend_schema_view(
    list=extend_schema(
        summary="The user's Talentontwikkelgesprekken (as professional or leidinggevende)",
        parameters=[
            api.choice_filter("state", Talentontwikkelgesprek.State.values, "Only in this state"),
        ],
    ),
    retrieve=extend_schema(summary="One conversation the user takes part in"),
)
class GesprekViewSet(api.AccessLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = GesprekSerializer
    access = staticmethod(profcirkel_access.access_gesprek)

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
        if state := api.choice_param(self.request, "state", Talentontwikkelgesprek.State.values):
            queryset = queryset.filter(state=state)
        return queryset

    @extend_schema(
        summary="Add a talking point, shared or private to you (participants only)",
        request=AgendapuntCreateSerializer,
        responses={201: AgendapuntSerializer},
    )
    @action(detail=True, methods=["post"])
    def points(self, request, pk=None):
        gesprek = profcirkel_access.access_gesprek(request.user, pk)
        serializer = AgendapuntCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api.like_the_pages():
            punt = profcirkel_services.agendapunt_add(
                gesprek=gesprek, by=request.user, **serializer.validated_data
            )
        return Response(AgendapuntSerializer(punt).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add an agreement owned by one of the two (participants only)",
        request=GespreksafspraakCreateSerializer,
        responses={201: GespreksafspraakSerializer},
    )
    @action(detail=True, methods=["post"])
    def agreements(self, request, pk=None):
        gesprek = profcirkel_access.access_gesprek(request.user, pk)
        serializer = GespreksafspraakCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # Only the two participants can own an agreement; anyone else is no one to it.
        participants = {p.pk: p for p in (gesprek.professional, gesprek.leidinggevende)}
        data["owner"] = participants.get(data["owner"])
        with api.like_the_pages():
            afspraak = profcirkel_services.gespreksafspraak_add(
                gesprek=gesprek, by=request.user, **data
            )
        return Response(GespreksafspraakSerializer(afspraak).data, status=status.HTTP_201_CREATED)


class BankItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    titel = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    team = serializers.CharField()
    probleemstelling = serializers.CharField()
    stappen = serializers.ListField(child=serializers.CharField())
    submitted_at = serializers.DateTimeField(allow_null=True)
    antwoord = serializers.CharField()
    antwoord_reden = serializers.CharField()
    effect = serializers.CharField()
    effect_cijfers = serializers.DictField(child=serializers.FloatField())
    bedankt = serializers.CharField()
    herkend = serializers.IntegerField(help_text="How many colleagues recognise it (no names).")
    followed = serializers.BooleanField(help_text="Whether you follow it.")
    recognised = serializers.BooleanField(help_text="Whether you recognise it.")
    groep = serializers.SerializerMethodField(help_text="Only when the group chose to show it.")
    namen = serializers.SerializerMethodField(help_text="Only when the group chose to show them.")

    def get_groep(self, item) -> str | None:
        return item.credit["groep"] if item.credit else None

    def get_namen(self, item) -> list[str]:
        return item.credit["names"] if item.credit else []


PAGE = inline_serializer(
    "BankPage",
    {
        "count": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "pages": serializers.IntegerField(),
        "results": BankItemSerializer(many=True),
    },
)


class BankViewSet(viewsets.GenericViewSet):
    """Proposals submitted to a Prof-cirkel, for the whole organisation (``PROPOSAL_BANK``)."""

    serializer_class = BankItemSerializer
    lookup_value_regex = r"\d+"
    pagination_class = None

    def get_queryset(self):
        return profcirkel_access.bank_voorstellen_for(self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="words, all must match"),
            OpenApiParameter("vraag", OpenApiTypes.INT, description="didactic question 1–10"),
            OpenApiParameter("team", OpenApiTypes.STR, description="team id"),
            OpenApiParameter("status", OpenApiTypes.STR),
            OpenApiParameter("gevolgd", OpenApiTypes.BOOL, description="only what you follow"),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=PAGE,
    )
    def list(self, request):
        if access.Scope.ORGANISATION not in access.scopes(request.user, access.Asset.PROPOSAL_BANK):
            raise Http404
        params = request.query_params
        result = bank.bank_page(
            user=request.user,
            q=str(params.get("q", ""))[:200].replace("\x00", ""),
            vraag=params.get("vraag"),
            team=params.get("team"),
            status=str(params.get("status", "")),
            gevolgd=str(params.get("gevolgd", "")).lower() in ("1", "true"),
            page=params.get("page"),
        )
        return Response(
            {
                "count": result.total,
                "page": result.page.number,
                "pages": result.page.paginator.num_pages,
                "results": BankItemSerializer(result.items, many=True).data,
            }
        )

    def retrieve(self, request, pk=None):
        voorstel = profcirkel_access.access_bank_voorstel(request.user, pk)
        detail = bank.bank_detail(voorstel=voorstel, user=request.user)
        return Response(BankItemSerializer(detail.item).data)

    @extend_schema(
        request=inline_serializer("Follow", {"follow": serializers.BooleanField(default=True)}),
        responses=BankItemSerializer,
    )
    @action(detail=True, methods=["post"])
    def follow(self, request, pk=None):
        """Follow a proposal (its news by e-mail), or stop with ``{"follow": false}``."""
        voorstel = profcirkel_access.access_bank_voorstel(request.user, pk)
        value = request.data.get("follow", True) if hasattr(request.data, "get") else True
        follow = value not in (False, "false", "0", 0)
        try:
            profcirkel_services.voorstel_follow(voorstel=voorstel, by=request.user, follow=follow)
        except PermissionDenied as exc:
            raise Http404 from exc
        detail = bank.bank_detail(voorstel=voorstel, user=request.user)
        return Response(BankItemSerializer(detail.item).data)
