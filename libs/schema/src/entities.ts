import { CalendarFeed } from '@escale/agenda';
import { Alert, AlertEscalation } from '@escale/alerts';
import { AuditEvent } from '@escale/audit';
import { ApiToken, SessionRecord, User } from '@escale/auth';
import { Case, CaseNote, CaseStatusChange, Referral, ReferralDocument, ReferralTransition, Task } from '@escale/cases';
import { Bed, Centre, CentreDutyContact, CentreSettingChange, Unit } from '@escale/centres';
import { InboxMessage } from '@escale/inbox';
import { Notice, NoticeDelivery, NoticeLanguageReview, NoticeLanguageRow } from '@escale/notices';
import { Household, Person, PersonAlias, PersonCentre, PersonChange, PersonIdentifier } from '@escale/people';
import { OutboxMessage } from '@escale/platform';
import { RetentionRun } from '@escale/privacy';
import { Budget, FundingSource, OccupancySnapshot, OutcomeSnapshot, PublishedTableRecord, SpendEntry } from '@escale/reports';
import { ArrivalRef, BedMove, ExtensionRefusal, Hearing, Interception, LegalContact, PropertyItem, PropertyReturn, PropertyTransfer, PropertyTransferItem, RemovalOrder, Stay, StayExtension, WaitingEntry } from '@escale/stays';
import { AgeAssessment, MedicalReport, Vulnerability, WelfareCheck, WelfareLevelChange } from '@escale/welfare';

/** Every entity of every context: the one list both apps and the migration CLI use. */
export const ENTITIES = [
  User,
  ApiToken,
  SessionRecord,
  AuditEvent,
  OutboxMessage,
  InboxMessage,
  Centre,
  Unit,
  Bed,
  CentreSettingChange,
  Person,
  PersonCentre,
  PersonAlias,
  PersonIdentifier,
  PersonChange,
  Household,
  Case,
  CaseStatusChange,
  Interception,
  WaitingEntry,
  ArrivalRef,
  Stay,
  PropertyItem,
  PropertyTransfer,
  PropertyTransferItem,
  PropertyReturn,
  StayExtension,
  Task,
  Alert,
  WelfareCheck,
  WelfareLevelChange,
  Vulnerability,
  AgeAssessment,
  MedicalReport,
  CaseNote,
  Referral,
  ReferralTransition,
  ReferralDocument,
  Notice,
  NoticeDelivery,
  NoticeLanguageRow,
  NoticeLanguageReview,
  FundingSource,
  SpendEntry,
  Budget,
  OccupancySnapshot,
  OutcomeSnapshot,
  PublishedTableRecord,
  RetentionRun,
  CalendarFeed,
  AlertEscalation,
  CentreDutyContact,
  ExtensionRefusal,
  BedMove,
  Hearing,
  RemovalOrder,
  LegalContact,
];
