"""The core's forms. Labels and messages go through Babel, so each has its Chinese text."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, DateField, DecimalField, FieldList, Form, FormField, HiddenField, IntegerField, MultipleFileField,
    PasswordField,
    SelectField,
    SelectMultipleField, StringField, TextAreaField, ValidationError,
)
from wtforms.fields.core import UnboundField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget
from wtforms.validators import (
    DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional, Regexp, StopValidation,
)

from .. import clock
from ..domain import ActivityRole, ExchangeKind, Gender, Grade, LedgerSource, Mode, Program, Unit, UserRole
from ..domain.dates import DateTooLate, LatestDate
from ..domain.activity import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT
from ..domain.appeals import ENTRY, MISSING, STANDING
from ..domain.claims import CREDITS, HOURS
from ..domain.idcard import InvalidIdNumber, parse_id_number
from ..domain.labels import LEVEL_LABELS as DOMAIN_LEVEL_LABELS, MODE_LABELS as DOMAIN_MODE_LABELS
from ..domain.labels import STAGE_LABELS as DOMAIN_STAGE_LABELS, USER_ROLE_LABELS, labels
from ..domain.region import ACTIVITY_FIELDS
from ..domain.text import Messages
from ..services.accounts import MIN_PASSWORD_LENGTH, USERNAME_PATTERN, profile_date_limit
from ..services.enrollment_fields import plain_values

# A choice left out is no choice; one of blanks is not one of the choices. WTForms' ``Optional``
# takes "  " for nothing and clears the field's "Not a valid choice", so "  " reached
# ``Gender("  ")`` (a 500 hypothesis found on the user form).
CHOICE_OPTIONAL = Optional(strip_whitespace=False)
# Labels that hold a region's words (an assessment part's name): said, as the region's are, in the
# reader's language wherever they are rendered.
_said = Messages("messages", "portal")


class TickedField(SelectMultipleField):
    """Boxes ticked among the choices shown: a value not among them (a hand-made request) is
    refused in the page's language, naming it. WTForms' own words for it are not translated
    into Chinese (fuzzy in its catalogue): a phone trial's survey read "'bogus' is not a valid
    choice for this field." on a Chinese page."""

    def pre_validate(self, form):
        offered = {str(c[0]) for c in self.iter_choices()}
        unknown = [str(v) for v in self.data or () if str(v) not in offered]
        if unknown:
            raise ValidationError(self.refusal(str(_l(", ")).join(unknown)))

    @staticmethod
    def refusal(values: str):
        return _l("Not among the choices: %(values)s. Tick among those shown.", values=values)

class Within(NumberRange):
    """``NumberRange`` that says nothing of a value that is no number at all: the field has
    said so already ("Not a valid decimal value"), and "must be between 0 and 10000" beside it
    only confuses."""

    def __call__(self, form, field):
        if field.process_errors:
            raise StopValidation()
        super().__call__(form, field)


# The levels' words are the domain's (国家级 … 校级), the ones the rules' steps say: a form
# of its own words said 学校 where the steps said 校级; the stages' and roles' are the domain's too.
LEVEL_LABELS = DOMAIN_LEVEL_LABELS
STAGE_LABELS = DOMAIN_STAGE_LABELS
ROLE_LABELS = USER_ROLE_LABELS


def level_labels() -> dict:
    """The levels as the pages name them: the core's words (``portal.domain.labels``), the
    region's where it names a level otherwise (``portal_level_labels``: 区级 for 区县级)."""
    return labels(LEVEL_LABELS, current_app.extensions["portal.region"].level_labels())


def mode_labels() -> dict:
    """The modes as the pages name them: the core's words, the region's where it names a mode
    otherwise (``portal_mode_labels``: 面授培训 for 集中培训)."""
    return labels(MODE_LABELS, current_app.extensions["portal.region"].mode_labels())


def activity_role_labels() -> dict:
    """What a teacher did in a training as the pages name it: the core's words, the region's
    where it names a role otherwise (``portal_activity_role_labels``: 参训教师 for 学员)."""
    return labels(ACTIVITY_ROLE_LABELS, current_app.extensions["portal.region"].activity_role_labels())


def role_labels() -> dict:
    """The users' roles as the pages name them: the core's words, the region's where it names
    a role otherwise (``portal_role_labels``: 教育局 for the city's admin)."""
    return labels(ROLE_LABELS, current_app.extensions["portal.region"].role_labels())


# The modes' words are the domain's too (集中培训, Centralized training), the ones the rules'
# steps say: the project page read "Centralized (in person)" above steps saying "centralized training".
MODE_LABELS = DOMAIN_MODE_LABELS

# The grades in the words the regions' credit steps use (优, 良: the documents' own), so the
# calculator, the results and a claim offer what a step then says; capitalised in English as a
# choice, where a step's sentence reads them in lower case.
GRADE_LABELS = {
    Grade.EXCELLENT: _l("Excellent"),
    Grade.GOOD: _l("Good"),
    Grade.PASS: _l("Pass"),
    Grade.FAIL: _l("Fail"),
}

ACTIVITY_ROLE_LABELS = {
    ActivityRole.PARTICIPANT: _l("Participant"),
    ActivityRole.INSTRUCTOR: _l("Instructor"),
    ActivityRole.MENTOR: _l("Mentor"),
    ActivityRole.PRESENTER: _l("Presenter"),
}

GENDER_LABELS = {Gender.MALE: _l("Male"), Gender.FEMALE: _l("Female")}

EXCHANGE_LABELS = {
    ExchangeKind.RURAL_EXCHANGE: _l("Urban–rural exchange"),
    ExchangeKind.ATTACHMENT: _l("Temporary post elsewhere"),
    ExchangeKind.SECONDMENT: _l("Secondment"),
}

ID_NUMBER_ERRORS = {
    "length": _l("An ID number has 18 characters."),
    "characters": _l("An ID number is 17 digits followed by a digit or X."),
    "birth_date": _l("The birth date in this ID number is not a real date."),
    "check_digit": _l("The last character (check digit) does not match: please check the number."),
}


def empty_file_words() -> str:
    """What every upload form says of a file of 0 bytes (a download cut short, a sheet saved
    half, a file passed on by a chat app before it arrived): not "choose a file", which was
    chosen, nor "not a sheet", which says nothing of why."""
    return str(_l("The file you chose is empty (0 bytes): nothing can be read from it. Open it to check it, save "
                  "it again and choose it again."))


def date_refusal(refused: DateTooLate) -> str:
    """What a date field says when its date lies too far ahead (form and service alike)."""
    if refused.code == "future":
        return str(_l("This date cannot be after today."))
    return str(_l("This date can be at most %(days)d days after today (%(latest)s).",
                  days=refused.days_ahead, latest=refused.latest.isoformat()))


class NotLaterThan:
    """Refuses a date later than ``limit()`` allows; the limit is read when the form is
    validated, so it follows the app's settings and today's date."""

    def __init__(self, limit: Callable[[], LatestDate]):
        self.limit = limit

    def __call__(self, _form, field) -> None:
        try:
            self.limit().check(field.data, clock.today())
        except DateTooLate as refused:
            raise ValidationError(date_refusal(refused)) from None


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


MAX_PASSWORD_LENGTH = 200


def chosen_password(label, repeat) -> tuple[PasswordField, PasswordField]:
    """A password someone chooses for themself (``new``) and its repetition (``confirm``), as
    long as it may be: a pasted password is not cut in one field only."""
    return (
        PasswordField(label, validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD_LENGTH, message=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH)),
            Length(max=MAX_PASSWORD_LENGTH, message=_l("At most %(n)d characters.", n=MAX_PASSWORD_LENGTH))]),
        PasswordField(repeat, validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH),
                                          EqualTo("new", message=_l("The two passwords differ."))]),
    )


def username_field() -> StringField:
    return StringField(_l("Username"), validators=[
        DataRequired(), Length(min=3, max=64, message=_l("From 3 to 64 characters.")),
        Regexp(USERNAME_PATTERN, message=_l("Letters, digits, dot, dash and underscore only."))])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new, confirm = chosen_password(_l("New password"), _l("Repeat the new password"))


class ActivationForm(FlaskForm):
    """A teacher opens the account the school's code is for: who they are, the code, and the
    username and password they choose."""

    id_number = StringField(_l("ID number"), validators=[DataRequired(), Length(max=32)])
    code = StringField(_l("Activation code"), validators=[DataRequired(), Length(max=32)])
    username = username_field()
    new, confirm = chosen_password(_l("Password"), _l("Repeat the password"))


class ActivationSheetForm(FlaskForm):
    # the schools' own names, as every unit's choice marks them (a browser's translation left
    # them as entered elsewhere, and turned them into English here); the words beside each name
    # (how many have no account) are already in the page's language
    school = SelectField(_l("School"), coerce=int, validators=[DataRequired()], render_kw={"translate": "no"})


def in_date_range(_form, field) -> None:
    """The years the rules take (1950–2100); 0001 or 9999 is a typing error."""
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(_l("Enter a date from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


def validate_id_number(_form, field) -> None:
    try:
        field.data = parse_id_number(field.data or "").value
    except InvalidIdNumber as exc:
        raise ValidationError(ID_NUMBER_ERRORS[str(exc)]) from None


class UserForm(FlaskForm):
    """A new user with one role; the teacher fields are required only for the teacher role."""

    username = username_field()
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200,
                                           message=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH))],
    )
    role = SelectField(_l("Role"), validators=[DataRequired()])
    org_unit = SelectField(_l("Org unit"), coerce=int, validators=[DataRequired()], render_kw={"translate": "no"})
    gender = SelectField(_l("Gender"), choices=[SelectChoice(g.value, label) for g, label in GENDER_LABELS.items()],
                         validators=[CHOICE_OPTIONAL])
    id_number = StringField(_l("Resident ID number"), validators=[Optional(), validate_id_number])
    phone = StringField(_l("Phone"), validators=[Optional(), Regexp(r"^1\d{10}$", message=_l("An 11-digit mobile number."))])
    stages = TickedField(_l("School stages"), choices=[SelectChoice(s.value, label) for s, label in STAGE_LABELS.items()],
                                 validators=[CHOICE_OPTIONAL])
    subjects = StringField(_l("Subjects (separate with commas)"), validators=[Optional(), Length(max=200)])
    title = StringField(_l("Professional title"), validators=[Optional(), Length(max=40)])
    title_date = DateField(_l("Title obtained on"),
                           validators=[Optional(), in_date_range, NotLaterThan(partial(profile_date_limit, "title_date"))])
    entered_post = DateField(_l("Entered post on"),
                             validators=[Optional(), in_date_range,
                                         NotLaterThan(partial(profile_date_limit, "entered_post"))])
    transferred_in = DateField(_l("Transferred in on"),
                               validators=[Optional(), in_date_range,
                                           NotLaterThan(partial(profile_date_limit, "transferred_in"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        for field in (self.title_date, self.entered_post, self.transferred_in):  # date pickers stop at the last day accepted
            field.render_kw = {"max": profile_date_limit(field.name).latest(today).isoformat()}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.role.data == UserRole.TEACHER.value and not self.id_number.data and not self.id_number.errors:
            # gender and stages too, for a new record (the service says so): not for a teacher
            # imported already, whose account joins the record kept
            self.id_number.errors.append(_l("Required for a teacher."))
            ok = False
        return ok


class DisplayNameForm(FlaskForm):
    """An account's name, as an admin changes it."""

    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=80)])


class PasswordResetForm(FlaskForm):
    """A new password an admin sets for someone who forgot theirs."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200,
                                           message=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH))],
    )


class RoleGrantForm(FlaskForm):
    """One more role for an account, over a unit; the view sets the choices the admin has."""

    role = SelectField(_l("Role"), validators=[DataRequired()])
    org_unit = SelectField(_l("Org unit"), coerce=int, validators=[DataRequired()], render_kw={"translate": "no"})


class ConfirmForm(FlaskForm):
    """A button that changes something and carries nothing but its CSRF token."""


def _choices(labels: dict, blank: bool = False) -> list[SelectChoice]:
    return ([SelectChoice("", "—")] if blank else []) + [SelectChoice(k.value, v) for k, v in labels.items()]


def choices(described, blank=None) -> list[SelectChoice]:
    """A select's choices from ``Described`` items (code, label) or a mapping of codes (an enum
    member or a string) to labels; ``blank``: the label of a first empty choice."""
    items = described.items() if isinstance(described, Mapping) else ((d.code, d.label) for d in described)
    return ([SelectChoice("", blank)] if blank is not None else []) + [
        SelectChoice(getattr(code, "value", code), label) for code, label in items]


def _rebuilt(unbound, label=None, **changes):
    """A copy of an unbound field, made now (so it takes its place in the order fields are
    made), with the region's label and other keyword arguments changed."""
    args, kwargs = list(unbound.args), {**unbound.kwargs, **changes}
    if label is not None:
        if args:
            args[0] = label
        else:
            kwargs["label"] = label
    return unbound.field_class(*args, **kwargs)


def _required(validators) -> list:
    return [InputRequired()] + [v for v in validators or () if not isinstance(v, (Optional, InputRequired))]


class ActivityForm(FlaskForm):
    """One activity for the calculator (规则试算), field for field the rules command's JSON.

    The page shows it fitted to the region (``fitted``): the fields its conversion reads
    (``portal_activity_fields``), its programs (no program field where it has none), its
    choices and words, a score and a weight for each part of its composite assessment. A
    region needing a field of its own subclasses it (``portal_activity_form``): adds fields,
    extends ``activity_data()`` and ``field_for()``; ``Within`` bounds a number. Whatever the
    form lets through, the region's rules still validate.
    """

    level = SelectField(_l("Level"), choices=_choices(LEVEL_LABELS), validators=[InputRequired()])
    mode = SelectField(_l("Mode"), choices=_choices(MODE_LABELS), validators=[InputRequired()])
    hours = DecimalField(_l("Hours attended"), places=None,
                         validators=[InputRequired(), Within(min=0, max=10000)])
    days = IntegerField(_l("Days it spanned"), validators=[Optional(), Within(min=1, max=3660)])
    start = DateField(_l("Start date"), validators=[Optional()])
    end = DateField(_l("End date"), validators=[Optional()])
    grade = SelectField(_l("Grade"), choices=_choices(GRADE_LABELS, blank=True), validators=[CHOICE_OPTIONAL])
    role = SelectField(_l("Role"), choices=_choices(ACTIVITY_ROLE_LABELS), default=ActivityRole.PARTICIPANT.value)
    program = SelectField(_l("Program"), choices=[], validators=[Optional()], validate_choice=False)
    service_year = IntegerField(_l("Year in post"), validators=[Optional(), Within(min=1, max=60)])
    topics = StringField(_l("Topics (separate with commas)"), validators=[Optional(), Length(max=200)])
    base_credits = DecimalField(_l("Credits the project declares"), places=None,
                                validators=[Optional(), Within(min=0, max=10000)])
    planned_hours = None  # asked only where the region says its rules read it (fitted)

    @classmethod
    def fitted(cls, region, on) -> type:
        """This form as the region's calculator asks it on ``on`` (``portal.calculator.asked``):
        each field the class inherits from the core asked as the region declares, in its order,
        or dropped; a field the class defines itself (or sets to ``None``) as it says: in its
        declared place where the region declares its name, else after them."""
        from ..calculator import asked

        attrs: dict = {}
        for spec in asked(region, on):
            if spec.name in ("scores", "weights"):
                attrs.update(cls._part_fields(spec.name, region.assessment_parts()))
                continue
            own, core = getattr(cls, spec.name, None), _CORE_FIELDS.get(spec.name)
            if own is not core:  # the region's own field, or one it dropped: left as it is, in its declared place
                if isinstance(own, UnboundField):
                    attrs[spec.name] = _rebuilt(own)
                continue
            attrs[spec.name] = cls._fit(spec, core, region)
        for name in ACTIVITY_FIELDS:
            if name not in attrs and getattr(cls, name, None) is _CORE_FIELDS.get(name) and name in _CORE_FIELDS:
                attrs[name] = None  # not read by the region's rules: not asked
        own = [(name, field) for name in dir(cls) if isinstance(field := getattr(cls, name, None), UnboundField)
               and name not in attrs and field is not _CORE_FIELDS.get(name)]
        for name, field in sorted(own, key=lambda item: item[1].creation_counter):  # after the core's, in order
            attrs[name] = _rebuilt(field)
        return type(cls.__name__, (cls,), attrs)

    @staticmethod
    def _fit(spec, core, region):
        changes: dict = {}
        if spec.name == "level" or (spec.choices is not None and spec.name in ("mode", "role")):
            changes["choices"] = choices(spec.choices)
        elif spec.name == "mode":  # every mode, in the region's words, as the project form (portal_mode_labels)
            changes["choices"] = _choices(labels(MODE_LABELS, region.mode_labels()))  # the region given: no app needed
        elif spec.name == "role":  # every role, in the region's words (portal_activity_role_labels)
            changes["choices"] = _choices(labels(ACTIVITY_ROLE_LABELS, region.activity_role_labels()))
        elif spec.name == "grade" and spec.choices is not None:
            changes["choices"] = choices(spec.choices, blank="—")
        elif spec.name == "program":
            changes["choices"] = choices(region.programs(), blank="—")
        if spec.required:
            changes["validators"] = _required(core.kwargs.get("validators"))
        elif spec.required is False and spec.name in ("level", "hours"):  # the rules do without it
            changes["validators"] = [CHOICE_OPTIONAL if spec.name == "level" else Optional()] + [
                v for v in core.kwargs.get("validators") or () if not isinstance(v, (Optional, InputRequired))]
            if spec.name == "level":
                changes["choices"] = choices(spec.choices, blank="—")
        if spec.name == "topics" and spec.choices is not None:  # the region's list: ticked, not typed
            # one not listed refused in the page's language, as on the project form (TopicsField)
            return TopicsField(spec.label or _l("Topics"), choices=choices(spec.choices),
                                       option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                       validators=_required(()) if spec.required else [Optional()])
        if spec.name == "planned_hours":
            bounds = Within(min=0, max=10000)
            return DecimalField(spec.label or _l("Hours the training was planned for"), places=None,
                                validators=_required([bounds]) if spec.required else [Optional(), bounds])
        return _rebuilt(core, spec.label, **changes)

    @staticmethod
    def _part_fields(kind: str, parts: Mapping) -> dict:
        """A score (points) or a weight (percent) for each part of the composite assessment."""
        if kind == "scores":  # the full score is the region's: its rules check the upper bound
            return {f"score_{code}": DecimalField(_said("Score for {part} (points)", part=label), places=None,
                                                  validators=[Optional(), Within(min=0)])
                    for code, label in parts.items()}
        return {f"weight_{code}": DecimalField(_said("Weight of {part} (%)", part=label), places=None,
                                               validators=[Optional(), Within(min=0, max=100)])
                for code, label in parts.items()}

    def fit_to(self, program: Program | None) -> None:
        """A program that belongs to one level or mode sets it; one credited case by case
        or by a fixed figure does not ask for hours, nor does one for a role it credits by a
        fixed figure (``Program.fixed_roles``) once that role is chosen."""
        if program is None:
            return
        for name in ("level", "mode"):
            fixed = getattr(program, name)
            if fixed is not None and name in self:
                self[name].data = fixed.value
        role = self["role"].data if "role" in self else None
        if "hours" in self and not program.hours_needed(role if isinstance(role, str) and role else None):
            del self["hours"]

    def validate(self, extra_validators=None) -> bool:
        """The region's fields plus what holds for every activity: finite amounts with at
        most two decimals, dates the rules take, the end not before the start."""
        # "NaN" and "Infinity" are Decimals to WTForms, and comparing them in NumberRange raises.
        for field in self:
            if isinstance(field.data, Decimal) and not field.data.is_finite():
                field.data = None
                field.process_errors.append(field.gettext("Not a valid decimal value."))
        ok = super().validate(extra_validators)
        for field in self:
            if field.errors or not field.data:
                continue
            if isinstance(field, DecimalField) and field.data.as_tuple().exponent < -2:
                field.errors.append(_l("At most two decimals."))
                ok = False
            elif isinstance(field, DecimalField) and field.data > MAX_AMOUNT:
                field.errors.append(_l("At most %(max)s.", max=MAX_AMOUNT))
                ok = False
            elif isinstance(field, DateField):
                try:
                    in_date_range(self, field)
                except ValidationError as error:
                    field.errors.append(error.args[0])
                    ok = False
        start, end = self._fields.get("start"), self._fields.get("end")
        if start and end and start.data and end.data and end.data < start.data and not end.errors:
            end.errors.append(_l("The end date is before the start date."))
            ok = False
        return ok

    def field_for(self, path: str) -> str | None:
        """The form field that shows a rule's refusal of ``path`` (``hours``; ``scores.exam``
        under ``score_exam``); a region's form maps the paths of its own fields."""
        kind, _dot, code = path.partition(".")
        part = {"scores": "score_", "weights": "weight_"}.get(kind, "") + code
        if code and part in self:
            return part
        name = path.split(".")[0].split("[")[0]
        return name if name in self else None

    def activity_data(self) -> dict:
        """The activity as the rules command's JSON (``Activity.from_mapping`` reads it)."""
        data = {}
        for name in ("level", "mode", "hours", "days", "start", "end", "grade", "role", "program",
                     "service_year", "base_credits", "planned_hours"):  # planned_hours: a region's form may ask it
            field = self._fields.get(name)
            if field is not None and field.data not in (None, ""):
                data[name] = field.data.isoformat() if hasattr(field.data, "isoformat") else field.data
        if "hours" not in self:  # a program that asks for none
            data["hours"] = 0
        topics = self._fields.get("topics")
        if topics is not None and topics.data:
            chosen = topics.data if isinstance(topics.data, list) else topics.data.replace("，", ",").split(",")
            chosen = [t.strip() for t in chosen if t.strip()]  # an empty value sent alone is none chosen
            if chosen:
                data["topics"] = chosen
        for key, prefix in (("scores", "score_"), ("weights", "weight_")):
            values = {name[len(prefix):]: field.data for name, field in self._fields.items()
                      if name.startswith(prefix) and field.data is not None}
            if values:
                data[key] = values
        return data


# The core's own fields of the calculator, to tell them from a region form's fields.
_CORE_FIELDS = {name: getattr(ActivityForm, name) for name in ACTIVITY_FIELDS
                if isinstance(getattr(ActivityForm, name, None), UnboundField)}


class LeaveForm(Form):
    """One period of approved leave (no CSRF field of its own: it lives inside a form)."""

    start = DateField(_l("Leave from"), validators=[Optional()])
    end = DateField(_l("Leave until"), validators=[Optional()])

    def validate(self, extra_validators=None):
        """Both days or neither: a leave with only its first day was kept as one day long, and
        one with only its last day was dropped."""
        if not super().validate(extra_validators):
            return False
        if (self.start.data is None) != (self.end.data is None):
            self.end.errors.append(_l("Give both the first and the last day of the leave."))
            return False
        return True


class TeacherFactsForm(FlaskForm):
    """What the region's rules need to know of a teacher (the admin's 教师信息 form)."""

    LEAVE_ROWS = 4

    entered_post = DateField(_l("Entered post on"), validators=[Optional()])
    probation_end = DateField(_l("Probation ended on"), validators=[Optional()])
    transferred_in = DateField(_l("Transferred in on"), validators=[Optional()])
    transferred_from = StringField(_l("Transferred from"), validators=[Optional(), Length(max=120)])
    exchange_kind = SelectField(_l("Working elsewhere for a time"), choices=_choices(EXCHANGE_LABELS, blank=True),
                                validators=[Optional()])
    exchange_unit = StringField(_l("Unit where they work meanwhile"), validators=[Optional(), Length(max=120)])
    title = StringField(_l("Professional title"), validators=[Optional(), Length(max=40)])
    title_date = DateField(_l("Title obtained on"), validators=[Optional()])
    layer = StringField(_l("Layer and category"), validators=[Optional(), Length(max=40)])
    qualified = SelectField(_l("Teacher qualification certificate"), choices=[
        SelectChoice("", _l("Not recorded")), SelectChoice("yes", _l("Holds one")),
        SelectChoice("no", _l("Does not hold one"))], validators=[CHOICE_OPTIONAL])
    leave = FieldList(FormField(LeaveForm), label=_l("Approved leave"), min_entries=LEAVE_ROWS,
                      max_entries=LEAVE_ROWS)


def teacher_facts_form_class(layers, kept: str | None):
    """``TeacherFactsForm`` with the layer chosen from the region's list where it keeps one
    (``portal_project_choices``: the layers projects are for), so a teacher's layer matches the
    projects' (a school's layer-matching rate): a typed 骨干 matched no 骨干教师 project. A layer kept
    from before and no longer listed stays offered, as it reads."""
    if not layers:
        return TeacherFactsForm
    choices = [SelectChoice("", "—")] + [SelectChoice(c.code, c.label) for c in layers]
    if kept and kept not in {c.code for c in layers}:
        choices.append(SelectChoice(kept, kept))
    return type("TeacherFactsForm", (TeacherFactsForm,), {
        "layer": SelectField(_l("Layer and category"), choices=choices, validators=[Optional()])})


def split_list(text: str | None) -> tuple[str, ...]:
    """"语文, 数学，英语" → ("语文", "数学", "英语"): a list typed with either comma."""
    return tuple(dict.fromkeys(t.strip() for t in (text or "").replace("，", ",").split(",") if t.strip()))


class ProjectForm(FlaskForm):
    """A training project's core fields (the organiser's 项目申报). The region's own fields
    (``portal_project_form``) are added after these by ``project_form_class``."""

    # names of units and what the organiser wrote are data, left as they are on an English page
    organiser = SelectField(_l("Organiser"), coerce=int, validators=[InputRequired()], render_kw={"translate": "no"})
    name = StringField(_l("Project name"), validators=[DataRequired(), Length(max=200)])
    # no level chosen for the organiser: the first one listed (国家级) was kept unnoticed
    level = SelectField(_l("Level"), choices=_choices(LEVEL_LABELS, blank=True), validators=[InputRequired()])
    mode = SelectField(_l("Mode"), choices=_choices(MODE_LABELS), validators=[InputRequired()])
    program = SelectField(_l("Program"), choices=[], validators=[Optional()], validate_choice=False)
    category = SelectField(_l("Credit category"), choices=[], validators=[Optional()], validate_choice=False)
    start = DateField(_l("Start date"), validators=[InputRequired(), in_date_range])
    end = DateField(_l("End date"), validators=[InputRequired(), in_date_range])
    hours = DecimalField(_l("Hours"), places=None, validators=[InputRequired(), Within(min=0, max=10000)])
    base_credits = DecimalField(_l("Credits the project declares"), places=None,
                                validators=[Optional(), Within(min=0, max=10000)])
    stages = TickedField(_l("For school stages (none: all)"),
                                 choices=[SelectChoice(s.value, label) for s, label in STAGE_LABELS.items()],
                                 validators=[Optional()])
    subjects = StringField(_l("For subjects (separate with commas; none: all)"),
                           validators=[Optional(), Length(max=200)])
    layer = StringField(_l("For the layer and category (none: all)"), validators=[Optional(), Length(max=40)])
    topics = StringField(_l("Topics (separate with commas)"), validators=[Optional(), Length(max=200)])
    class_size = IntegerField(_l("Seats per class (empty: no limit)"),
                              validators=[Optional(), Within(min=1, max=10000)])
    classes = IntegerField(_l("Classes"), default=1, validators=[InputRequired(), Within(min=1, max=100)])
    fee = DecimalField(_l("Fee per teacher (yuan)"), places=None, default=Decimal(0),
                       validators=[InputRequired(), Within(min=0, max=100000)])
    lodging = BooleanField(_l("Lodging provided"))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)],
                                render_kw={"translate": "no"})

    offers_topics = False  # the region lists the topics: they are ticked, not typed (project_form_class)
    offers_levels = False  # the region lists the levels a project may have (project_form_class)
    offers_modes = False  # the region lists the modes a project may have (project_form_class)
    CORE = ("organiser", "name", "level", "mode", "program", "category", "start", "end", "hours", "base_credits",
            "stages", "subjects", "layer", "topics", "class_size", "classes", "fee", "lodging", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.offers_levels:  # the region's list (project_form_class) or every level, in its words
            self.level.choices = _choices(level_labels(), blank=True)
        if not self.offers_modes:
            self.mode.choices = _choices(mode_labels())
        if current_app.extensions["portal.region"].info.unit == Unit.HOUR:  # the region counts 学时, not 学分
            if "base_credits" in self:
                self.base_credits.label.text = _l("Hours the project declares")
            self.category.label.text = _l("Category of the hours")

    def validate(self, extra_validators=None) -> bool:
        for f in self:
            if isinstance(f.data, Decimal) and not f.data.is_finite():
                f.data = None
                f.process_errors.append(f.gettext("Not a valid decimal value."))
        ok = super().validate(extra_validators)
        for f in (self[name] for name in ("hours", "base_credits", "fee") if name in self):
            if f.data is not None and not f.errors and f.data.as_tuple().exponent < -2:
                f.errors.append(_l("At most two decimals."))
                ok = False
        if self.start.data and self.end.data and self.end.data < self.start.data and not self.end.errors:
            self.end.errors.append(_l("The end date is before the start date."))
            ok = False
        return ok

    def region_data(self) -> dict:
        """The region's own fields, as JSON values for ``region_fields``."""
        return plain_values(self, skip=self.CORE)


class TopicsField(TickedField):
    """The topics a region lists, ticked: a value it does not list (typed into a hand-made
    request) is named and refused in the page's language."""

    @staticmethod
    def refusal(values: str):
        return _l("Not a topic of this region: %(values)s. Tick the topics offered.", values=values)


def project_form_class(region_form: type | None, choices: Mapping | None = None,
                       kept_layer: str | None = None, declared: bool = True) -> type:
    """The project form with the region's fields after the core's; where the region lists the
    levels, modes, layers or topics a project may name (``portal_project_choices``), only those
    are offered, under their labels (a level and a mode from the region's list, one layer from a
    list, topics by ticking, instead of typed), and a value not offered is refused. A project's
    ``kept_layer`` no longer listed (typed before the region listed its layers) stays offered,
    as it reads, so that an edit keeps it until someone changes it. Without ``declared`` (the
    region's conversion reads no figure a project declares, ``base_credits``) that field is not
    asked: an hours region asked 学时 and 项目标明的学时 one above the other, the second read by nothing."""
    choices = choices or {}
    fields = {} if declared else {"base_credits": None}
    if "level" in choices:
        fields["level"] = SelectField(_l("Level"), validators=[InputRequired()],
                                      choices=[SelectChoice("", "—")] + [SelectChoice(c.code, c.label) for c in choices["level"]])
    if "mode" in choices:
        fields["mode"] = SelectField(_l("Mode"), validators=[InputRequired()],
                                     choices=[SelectChoice(c.code, c.label) for c in choices["mode"]])
    fields["offers_levels"] = "level" in choices
    fields["offers_modes"] = "mode" in choices
    if "layer" in choices:
        layers = [SelectChoice("", "—")] + [SelectChoice(c.code, c.label) for c in choices["layer"]]
        if kept_layer and kept_layer not in {c.code for c in choices["layer"]}:
            layers.append(SelectChoice(kept_layer, kept_layer))  # kept from before, as it reads, until changed
        fields["layer"] = SelectField(
            _l("For the layer and category (none: all)"), validators=[Optional()], choices=layers)
    if "topics" in choices:
        fields["topics"] = TopicsField(
            _l("Topics"), choices=[SelectChoice(c.code, c.label) for c in choices["topics"]],
            option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False), validators=[Optional()])
    fields["offers_topics"] = "topics" in choices
    bases = (ProjectForm,) if region_form is None else (ProjectForm, region_form)
    return type("RegionProjectForm", bases, fields)


class RescheduleForm(FlaskForm):
    """New dates for a published project whose seats are taken, with the reason its teachers read."""

    start = DateField(_l("New start date"), validators=[InputRequired(), in_date_range])
    end = DateField(_l("New end date"), validators=[InputRequired(), in_date_range])
    reason = TextAreaField(_l("Reason (its teachers read it)"), validators=[InputRequired(), Length(max=500)])

    def validate_end(self, field):
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The end date is before the start date."))


class MaterialsForm(FlaskForm):
    """Files of a project's training materials (培训情况资料), checked by the service."""

    files = MultipleFileField(_l("Choose files (PDF, photos, Word, Excel)"))


class ReviewForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[SelectChoice("", _l("Choose…")),
                                                    SelectChoice("approve", _l("Approve and publish")),
                                                    SelectChoice("return", _l("Return for changes")),
                                                    SelectChoice("reject", _l("Reject"))],
                           validators=[InputRequired()])
    reason = TextAreaField(_l("Reason (needed to return or reject)"), validators=[Optional(), Length(max=500)])


class NoticeForm(FlaskForm):
    note = TextAreaField(_l("Your words to the units (optional)"), validators=[Optional(), Length(max=500)])


class AmountsChecked:
    """Mixed into a form whose ``amounts`` fields hold credits or hours: finite ("NaN" and
    "Infinity" are Decimals to WTForms, and comparing them in NumberRange raises) and with at
    most two decimals."""

    amounts: tuple[str, ...] = ()

    def validate(self, extra_validators=None) -> bool:
        fields = [self[name] for name in self.amounts if name in self]
        for f in fields:
            if isinstance(f.data, Decimal) and not f.data.is_finite():
                f.data = None
                f.process_errors.append(f.gettext("Not a valid decimal value."))
        ok = super().validate(extra_validators)
        for f in fields:
            if f.data is not None and not f.errors and f.data.as_tuple().exponent < -2:
                f.errors.append(_l("At most two decimals."))
                ok = False
        return ok


class MoveForm(AmountsChecked, FlaskForm):
    """One step of an enrollment (a button on the teacher's or the organiser's list) with
    what it asks for; the service checks which of these the step needs."""

    target = StringField(validators=[DataRequired(), Length(max=40)])
    state = StringField(validators=[DataRequired(), Length(max=40)])  # the state the page showed
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=500)])
    attended_hours = DecimalField(_l("Hours attended"), places=None,
                                  validators=[Optional(), Within(min=0, max=10000)])
    grade = SelectField(_l("Grade"), choices=_choices(GRADE_LABELS, blank=True), validators=[CHOICE_OPTIONAL])
    payment = SelectField(_l("Payment method"), choices=[], validators=[Optional()], validate_choice=False)
    evaluation = SelectField(_l("Your evaluation"), coerce=lambda v: int(v) if v else None,
                             choices=[SelectChoice("", "—")] + [SelectChoice(n, str(n)) for n in range(5, 0, -1)],
                             validators=[Optional()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=500)])
    agreed = BooleanField(_l("I have read the notice and agree"))
    amounts = ("attended_hours",)


class NeedsSurveyForm(FlaskForm):
    """The training needs survey (培训需求调研问卷): what the teacher wants to learn and how."""

    # ticked on a phone, not a list box whose last options scroll out of sight (a trial's missed 学历教育)
    modes = TickedField(_l("Ways of training you prefer (tick any)"), choices=_choices(MODE_LABELS),
                                option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                validators=[Optional()])
    levels = TickedField(_l("Levels you would take (tick any)"), choices=_choices(LEVEL_LABELS),
                                 option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                 validators=[CHOICE_OPTIONAL])
    subjects = StringField(_l("Subjects you want training in (separate with commas)"),
                           validators=[Optional(), Length(max=200)])
    topics = StringField(_l("Topics you want (separate with commas)"), validators=[Optional(), Length(max=200)])
    interests = TextAreaField(_l("Your interests and what you would like to improve"),
                              validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels.choices = _choices(level_labels())  # in the region's words
        self.modes.choices = _choices(mode_labels())

    def offer(self, offered: Mapping[str, tuple[str, ...] | None]) -> None:
        """Only the modes and levels the region has (``surveys.offered``; None: every one)."""
        for name, codes in offered.items():
            if codes is not None:
                self[name].choices = [c for c in self[name].choices if str(c.value) in codes]

    def validate(self, extra_validators=None) -> bool:
        """At least one answer: an empty survey would end the first sign-in's question with
        nothing to recommend from (a trial sent it empty)."""
        if not super().validate(extra_validators):
            return False
        if not any(self.answers().values()):
            self.modes.errors = [*self.modes.errors, _l("Answer at least one question: the recommendations come from your answers.")]
            return False
        return True

    def answers(self) -> dict:
        return {"modes": list(self.modes.data or ()), "levels": list(self.levels.data or ()),
                "subjects": list(split_list(self.subjects.data)), "topics": list(split_list(self.topics.data)),
                "interests": (self.interests.data or "").strip()}


class ClaimForm(AmountsChecked, FlaskForm):
    """A claim of one of the region's kinds (the kind is in the URL): the core's fields; the
    service converts them with the region's rules and checks the evidence by its content."""

    title = StringField(_l("What it was (the award, the paper, the course, the training)"),
                        validators=[DataRequired(), Length(max=200)])
    start = DateField(_l("First day (for a training of several days)"), validators=[Optional(), in_date_range])
    activity_date = DateField(_l("Date (awarded, published, completed)"),
                              validators=[DataRequired(), in_date_range, NotLaterThan(lambda: LatestDate())])
    level = SelectField(_l("Level"), choices=[], validators=[InputRequired(_l("Choose the level: none is chosen for you."))])
    grade = SelectField(_l("Grade on the certificate"), choices=[], validators=[CHOICE_OPTIONAL])
    figure = DecimalField(_l("Hours"), places=None, validators=[InputRequired(), Within(min=0.01, max=float(MAX_AMOUNT))])
    details = TextAreaField(_l("Details (issuer, journal, certificate number)"), validators=[Optional(), Length(max=1000)],
                            render_kw={"translate": "no"})  # what the claimant wrote, shown again when corrected
    photos = MultipleFileField(_l("Take a photo"))
    files = MultipleFileField(_l("Choose files (PDF, photos, Word, Excel)"))
    held = HiddenField()  # the signed token of files kept from a refused sending (claims.hold)
    reason = TextAreaField(_l("What you corrected"), validators=[DataRequired(), Length(max=500)])
    amounts = ("figure",)

    def fit_to(self, kind, level_labels: dict, asks_level: bool = True) -> None:
        """The kind's levels, its grades if the claimant picks one (none stated is a choice
        too), and its figure: hours or credits. A kind of one level carries it: not asked (a
        select of that one level, headed 培训级别, asked it of a degree course, which has none);
        nor is one whose rules do not read it (``asks_level`` False: ``claims.level_asked``);
        an achievement's level is the achievement's (成果层次), not a training's. A level asked
        starts blank (请选择…): a claimant who did not look sent the first, 国家级."""
        levels = kind.offered_levels()
        if len(levels) == 1 or not asks_level:
            del self.level
        else:
            self.level.choices = [SelectChoice("", _l("Choose…")),
                                  *(SelectChoice(level.value, level_labels[level]) for level in levels)]
            if kind.mode == Mode.SELF_STUDY:
                self.level.label.text = _l("Level of the achievement")
        if kind.grades:
            self.grade.choices = [SelectChoice("", _l("None stated")),
                                  *(SelectChoice(grade.value, GRADE_LABELS[grade]) for grade in kind.grades)]
        else:
            del self.grade
        if kind.figure == CREDITS:
            self.figure.label.text = kind.figure_label or _l("Credits recognised or declared")
        if kind.figure != HOURS:
            del self.start
        if kind.ledger_source == LedgerSource.OUTSIDE:  # a training elsewhere: no award, paper or journal
            self.title.label.text = _l("The training's name")
            self.activity_date.label.text = _l("Last day (completed)")
            self.details.label.text = _l("Details (organiser, certificate number)")


class AppealForm(FlaskForm):
    """A teacher's appeal: what about, why, and the files that show it."""

    subject = SelectField(_l("What do you contest?"), choices=[
        SelectChoice(ENTRY, _l("An entry in my ledger")),
        SelectChoice(MISSING, _l("A training or achievement missing from my ledger")),
        SelectChoice(STANDING, _l("My standing for a year"))], validators=[InputRequired()])
    day = DateField(_l("Its date (the missing activity's, or a day of the contested year)"),
                    validators=[Optional(), in_date_range, NotLaterThan(lambda: LatestDate())])
    statement = TextAreaField(_l("What is wrong, and what it should be"), validators=[DataRequired(), Length(max=2000)])
    photos = MultipleFileField(_l("Take a photo"))
    files = MultipleFileField(_l("Choose files (PDF, photos, Word, Excel)"))


class AnswerForm(AmountsChecked, FlaskForm):
    """The answer to an appeal; where it is upheld, what the ledger gets."""

    outcome = SelectField(_l("Answer"), choices=[SelectChoice("upheld", _l("Upheld")),
                                                 SelectChoice("dismissed", _l("Dismissed"))],
                          validators=[InputRequired()])
    reason = TextAreaField(_l("Reason (the teacher reads it)"), validators=[DataRequired(), Length(max=1000)])
    amount = DecimalField(_l("Credits due"), places=None,
                          validators=[Optional(), Within(min=0, max=float(MAX_AMOUNT))])
    strike = BooleanField(_l("Cancel the contested entry: it counts for nothing"))
    category = SelectField(_l("Category"), choices=[], validators=[Optional()], validate_choice=False)
    title = StringField(_l("Title of the entry"), validators=[Optional(), Length(max=200)])
    day = DateField(_l("Date of the entry"), validators=[Optional(), in_date_range, NotLaterThan(lambda: LatestDate())])
    amounts = ("amount",)


class TranscriptPeriodForm(FlaskForm):
    """The period a transcript covers (read from the query string; nothing changes)."""

    class Meta:
        csrf = False

    start = DateField(_l("From"), validators=[Optional(), in_date_range])
    end = DateField(_l("Until"), validators=[Optional(), in_date_range])


class IssueTranscriptForm(FlaskForm):
    """Issue the transcript of the period shown (carried as hidden dates)."""

    start = DateField(validators=[Optional(), in_date_range], widget=HiddenInput())
    end = DateField(validators=[Optional(), in_date_range], widget=HiddenInput())


class RevokeDocumentForm(FlaskForm):
    reason = TextAreaField(_l("Why it is revoked (the teacher reads it)"), validators=[DataRequired(), Length(max=500)])


class DocumentFileForm(FlaskForm):
    """A PDF someone holds, checked on the public verification page against the one issued."""

    document = FileField(_l("The PDF file you received"), validators=[FileRequired(_l("Choose the PDF file to check."))],
                         render_kw={"accept": ".pdf,application/pdf"})


class RecordUploadForm(FlaskForm):
    """A teacher's record signed by another region's bureau (a .jws file)."""

    record = FileField(_l("The record file"), validators=[FileRequired(_l("Choose the record file."))])


class RecordConfirmForm(FlaskForm):
    """The record previewed, sent again to be checked and entered."""

    token = HiddenField(validators=[DataRequired()])
    digest = HiddenField(validators=[DataRequired(), Length(min=64, max=64)])


class WorkshopEditForm(FlaskForm):
    """A workshop's name and leader, which an admin may change once it is set up."""

    name = StringField(_l("Workshop name"), validators=[DataRequired(), Length(max=120)])
    leader = StringField(_l("Leader's username"), validators=[DataRequired(), Length(max=64)])


class WorkshopForm(WorkshopEditForm):
    """A new workshop: its unit, subject and stage say who its members are, and stay."""

    org_unit = SelectField(_l("Org unit"), coerce=int, validators=[DataRequired()], render_kw={"translate": "no"})
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=40)])
    stage = SelectField(_l("School stage"), choices=_choices(STAGE_LABELS, blank=True), validators=[DataRequired()])


class RemoveWorkshopForm(FlaskForm):
    """Removing a workshop: its CSRF token only."""
