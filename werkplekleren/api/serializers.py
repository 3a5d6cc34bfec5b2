"""Serializers of the REST API. Every field is listed explicitly (never ``__all__``), so a new
model field never leaks into an integration by accident.

The traject outline serializer reads a ``trajecten.selectors.Outline``, not the traject: it
cannot reach activities, reflections, talents or learning needs.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from didactiek.models import DidactischeVraag, Verbetervoorstel
from didactiek.selectors import didactisch_kader
from profcirkel import selectors as profcirkel_selectors
from profcirkel.models import Agendapunt, Gespreksafspraak, Talentontwikkelgesprek
from trajecten.models import Leeractiviteit, ProfTraject, Tijdregistratie
from weekcyclus.models import Bijdrage, Groep, GroepMember, Sessie, Weekcyclus
from werkplekleren import access
from werkplekleren.models import User


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


class VraagSerializer(serializers.ModelSerializer):
    class Meta:
        model = DidactischeVraag
        fields = ["number", "text"]
        read_only_fields = fields


# --- Groups --------------------------------------------------------------------------------


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
        colleagues = list(access.groep_candidates_for(user).filter(pk__in=ids))
        if len(colleagues) != len(ids):
            raise serializers.ValidationError("Onbekende collega.")
        return colleagues


# --- Weekcycli and sessions ----------------------------------------------------------------


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


# --- Proposals -----------------------------------------------------------------------------


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


# --- Prof-trajecten: the owner's full traject, and the outline for others ------------------


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


# --- Talentontwikkelgesprekken -------------------------------------------------------------


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
            punten = access.agendapunten_visible(user, gesprek)
        return AgendapuntSerializer(punten, many=True).data


# --- Writes: inputs (explicit fields; the services decide, in Dutch) -----------------------


class VraagNumbersField(serializers.ListField):
    """Numbers of questions of the didactisch kader, turned into the questions."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.IntegerField(min_value=1, max_value=10))
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "Numbers (1–10) of questions of the didactisch kader.")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        numbers = set(super().to_internal_value(data))
        vragen = list(didactisch_kader().filter(number__in=numbers))
        if len(vragen) != len(numbers):
            raise serializers.ValidationError("Kies vragen uit het didactisch kader.")
        return vragen


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
