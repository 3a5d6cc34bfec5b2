"""The proposal bank in the REST API (an app-owned module; registered in the API's router):
the same reads as the pages (``profcirkel.bank``), so the same fields and never more —
no session notes, reviews, votes, owners, or names a group chose to hide."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from werkplekleren import access

from . import bank, services


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
        return access.bank_voorstellen_for(self.request.user)

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
        voorstel = access.access_bank_voorstel(request.user, pk)
        detail = bank.bank_detail(voorstel=voorstel, user=request.user)
        return Response(BankItemSerializer(detail.item).data)

    @extend_schema(
        request=inline_serializer("Follow", {"follow": serializers.BooleanField(default=True)}),
        responses=BankItemSerializer,
    )
    @action(detail=True, methods=["post"])
    def follow(self, request, pk=None):
        """Follow a proposal (its news by e-mail), or stop with ``{"follow": false}``."""
        voorstel = access.access_bank_voorstel(request.user, pk)
        value = request.data.get("follow", True) if hasattr(request.data, "get") else True
        follow = value not in (False, "false", "0", 0)
        try:
            services.voorstel_follow(voorstel=voorstel, by=request.user, follow=follow)
        except PermissionDenied as exc:
            raise Http404 from exc
        detail = bank.bank_detail(voorstel=voorstel, user=request.user)
        return Response(BankItemSerializer(detail.item).data)
