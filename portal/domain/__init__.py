"""Plain-Python domain of the portal: no Flask, no database. Credits are Decimal."""
from .activity import Activity, InvalidInput
from .claims import ClaimKind, ForTeachers
from .conclusions import ConclusionPolicy
from .enums import (
    ADMIN_ROLES, ROLE_RANK, TEACHER_VIEWERS, ActivityRole, ExchangeKind, Gender, Grade, LedgerSource, Level, Mode, OrgKind,
    SchoolStage, Unit, UserRole,
)
from .ledger import Record, TeacherFacts, all_in, total
from .region import ActivityField, Category, Described, Document, Duty, Program, Purpose, RegionInfo, Requirements, RuleVersion
from .demo import (
    DemoAnswer, DemoAppeal, DemoClaim, DemoData, DemoEnrollment, DemoMaterial, DemoProject, DemoStep, DemoTeacher, DemoUser,
    DemoWorkshop, OrgNode, demo_year, story_day,
)
from .parameters import Parameter, SettingError, Value
from .reporting import CategoryCount, Column, Panel, ProgramCount, Report, ScopeSummary, SelectionCount
from .results import (
    Compliance, CreditResult, CycleProgress, Eligibility, Finding, Period, Step, YearProgress,
)
from .selection import CatalogListing, HighestLevel, HoursCondition, Move, NeedsSurvey, PastSelection, Phase, PhaseOrder, ProjectFacts, ProjectOrganisers, ProjectReview, ProjectStep, Selection, UnitFacts
from .workflow import COMPLETED, AuditStep, Notice, State, Transition, Workflow

__all__ = [
    "ADMIN_ROLES", "COMPLETED", "CategoryCount", "ProgramCount", "Column", "Report", "CatalogListing", "HighestLevel", "HoursCondition", "ClaimKind", "ForTeachers", "ConclusionPolicy", "Move", "NeedsSurvey", "PastSelection", "Phase", "PhaseOrder", "ProjectFacts", "ProjectOrganisers", "ProjectReview", "ProjectStep", "Selection", "UnitFacts",
    "ROLE_RANK", "TEACHER_VIEWERS", "Activity", "ActivityRole", "AuditStep", "Category", "Compliance", "CreditResult",
    "CycleProgress", "DemoAnswer", "DemoAppeal", "DemoClaim", "DemoData", "DemoStep", "DemoEnrollment", "DemoMaterial", "DemoProject", "DemoTeacher", "DemoUser", "DemoWorkshop",
    "ActivityField", "Described", "Document", "Duty", "Eligibility", "ExchangeKind", "Finding", "Gender", "Grade", "InvalidInput",
    "LedgerSource", "Level",
    "Mode", "OrgKind", "OrgNode", "Panel", "Parameter", "Period", "Program", "Purpose", "Record", "RegionInfo", "Requirements",
    "RuleVersion", "SchoolStage", "ScopeSummary", "SelectionCount", "SettingError", "State", "Step", "TeacherFacts",
    "Notice", "Transition", "Unit", "UserRole", "Value", "Workflow", "YearProgress", "all_in", "demo_year", "story_day", "total",
]
