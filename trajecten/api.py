"""The REST API for Prof-trajecten: the owner's full traject, activities and time; the
outline for the others who may see it (a ``trajecten.selectors.Outline``, never the
activities). Registered on the router in ``werkplekleren/api/urls.py``.
"""

import dataclasses

from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from didactiek.api import VraagNumbersField, VraagSerializer
from werkplekleren import access
from werkplekleren.api import views as api

from . import access as trajecten_access
from . import selectors as trajecten_selectors
from . import services as trajecten_services
from .models import Leeractiviteit, ProfTraject, Tijdregistratie


class LeeractiviteitSerializer(serializers.ModelSerializer):
    vragen = serializers.SlugRelatedField(many=True, read_only=True, slug_field="number")
    logged_minutes = serializers.IntegerField(read_only=True)

    class Meta:
        model = Leeractiviteit
        fields = [
            "id",
            "kind",
            "title",
            "link",
            "vragen",
            "planned_minutes",
            "logged_minutes",
            "status",
            "reflectie",
            "created_at",
        ]
        read_only_fields = fields


class OwnTrajectSerializer(serializers.ModelSerializer):
    """The owner's own traject with everything in it (only ever served to the owner)."""

    activiteiten = LeeractiviteitSerializer(many=True, read_only=True)

    class Meta:
        model = ProfTraject
        fields = [
            "id",
            "state",
            "ambitie",
            "start",
            "end",
            "active_weeks",
            "talenten",
            "leerbehoeften",
            "activiteiten",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TrajectOutlineSerializer(serializers.Serializer):
    """Reads a ``trajecten.selectors.Outline``: ambition, period, questions, hours, count."""

    id = serializers.IntegerField(source="traject_id")
    user = serializers.IntegerField(source="user_id")
    person_name = serializers.CharField()
    state = serializers.CharField()
    ambitie = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    active_weeks = serializers.IntegerField()
    vragen = VraagSerializer(many=True)
    # null for L&O: it sees hours only as aggregates (access.hours_visible_of).
    hours_used = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    hours_available = serializers.DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    proposals_count = serializers.IntegerField()


class ActiviteitCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Leeractiviteit.Kind.choices)
    title = serializers.CharField(max_length=200)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    planned_minutes = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False, allow_null=True, default=None
    )
    vragen = VraagNumbersField(required=False, default=list)


class ActiviteitUpdateSerializer(serializers.Serializer):
    """PATCH: only the fields sent are changed."""

    kind = serializers.ChoiceField(choices=Leeractiviteit.Kind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    planned_minutes = serializers.IntegerField(
        min_value=1, max_value=100_000, required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=Leeractiviteit.Status.choices, required=False)
    reflectie = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    vragen = VraagNumbersField(required=False)


class TijdCreateSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    day = serializers.DateField(required=False, help_text="Today when left out.")


class TijdregistratieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tijdregistratie
        fields = ["id", "activiteit", "day", "minutes", "created_at"]
        read_only_fields = fields


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
        parameters=[
            api.choice_filter("state", ProfTraject.State.values, "Only trajecten in this state")
        ],
    ),
    retrieve=extend_schema(summary="One of the user's own Prof-trajecten"),
)
class OwnTrajectViewSet(api.AccessLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = OwnTrajectSerializer
    access = staticmethod(trajecten_access.access_own_traject)

    def get_queryset(self):
        queryset = (
            trajecten_access.own_trajecten_for(self.request.user)
            .prefetch_related(_activiteiten())
            .order_by("-start", "-pk")
        )
        if state := api.choice_param(self.request, "state", ProfTraject.State.values):
            queryset = queryset.filter(state=state)
        return queryset

    @extend_schema(
        summary="Add a learning activity to your own traject",
        request=ActiviteitCreateSerializer,
        responses={201: LeeractiviteitSerializer},
    )
    @action(detail=True, methods=["post"], url_path="activities")
    def add_activity(self, request, pk=None):
        traject = trajecten_access.access_own_traject(request.user, pk)
        serializer = ActiviteitCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api.like_the_pages():
            activiteit = trajecten_services.activiteit_add(
                traject=traject, **serializer.validated_data
            )
        activiteit = _own_activiteiten(request.user).get(pk=activiteit.pk)
        return Response(LeeractiviteitSerializer(activiteit).data, status=status.HTTP_201_CREATED)


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
        request=ActiviteitUpdateSerializer,
        responses={200: LeeractiviteitSerializer},
    ),
)
class ActiviteitViewSet(api.AccessLookup, viewsets.GenericViewSet):
    """The owner's activities: everyone else gets a 404 (trajecten.access.access_activiteit)."""

    serializer_class = LeeractiviteitSerializer
    access = staticmethod(trajecten_access.access_activiteit)

    def get_queryset(self):
        return _own_activiteiten(self.request.user).order_by("-created_at", "-pk")

    def retrieve(self, request, pk=None):
        return Response(LeeractiviteitSerializer(self.get_object()).data)

    def partial_update(self, request, pk=None):
        activiteit = trajecten_access.access_activiteit(request.user, pk)
        serializer = ActiviteitUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        vragen = fields.pop("vragen", None)
        with api.like_the_pages():
            trajecten_services.activiteit_update(activiteit=activiteit, vragen=vragen, **fields)
        return Response(LeeractiviteitSerializer(self.get_object()).data)

    @extend_schema(
        summary="Write time spent on an activity of your own traject",
        request=TijdCreateSerializer,
        responses={201: TijdregistratieSerializer},
    )
    @action(detail=True, methods=["post"])
    def time(self, request, pk=None):
        activiteit = trajecten_access.access_activiteit(request.user, pk)
        serializer = TijdCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with api.like_the_pages():
            entry = trajecten_services.tijd_log(activiteit=activiteit, **serializer.validated_data)
        return Response(TijdregistratieSerializer(entry).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Outlines of the trajecten the user may see (own, team, organisation)",
        parameters=[
            api.choice_filter("state", ProfTraject.State.values, "Only trajecten in this state"),
            api.int_filter("user", "Only this person's trajecten"),
        ],
    ),
    retrieve=extend_schema(summary="The outline of one traject"),
)
class TrajectOutlineViewSet(viewsets.GenericViewSet):
    """Outlines only: built by trajecten.selectors from the traject, so activities,
    reflections, talents and learning needs are never in reach of the serializer."""

    serializer_class = TrajectOutlineSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = (
            trajecten_access.traject_outlines_for(self.request.user)
            .select_related("organisation", "user")
            .order_by("user__name", "-start", "pk")
        )
        if state := api.choice_param(self.request, "state", ProfTraject.State.values):
            queryset = queryset.filter(state=state)
        if (user := api.int_param(self.request, "user")) is not None:
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
        return self.get_paginated_response(TrajectOutlineSerializer(outlines, many=True).data)

    def retrieve(self, request, pk=None):
        traject = trajecten_access.access_traject_outline(request.user, pk)
        outline = trajecten_selectors.outline(traject=traject)
        (outline,) = self._without_hidden_hours(request.user, [outline])
        return Response(TrajectOutlineSerializer(outline).data)
