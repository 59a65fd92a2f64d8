"""Database models. The schema changes only through Alembic revisions in migrations/."""
from .appeal import Appeal, AppealFile
from .audit import AuditEvent
from .calendar import SelectionPhase
from .claim import Claim, Evidence
from .conclusion import CycleConclusion
from .document import IssuedDocument
from .ledger import LedgerEntry
from .job import Job
from .notice import ReportNotice
from .notification import Notification
from .org import OrgUnit
from .quota import ClassRequest, ProjectQuota
from .survey import NeedsSurvey
from .standing import StandingDuty, StandingPurpose, TeacherStanding
from .teacher import Teacher
from .training import Enrollment, ProjectMaterial, TrainingProject
from .transfer import RecordTransfer, TransferredEntry
from .user import AccountActivation, RoleAssignment, User, UserSession
from .workshop import Workshop

__all__ = [
    "AccountActivation", "Appeal", "AppealFile", "AuditEvent", "Claim", "ClassRequest", "CycleConclusion", "Enrollment", "Evidence", "IssuedDocument", "Job", "LedgerEntry", "NeedsSurvey", "Notification", "OrgUnit", "ProjectMaterial", "ProjectQuota", "ReportNotice", "RoleAssignment", "SelectionPhase", "StandingDuty", "StandingPurpose", "Teacher", "TeacherStanding",
    "TrainingProject", "RecordTransfer", "TransferredEntry", "User", "UserSession", "Workshop",
]
