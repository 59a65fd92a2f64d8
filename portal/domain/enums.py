"""Enumerations shared by the core and every region (codes are the rules command's JSON values, docs/writing-a-region.md)."""
from enum import StrEnum


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    COUNTY = "county"
    SCHOOL = "school"


LEVELS_DOWN = tuple(Level)  # national first: a level's index says how high it is


class Mode(StrEnum):
    CENTRALIZED = "centralized"
    ONLINE = "online"
    SCHOOL_BASED = "school_based"
    SELF_STUDY = "self_study"
    DEGREE = "degree"


class Grade(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    PASS = "pass"
    FAIL = "fail"


class ActivityRole(StrEnum):
    """What a teacher did in a training: attended it, taught it, mentored or presented."""

    PARTICIPANT = "participant"
    INSTRUCTOR = "instructor"
    MENTOR = "mentor"
    PRESENTER = "presenter"


class Unit(StrEnum):
    """What a figure counts. A region's duties and its ledger count credits or hours; a
    finding may count times (次: sessions, trainings) or items (项: topics)."""

    CREDIT = "credit"
    HOUR = "hour"
    TIME = "time"
    ITEM = "item"


LEDGER_UNITS = (Unit.CREDIT, Unit.HOUR)  # what a region's duties and its ledger entries count


class OrgKind(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"
    ZONE = "zone"
    SCHOOL = "school"
    INSTITUTION = "institution"


# The level a unit's own trainings have (a school's 校本培训 school-level, a district's county-level
# ...); a training institution has none and undertakes any level. By default (``portal_highest_levels``)
# a unit organises trainings of its own level or below: a school's training saved county-level would
# earn its teachers county credits.
OWN_LEVEL = {OrgKind.PROVINCE: Level.PROVINCIAL, OrgKind.CITY: Level.CITY, OrgKind.DISTRICT: Level.COUNTY,
             OrgKind.ZONE: Level.COUNTY, OrgKind.SCHOOL: Level.SCHOOL}


class UserRole(StrEnum):
    """Roles a user holds over one org unit and everything below it."""

    TEACHER = "teacher"
    SCHOOL_ADMIN = "school_admin"
    PRINCIPAL = "principal"
    DISTRICT_ADMIN = "district_admin"
    CITY_ADMIN = "city_admin"
    PROVINCE_ADMIN = "province_admin"
    INSTITUTION_STAFF = "institution_staff"
    WORKSHOP_LEADER = "workshop_leader"

    @property
    def is_admin(self) -> bool:
        return self in ADMIN_ROLES


ADMIN_ROLES = frozenset(
    {
        UserRole.SCHOOL_ADMIN,
        UserRole.PRINCIPAL,
        UserRole.DISTRICT_ADMIN,
        UserRole.CITY_ADMIN,
        UserRole.PROVINCE_ADMIN,
    }
)

# Who may read teachers' records below their org unit: the admins, and workshop leaders
# who follow their members' progress.
TEACHER_VIEWERS = ADMIN_ROLES | {UserRole.WORKSHOP_LEADER}

# An admin may grant roles up to their own rank, on units inside their scope.
ROLE_RANK = {
    UserRole.TEACHER: 0,
    UserRole.WORKSHOP_LEADER: 1,
    UserRole.INSTITUTION_STAFF: 1,
    UserRole.SCHOOL_ADMIN: 1,
    UserRole.PRINCIPAL: 1,
    UserRole.DISTRICT_ADMIN: 2,
    UserRole.CITY_ADMIN: 3,
    UserRole.PROVINCE_ADMIN: 4,
}


class SchoolStage(StrEnum):
    SENIOR_HIGH = "senior_high"
    JUNIOR_HIGH = "junior_high"
    PRIMARY = "primary"
    KINDERGARTEN = "kindergarten"
    SPECIAL = "special"
    VOCATIONAL = "vocational"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class LedgerSource(StrEnum):
    ENROLLMENT = "enrollment"
    ACHIEVEMENT = "achievement"
    DEGREE_COURSE = "degree_course"
    OUTSIDE = "outside"  # a training taken outside the portal (the national platform, another province)
    TRANSFER = "transfer"
    MANUAL = "manual"
    APPEAL = "appeal"  # entered when an appeal is upheld
    BORROWING = "borrowing"  # credits borrowed from the credit bank for a year's shortfall


class ExchangeKind(StrEnum):
    """A teacher working away from their home unit for a time (城乡交流、挂职、借调)."""

    RURAL_EXCHANGE = "rural_exchange"  # 城乡交流
    ATTACHMENT = "attachment"  # 挂职
    SECONDMENT = "secondment"  # 借调
