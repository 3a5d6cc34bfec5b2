"""The REST API for groups, their weeks and sessions (ideas and votes as a participant).

Every queryset and object comes from the access helpers the pages use; writes go through
``weekcyclus.services``. Registered on the router in ``werkplekleren/api/urls.py``.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from didactiek.api import VraagSerializer
from didactiek.models import DidactischeVraag
from werkplekleren.api import views as api
from werkplekleren.models import User

from . import access as weekcyclus_access
from . import services as weekcyclus_services
from .models import Bijdrage, Groep, GroepMember, Sessie, Weekcyclus


class GroepMemberSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="user.id", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)

    class Meta:
        model = GroepMember
        fields = ["id", "name", "status", "joined_at"]
        read_only_fields = fields


class GroepSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()

    class Meta:
        model = Groep
        fields = ["id", "name", "validatie", "created_at", "members"]
        read_only_fields = fields

    @extend_schema_field(GroepMemberSerializer(many=True))
    def get_members(self, groep: Groep):
        # Active members and open invitations: what a member sees on the group page.
        members = [
            m
            for m in groep.members.all()
            if m.status in (GroepMember.Status.ACTIVE, GroepMember.Status.INVITED)
        ]
        return GroepMemberSerializer(members, many=True).data


class GroepCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    invite = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**62),
        required=False,
        default=list,
        max_length=20,
        help_text="Ids of colleagues (professionals of your organisation) to invite.",
    )

    def validate_invite(self, value: list[int]) -> list[User]:
        ids = set(value)
        user = self.context["request"].user
        colleagues = list(weekcyclus_access.groep_candidates_for(user).filter(pk__in=ids))
        if len(colleagues) != len(ids):
            raise serializers.ValidationError("Onbekende collega.")
        return colleagues


class WeekcyclusSerializer(serializers.ModelSerializer):
    vragen = VraagSerializer(many=True, read_only=True)
    sessies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Weekcyclus
        fields = ["id", "groep", "week_start", "vragen", "sessies", "created_at"]
        read_only_fields = fields


class StepSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    minutes = serializers.IntegerField()


class IdeaSerializer(serializers.ModelSerializer):
    votes = serializers.IntegerField(read_only=True, source="n_votes")

    class Meta:
        model = Bijdrage
        fields = ["id", "text", "votes", "created_at"]
        read_only_fields = fields


class IdeaCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)


class VoteResultSerializer(serializers.Serializer):
    voted = serializers.BooleanField()
    votes = serializers.IntegerField()


class SessieSerializer(serializers.ModelSerializer):
    groep = serializers.IntegerField(source="weekcyclus.groep_id", read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    current_step = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    ideas = serializers.SerializerMethodField()

    class Meta:
        model = Sessie
        fields = [
            "id",
            "weekcyclus",
            "groep",
            "number",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "room",
            "state",
            "current_step",
            "steps",
            "ideas",
            "started_at",
            "ended_at",
        ]
        read_only_fields = fields

    @extend_schema_field(StepSerializer)
    def get_current_step(self, sessie: Sessie):
        return self._steps(sessie)[sessie.current_step]

    @extend_schema_field(StepSerializer(many=True))
    def get_steps(self, sessie: Sessie):
        return self._steps(sessie)

    @extend_schema_field(IdeaSerializer(many=True))
    def get_ideas(self, sessie: Sessie):
        # ``ideas`` is prefetched by the view, with ``n_votes`` annotated.
        return IdeaSerializer(sessie.ideas, many=True).data

    @staticmethod
    def _steps(sessie: Sessie) -> list[dict]:
        return [
            {
                "index": index,
                "key": step.key,
                "title": str(step.title),
                "minutes": step.minutes,
            }
            for index, step in enumerate(sessie.steps)
        ]


def _groepen(user):
    return (
        weekcyclus_access.groepen_for(user)
        .prefetch_related(Prefetch("members", queryset=GroepMember.objects.select_related("user")))
        .order_by("name", "pk")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Groups the user is an active member of",
        parameters=[OpenApiParameter("name", OpenApiTypes.STR, description="Name contains")],
    ),
    retrieve=extend_schema(summary="One of the user's groups"),
    create=extend_schema(
        summary="Create a group (the creator joins; colleagues are invited)",
        request=GroepCreateSerializer,
        responses={201: GroepSerializer},
    ),
)
class GroepViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = GroepSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        queryset = _groepen(self.request.user)
        name = self.request.query_params.get("name")
        if name:
            queryset = queryset.filter(name__icontains=name[:120])
        return queryset

    def get_object(self):
        return weekcyclus_access.access_groep(self.request.user, self.kwargs["pk"])

    def get_serializer_class(self):
        return GroepCreateSerializer if self.action == "create" else GroepSerializer

    def create(self, request, *args, **kwargs):
        if not weekcyclus_access.may_join_groepen(request.user):
            raise PermissionDenied("Groepen zijn er voor professionals.")
        serializer = GroepCreateSerializer(data=request.data, context={"request": request})
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
            raise api.service_errors(exc) from exc
        # (Not get_queryset: a ?name= on the request must not hide the group just made.)
        groep = _groepen(request.user).get(pk=groep.pk)
        return Response(GroepSerializer(groep).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Weekcycli of the user's groups",
        parameters=[
            api.int_filter("groep", "Only this group's weeks"),
            OpenApiParameter(
                "week_start_from", OpenApiTypes.DATE, description="Weeks from this Monday on"
            ),
        ],
    ),
    retrieve=extend_schema(summary="One weekcyclus of the user's groups"),
)
class WeekcyclusViewSet(api.AccessLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = WeekcyclusSerializer
    access = staticmethod(weekcyclus_access.access_weekcyclus)

    def get_queryset(self):
        queryset = (
            weekcyclus_access.weekcycli_for(self.request.user)
            .prefetch_related(
                Prefetch("vragen", queryset=DidactischeVraag.objects.order_by("number")),
                Prefetch("sessies", queryset=Sessie.objects.order_by("number")),
            )
            .order_by("-week_start", "pk")
        )
        if (groep := api.int_param(self.request, "groep")) is not None:
            queryset = queryset.filter(groep_id=groep)
        if (since := api.date_param(self.request, "week_start_from")) is not None:
            queryset = queryset.filter(week_start__gte=since)
        return queryset


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
            api.int_filter("weekcyclus", "Only this week's sessions"),
            api.int_filter("groep", "Only this group's sessions"),
            api.choice_filter("state", Sessie.State.values, "Only sessions in this state"),
        ],
    ),
    retrieve=extend_schema(summary="One session of the user's groups"),
)
class SessieViewSet(api.AccessLookup, viewsets.ReadOnlyModelViewSet):
    serializer_class = SessieSerializer
    access = staticmethod(weekcyclus_access.access_sessie)

    def get_queryset(self):
        queryset = (
            weekcyclus_access.sessies_for(self.request.user)
            .select_related("weekcyclus")
            .prefetch_related(_ideas())
            .order_by("starts_at", "pk")
        )
        if (weekcyclus := api.int_param(self.request, "weekcyclus")) is not None:
            queryset = queryset.filter(weekcyclus_id=weekcyclus)
        if (groep := api.int_param(self.request, "groep")) is not None:
            queryset = queryset.filter(weekcyclus__groep_id=groep)
        if state := api.choice_param(self.request, "state", Sessie.State.values):
            queryset = queryset.filter(state=state)
        return queryset

    @extend_schema(
        summary="Add an idea (live session, brainstorm step); you join the session",
        request=IdeaCreateSerializer,
        responses={201: IdeaSerializer},
    )
    @action(detail=True, methods=["post"], url_path="ideas")
    def add_idea(self, request, pk=None):
        sessie = weekcyclus_access.access_sessie(request.user, pk)
        serializer = IdeaCreateSerializer(data=request.data)
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
            raise api.service_errors(exc) from exc
        idee.n_votes = 0
        return Response(IdeaSerializer(idee).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Give or take back your vote on an idea (brainstorm step)",
        request=None,
        responses={200: VoteResultSerializer},
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
            raise api.service_errors(exc) from exc
        return Response({"voted": voted, "votes": idee.stemmen.count()})
