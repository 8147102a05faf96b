using ERaport.Read.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

/// <summary>Its own app: class X-1 of the test school with grades in every subject (Biologi incomplete for Eka,
/// Matematika overridden and a description edited for Adi), religion subjects for Islam and Kristen, a muatan
/// lokal subject, a Christian student, and the wali kelas's attendance, extracurricular and notes.</summary>
public sealed class ReportCardFixture : AppFixture, IAsyncLifetime
{
    public Guid ChristianStudent { get; private set; }
    public Guid IslamSubject { get; private set; }
    public Guid ChristianSubject { get; private set; }
    public Guid IslamGradebook { get; private set; }
    public Guid ChristianGradebook { get; private set; }

    public Guid Adi => School.Students[0];
    public Guid Eka => School.Students[4];

    public const string EditedDescription = "Sangat teliti dalam menyelesaikan soal barisan dan deret.";

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var system = new Actor(Guid.Empty, "sistem", TestSchool.Id);
        var math = School.User("guru.mtk");
        var homeroom = School.User("wali.x1");
        async Task Send(object command) => (await SendAsync(command)).Status.ShouldBe(OutcomeStatus.Accepted);

        ChristianStudent = Guid.NewGuid();
        await Send(new RegisterStudent(Guid.NewGuid(), ChristianStudent, "Grace Simanjuntak", "0055123456", "262055", "P", null, null, "Kristen",
            system, EntrySource.Seed));
        await Send(new EnrollStudent(Guid.NewGuid(), School.ClassId, ChristianStudent, system, EntrySource.Seed));
        var students = School.Students.Append(ChristianStudent).ToList();

        IslamSubject = Guid.NewGuid();
        ChristianSubject = Guid.NewGuid();
        var localSubject = Guid.NewGuid();
        await Send(new AddSubject(Guid.NewGuid(), IslamSubject, "Pendidikan Agama Islam dan Budi Pekerti", "PAI", "Umum", 1, true, 70, system, EntrySource.Seed));
        await Send(new AddSubject(Guid.NewGuid(), ChristianSubject, "Pendidikan Agama Kristen dan Budi Pekerti", "PAK", "Umum", 1, true, 70, system, EntrySource.Seed));
        await Send(new AddSubject(Guid.NewGuid(), localSubject, "Bahasa Sunda", "BSU", "Muatan Lokal", 20, false, 70, system, EntrySource.Seed));
        string[] objectives = ["Memahami materi pokok", "Menerapkan dalam kehidupan sehari-hari", "Menganalisis kasus"];
        var gradebooks = new List<Guid> { School.MathGradebook, School.BiologyGradebook };
        foreach (var subject in new[] { IslamSubject, ChristianSubject, localSubject })
        {
            var gradebook = Guid.NewGuid();
            await Send(new OpenGradebook(Guid.NewGuid(), gradebook, School.TermId, School.ClassId, subject, math.UserId, objectives, system, EntrySource.Seed));
            gradebooks.Add(gradebook);
        }
        (IslamGradebook, ChristianGradebook) = (gradebooks[2], gradebooks[3]);
        // A religion subject's teacher scores the students of that religion only.
        bool Takes(Guid gradebook, Guid student) =>
            gradebook == IslamGradebook ? student != ChristianStudent : gradebook != ChristianGradebook || student == ChristianStudent;

        var teachers = new Dictionary<Guid, Actor> { [School.BiologyGradebook] = School.User("guru.bio") };
        foreach (var (gradebook, g) in gradebooks.Select((g, i) => (g, i)))
        {
            var scores = students.SelectMany((s, i) => TestSchool.Assessments.Select((a, j) => new ScoreEntry(s, a, (60 + (i * 7 + j * 5 + g * 3) % 40).ToString(), null)))
                .Where(e => Takes(gradebook, e.StudentId) && !(gradebook == School.BiologyGradebook && e.StudentId == Eka && e.Assessment == Assessment.SemesterNonTest))
                .ToList();
            await Send(new SaveScores(Guid.NewGuid(), gradebook, scores, null, teachers.GetValueOrDefault(gradebook, math), EntrySource.Seed));
        }
        await Send(new OverrideFinalGrade(Guid.NewGuid(), School.MathGradebook, Adi, "95", null, "Nilai praktik susulan", math, EntrySource.Form));
        await Send(new EditDescription(Guid.NewGuid(), School.MathGradebook, Adi, EditedDescription, null, math, EntrySource.Form));

        await Send(new RecordAttendance(Guid.NewGuid(), School.ClassId, [new AttendanceEntry(Adi, "2", "1", "3")], homeroom, EntrySource.Form));
        await Send(new SaveExtracurricular(Guid.NewGuid(), School.ClassId, Adi, Guid.NewGuid(), "Pramuka", "Baik", "Aktif dalam perkemahan.", homeroom, EntrySource.Form));
        await Send(new WriteHomeroomNotes(Guid.NewGuid(), School.ClassId,
            [new HomeroomNoteEntry(Adi, "Proyek gaya hidup berkelanjutan: sangat baik.", "Pertahankan prestasimu, Adi!")], homeroom, EntrySource.Form));
        await CatchUpAsync();
    }

    /// <summary>The class's report cards straight from the read model, to compare documents with.</summary>
    public async Task<ClassReportCards> CardsAsync()
    {
        await using var db = Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        return (await ReportCardQuery.LoadAsync(db, TestSchool.Id, School.ClassId, CancellationToken.None))!;
    }
}

[CollectionDefinition(Name)]
public sealed class ReportCardCollection : ICollectionFixture<ReportCardFixture>
{
    public const string Name = "report-cards";
}
