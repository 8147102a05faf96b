using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Read.School;
using ERaport.Web.Demo;
using ERaport.Write.Accounts;
using ERaport.Write.Grading;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ERaport.Tests.Integration;

/// <summary>The app with the full demo school seeded into its fresh schema, as ./scripts/run.sh does.</summary>
public sealed class DemoSchoolFixture : AppFixture
{
    public IReadOnlyList<string> Logins { get; private set; } = [];

    protected override async Task SeedAsync()
    {
        Logins = await new DemoSchool(Service<IServiceScopeFactory>(), Service<Marten.IDocumentStore>(), Service<IPasswordHasher<UserAccount>>())
            .SeedAsync(DemoSize.Full, new DateOnly(2026, 11, 26));
        // Thousands of score events: the read model needs longer than one test's worth.
        await CatchUpAsync(TimeSpan.FromMinutes(2));
    }
}

/// <summary>What every page of the demo has to show, read through the same queries the pages use.</summary>
public sealed class DemoSchoolTests(DemoSchoolFixture demo) : IClassFixture<DemoSchoolFixture>
{
    private const string School = DemoSchool.SchoolId;

    private ReadModelDb Db() => demo.Service<ReadModelStore>().CreateDbContext();

    [Fact]
    public async Task six_classes_of_32_students_each_with_at_least_12_subjects_and_teachers_of_several_classes()
    {
        await using var db = Db();
        var term = (await MasterDataQuery.TermsAsync(db, School, default)).ShouldHaveSingleItem();
        term.ReportDate.ShouldBe(new DateOnly(2026, 12, 19));
        var classes = await MasterDataQuery.ClassesAsync(db, School, term.TermId, default);
        classes.Select(c => c.Name).Order().ShouldBe(["X-1", "X-2", "X-3", "XI-1", "XI-2", "XII-1"]);
        classes.ShouldAllBe(c => c.Students == 32 && c.HomeroomHasRole);
        classes.Single(c => c.Name == "XI-1").Phase.ShouldBe("F");

        var gradebooks = await GradeSheetQuery.Summaries(db, School).ToListAsync();
        gradebooks.GroupBy(g => g.ClassId).ShouldAllBe(g => g.Count(x => x.SubjectName.StartsWith("Pendidikan Agama")) >= 1 && g.Count() >= 12);
        gradebooks.Where(g => g.SubjectName == "Matematika").Select(g => g.TeacherName).Distinct().Count().ShouldBe(2);
        gradebooks.GroupBy(g => g.TeacherId).Count(g => g.Count() >= 6).ShouldBeGreaterThan(8);

        var students = await MasterDataQuery.StudentsAsync(db, School, term.TermId, default);
        students.Count.ShouldBe(192);
        students.Select(s => s.Student.Nisn).Distinct().Count().ShouldBe(192);
        students.ShouldAllBe(s => s.Student.Nisn.Length == 10 && s.Student.Nisn.All(char.IsAsciiDigit));
        students.Select(s => s.Student.Religion).Distinct().Order().ShouldBe(["Islam", "Kristen"]);
        students.Select(s => s.Student.Sex).Distinct().Order().ShouldBe(["L", "P"]);
    }

    [Fact]
    public async Task students_are_as_old_as_their_class_and_their_numbers_start_with_birth_and_entry_years()
    {
        await using var db = Db();
        var term = (await MasterDataQuery.TermsAsync(db, School, default)).ShouldHaveSingleItem();
        foreach (var c in await MasterDataQuery.ClassesAsync(db, School, term.TermId, default))
            foreach (var s in await MasterDataQuery.StudentsOfClassAsync(db, c.ClassId, default))
            {
                // Class X of 2026/2027: born in 2010, 16 this year, entered class X in 2026.
                var born = s.BirthDate!.Value.Year;
                (2026 - born).ShouldBe(6 + c.Level, $"{s.Name} of {c.Name}");
                s.Nisn.ShouldStartWith($"{born % 1000:000}");
                s.Nis.ShouldStartWith($"{(2026 - (c.Level - 10)) % 100:00}");
            }
    }

    [Fact]
    public async Task scores_spread_mostly_between_70_and_95_and_x1_has_someone_to_chase()
    {
        await using var db = Db();
        var values = await db.Scores.Select(s => s.Value).ToListAsync();
        values.Count.ShouldBeGreaterThan(10_000);
        (values.Count(v => v is >= 70 and <= 95) / (double)values.Count).ShouldBeGreaterThan(0.6);
        values.Count(v => v < 65).ShouldBeGreaterThan(100); // the weak students
        values.Count(v => v == 100).ShouldBeLessThan(values.Count / 50);

        var classes = await MasterDataQuery.ClassesAsync(db, School, (await MasterDataQuery.TermsAsync(db, School, default))[0].TermId, default);
        var x1 = await HomeroomClassQuery.ProgressAsync(db, School, classes.Single(c => c.Name == "X-1").ClassId, default);
        x1.Subjects.Single(s => s.Subject == "Matematika").Complete.ShouldBe(0); // left for trying the grid
        x1.Subjects.Single(s => s.Subject == "Bahasa Inggris").Complete.ShouldBe(29);
        var x2 = await HomeroomClassQuery.ProgressAsync(db, School, classes.Single(c => c.Name == "X-2").ClassId, default);
        x2.Subjects.Where(s => !s.Subject.StartsWith("Pendidikan Agama")).ShouldAllBe(s => s.Complete == 32);
    }

    [Fact]
    public async Task history_shows_corrections_with_reasons_a_large_swing_overrides_and_an_approved_correction_after_lock()
    {
        await using var db = Db();
        var rules = demo.Service<AuditRules>();
        var corrections = await HistoryExplorer.AllAsync(db, School, null, new HistoryFilter(), rules, null, default)
            .Where(e => e.Reason is not null).ToListAsync();
        corrections.Count.ShouldBeGreaterThanOrEqualTo(8);
        corrections.ShouldContain(e => e.Before == 38 && e.After == 83 && e.Flags.Contains(ChangeFlag.LargeSwing) && e.ClassName == "XI-1");
        corrections.ShouldContain(e => e.ClassName == "XII-1" && e.Source == "Approval" && e.Flags.Contains(ChangeFlag.AfterLock));
        corrections.ShouldNotContain(e => e.Flags.Contains(ChangeFlag.AfterReportDate));
        (await db.FinalGradeOverrides.CountAsync()).ShouldBe(2);
    }

    [Fact]
    public async Task xii1_is_the_one_locked_class_with_a_score_a_final_grade_and_an_attendance_pending_and_one_approved_correction_request()
    {
        await using var db = Db();
        var term = (await MasterDataQuery.TermsAsync(db, School, default))[0];
        var locks = new Dictionary<string, ClassLockView>();
        foreach (var c in await MasterDataQuery.ClassesAsync(db, School, term.TermId, default))
            locks[c.Name] = (await LockingQuery.ClassAsync(db, School, c.ClassId, default))!;
        locks.Where(l => l.Value.PartlyLocked).Select(l => l.Key).ShouldBe(["XII-1"]);
        locks["XII-1"].Locked.ShouldBeTrue();

        var requests = await LockingQuery.CorrectionsAsync(db, School, null, false, default);
        requests.Select(r => r.State).Order().ShouldBe([CorrectionState.Pending, CorrectionState.Pending, CorrectionState.Approved]);
        requests.Single(r => r.Assessment == CorrectionRequest.FinalGrade).State.ShouldBe(CorrectionState.Pending);
        requests.ShouldAllBe(r => r.ClassName == "XII-1" && r.SubjectName == "Matematika" && r.Reason.Length > 10);
        var homeroom = (await LockingQuery.HomeroomCorrectionsAsync(db, School, [term.TermId], [], false, default)).ShouldHaveSingleItem();
        (homeroom.ClassName, homeroom.Part, homeroom.State, homeroom.RequestedByName).ShouldBe(("XII-1", "ketidakhadiran", CorrectionState.Pending, "Iwan Setiawan, M.Pd."));
    }

    [Fact]
    public async Task five_classes_have_attendance_extracurriculars_kokurikuler_and_notes_and_x1_is_left_empty()
    {
        await using var db = Db();
        var term = (await MasterDataQuery.TermsAsync(db, School, default))[0];
        foreach (var c in await MasterDataQuery.ClassesAsync(db, School, term.TermId, default))
        {
            var students = (await MasterDataQuery.StudentsOfClassAsync(db, c.ClassId, default)).Select(s => s.StudentId).ToList();
            var sections = (await HomeroomQuery.ForStudentsAsync(db, School, term.TermId, students)).Values.ToList();
            if (c.Name == "X-1")
            {
                sections.ShouldAllBe(s => s.Kokurikuler == null && s.Extracurriculars.Count == 0);
                continue;
            }
            sections.ShouldAllBe(s => s.Kokurikuler != null && s.HomeroomNote != null, c.Name);
            sections.Count(s => s.Attendance.Sick + s.Attendance.Permitted + s.Attendance.Unexcused > 0).ShouldBeGreaterThan(5, c.Name);
            sections.Count(s => s.Extracurriculars.Count > 0).ShouldBeGreaterThan(c.Level == 10 ? 31 : 10, c.Name);
        }
        demo.Logins.Count.ShouldBeLessThanOrEqualTo(8);
        demo.Logins.ShouldContain(l => l.Contains("kepsek") && l.Contains("Kepala sekolah"));
    }
}
