using ERaport.Read.Accounts;
using ERaport.Read.Grading;
using ERaport.Read.ReportCards;
using ERaport.Read.School;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ERaport.Read.ReadModel;

/// <summary>The SQLite read model: everything here can be thrown away and rebuilt from the event store.</summary>
public sealed class ReadModelDb(DbContextOptions<ReadModelDb> options) : DbContext(options)
{
    public DbSet<CheckpointRow> Checkpoints => Set<CheckpointRow>();
    public DbSet<SchoolRow> Schools => Set<SchoolRow>();
    public DbSet<TermRow> Terms => Set<TermRow>();
    public DbSet<TermDefaultWeightsRow> TermDefaultWeights => Set<TermDefaultWeightsRow>();
    public DbSet<ClassRow> Classes => Set<ClassRow>();
    public DbSet<StudentRow> Students => Set<StudentRow>();
    public DbSet<EnrollmentRow> Enrollments => Set<EnrollmentRow>();
    public DbSet<SubjectRow> Subjects => Set<SubjectRow>();
    public DbSet<SubjectVersionRow> SubjectVersions => Set<SubjectVersionRow>();
    public DbSet<StudentChangeRow> StudentChanges => Set<StudentChangeRow>();
    public DbSet<PrincipalRow> Principals => Set<PrincipalRow>();
    public DbSet<GradebookRow> Gradebooks => Set<GradebookRow>();
    public DbSet<GradebookTeacherRow> GradebookTeachers => Set<GradebookTeacherRow>();
    public DbSet<AssessmentRow> Assessments => Set<AssessmentRow>();
    public DbSet<ScoreRow> Scores => Set<ScoreRow>();
    public DbSet<ScoreChangeRow> ScoreChanges => Set<ScoreChangeRow>();
    public DbSet<GradingSchemeRow> GradingSchemes => Set<GradingSchemeRow>();
    public DbSet<FinalGradeRow> FinalGrades => Set<FinalGradeRow>();
    public DbSet<FinalGradeOverrideRow> FinalGradeOverrides => Set<FinalGradeOverrideRow>();
    public DbSet<AchievementRow> Achievements => Set<AchievementRow>();
    public DbSet<DescriptionRow> Descriptions => Set<DescriptionRow>();
    public DbSet<DescriptionEditRow> DescriptionEdits => Set<DescriptionEditRow>();
    public DbSet<UserRow> Users => Set<UserRow>();
    public DbSet<UserRoleRow> UserRoles => Set<UserRoleRow>();
    public DbSet<UserFlagRow> UserFlags => Set<UserFlagRow>();
    public DbSet<AccountChangeRow> AccountChanges => Set<AccountChangeRow>();
    public DbSet<AttendanceRow> Attendance => Set<AttendanceRow>();
    public DbSet<ExtracurricularRow> Extracurriculars => Set<ExtracurricularRow>();
    public DbSet<KokurikulerRow> Kokurikuler => Set<KokurikulerRow>();
    public DbSet<HomeroomNoteRow> HomeroomNotes => Set<HomeroomNoteRow>();
    public DbSet<PromotionRow> Promotions => Set<PromotionRow>();
    public DbSet<GradebookLockRow> GradebookLocks => Set<GradebookLockRow>();
    public DbSet<CorrectionRequestRow> CorrectionRequests => Set<CorrectionRequestRow>();
    public DbSet<CorrectionDecisionRow> CorrectionDecisions => Set<CorrectionDecisionRow>();
    public DbSet<ReportCardChangeRow> ReportCardChanges => Set<ReportCardChangeRow>();
    public DbSet<ReportCardLockRow> ReportCardLocks => Set<ReportCardLockRow>();
    public DbSet<HomeroomCorrectionRequestRow> HomeroomCorrectionRequests => Set<HomeroomCorrectionRequestRow>();
    public DbSet<ReportCardPrintRow> ReportCardPrints => Set<ReportCardPrintRow>();
    public DbSet<PrintedGradeRow> PrintedGrades => Set<PrintedGradeRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // Stored as sortable integers so that time ranges can be filtered in SQL.
        builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        // 16 bytes instead of 36 characters of text: every key and history index holds two or three ids. A million events
        // rebuild into a file 30 % smaller (656 vs 936 MB) with less I/O (docs/benchmarks.md, sixth round).
        builder.Properties<Guid>().HaveConversion<GuidToBytesConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<CheckpointRow>().HasKey(x => x.Name);
        b.Entity<SchoolRow>().HasKey(x => x.SchoolId);
        b.Entity<PrincipalRow>().HasKey(x => new { x.SchoolId, x.Sequence });
        b.Entity<TermRow>().HasKey(x => x.TermId);
        b.Entity<TermDefaultWeightsRow>().HasKey(x => x.TermId);
        b.Entity<ClassRow>().HasKey(x => x.ClassId);
        b.Entity<ClassRow>().HasIndex(x => new { x.SchoolId, x.TermId });
        b.Entity<StudentRow>().HasKey(x => x.StudentId);
        b.Entity<StudentRow>().HasIndex(x => new { x.SchoolId, x.Nisn });
        b.Entity<EnrollmentRow>().HasKey(x => new { x.ClassId, x.StudentId });
        b.Entity<SubjectRow>().HasKey(x => x.SubjectId);
        b.Entity<SubjectVersionRow>().HasKey(x => new { x.SubjectId, x.Sequence });
        b.Entity<StudentChangeRow>().HasKey(x => new { x.Sequence, x.StudentId });
        b.Entity<StudentChangeRow>().HasIndex(x => new { x.SchoolId, x.StudentId, x.Sequence });
        b.Entity<GradebookRow>().HasKey(x => x.GradebookId);
        b.Entity<GradebookRow>().HasIndex(x => new { x.SchoolId, x.TeacherId });
        // The history explorer's filters (docs/benchmarks.md, "History explorer"): class, subject, student, dates.
        b.Entity<GradebookRow>().HasIndex(x => x.ClassId);
        b.Entity<GradebookRow>().HasIndex(x => x.SubjectId);
        b.Entity<GradebookTeacherRow>().HasKey(x => new { x.GradebookId, x.Since });
        b.Entity<AssessmentRow>().HasKey(x => new { x.GradebookId, x.Key });
        b.Entity<ScoreRow>().HasKey(x => new { x.GradebookId, x.StudentId, x.Assessment });
        b.Entity<ScoreChangeRow>().HasKey(x => new { x.Sequence, x.Position });
        b.Entity<ScoreChangeRow>().HasIndex(x => new { x.GradebookId, x.StudentId, x.Sequence });
        b.Entity<ScoreChangeRow>().HasIndex(x => new { x.SchoolId, x.Sequence });
        b.Entity<ScoreChangeRow>().HasIndex(x => new { x.GradebookId, x.Sequence });
        b.Entity<ScoreChangeRow>().HasIndex(x => new { x.SchoolId, x.StudentId, x.Sequence });
        b.Entity<ScoreChangeRow>().HasIndex(x => new { x.SchoolId, x.ChangedAt });
        // Only the few lines one command writes in several gradebooks have a command: a student's changes show them once.
        b.Entity<ScoreChangeRow>().HasIndex(x => x.Command).HasFilter("Command IS NOT NULL");
        b.Entity<GradingSchemeRow>().HasKey(x => x.GradebookId);
        b.Entity<FinalGradeRow>().HasKey(x => new { x.GradebookId, x.StudentId });
        b.Entity<FinalGradeOverrideRow>().HasKey(x => new { x.GradebookId, x.StudentId });
        b.Entity<AchievementRow>().HasKey(x => new { x.GradebookId, x.StudentId, x.Objective });
        b.Entity<DescriptionRow>().HasKey(x => new { x.GradebookId, x.StudentId });
        b.Entity<DescriptionEditRow>().HasKey(x => new { x.GradebookId, x.StudentId });
        b.Entity<UserRow>().HasKey(x => x.UserId);
        b.Entity<UserRow>().HasIndex(x => x.UserName).IsUnique();
        b.Entity<UserRoleRow>().HasKey(x => new { x.UserId, x.Role, x.TermId, x.ClassId });
        b.Entity<UserRoleRow>().HasIndex(x => x.SchoolId);
        b.Entity<UserFlagRow>().HasKey(x => new { x.UserId, x.Flag });
        b.Entity<AccountChangeRow>().HasKey(x => x.Sequence);
        b.Entity<AccountChangeRow>().HasIndex(x => new { x.SchoolId, x.UserId, x.Sequence });
        b.Entity<AttendanceRow>().HasKey(x => new { x.TermId, x.StudentId });
        // A line of one student's card: its id is chosen by the client, so alone it could name another card's line.
        b.Entity<ExtracurricularRow>().HasKey(x => new { x.TermId, x.StudentId, x.EntryId });
        b.Entity<KokurikulerRow>().HasKey(x => new { x.TermId, x.StudentId });
        b.Entity<HomeroomNoteRow>().HasKey(x => new { x.TermId, x.StudentId });
        b.Entity<PromotionRow>().HasKey(x => new { x.TermId, x.StudentId });
        b.Entity<GradebookLockRow>().HasKey(x => x.GradebookId);
        b.Entity<GradebookLockRow>().HasIndex(x => x.ClassId);
        b.Entity<CorrectionRequestRow>().HasKey(x => x.RequestId);
        b.Entity<CorrectionRequestRow>().HasIndex(x => new { x.SchoolId, x.RequestedAt });
        b.Entity<CorrectionDecisionRow>().HasKey(x => x.RequestId);
        b.Entity<ReportCardChangeRow>().HasKey(x => x.Sequence);
        b.Entity<ReportCardChangeRow>().HasIndex(x => new { x.TermId, x.StudentId, x.Sequence });
        b.Entity<ReportCardLockRow>().HasKey(x => new { x.TermId, x.StudentId });
        b.Entity<ReportCardLockRow>().HasIndex(x => x.ClassId);
        b.Entity<HomeroomCorrectionRequestRow>().HasKey(x => x.RequestId);
        b.Entity<HomeroomCorrectionRequestRow>().HasIndex(x => new { x.SchoolId, x.RequestedAt });
        b.Entity<ReportCardPrintRow>().HasKey(x => x.Code);
        b.Entity<ReportCardPrintRow>().HasIndex(x => new { x.TermId, x.StudentId, x.Sequence });
        b.Entity<PrintedGradeRow>().HasKey(x => new { x.Code, x.Position });
    }
}

/// <summary>The last event sequence applied, committed in the same transaction as the rows. <see cref="LastEventSequence"/>
/// and <see cref="LastEventId"/> name the last event applied (the checkpoint may lie past it, over a gap), so a start can
/// tell whether the event store still holds that very event: a store restored, replaced or from another server may hand
/// out the same sequences for other events.</summary>
public sealed class CheckpointRow
{
    public const string Main = "main";
    public string Name { get; set; } = Main;
    public long Sequence { get; set; }
    public long LastEventSequence { get; set; }
    public Guid LastEventId { get; set; }
}
