using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

/// <summary>Kurikulum Merdeka has pilihan subjects from phase F on: Biologi, chosen in XI, is a general subject in X.</summary>
[Collection(AppCollection.Name)]
public sealed class SubjectGroupTests(AppFixture app)
{
    [Fact]
    public async Task a_pilihan_subject_is_printed_under_umum_in_class_ten_and_under_pilihan_in_class_eleven()
    {
        var system = Acting.SystemActor(TestSchool.Id);
        var tag = TestSchool.NewSubjectTag();
        var subjectId = Guid.NewGuid();
        await app.SendAcceptedAsync(new AddSubject(Guid.NewGuid(), subjectId, "Biologi " + tag, "B" + tag, "Pilihan", 10, false, 70, system, EntrySource.Seed));
        var cards = new List<(Guid ClassId, Guid StudentId)>();
        foreach (var (level, phase) in new[] { (10, "E"), (11, "F") })
        {
            var (classId, studentId) = (Guid.NewGuid(), Guid.NewGuid());
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            foreach (var command in new object[]
            {
                new OpenClass(Guid.NewGuid(), classId, app.School.TermId, $"{level}-P{tag}", level, phase, null, system, EntrySource.Seed),
                new RegisterStudent(Guid.NewGuid(), studentId, "Putri Pilihan " + tag, nisn, nis, "P", null, null, "Islam", system, EntrySource.Seed),
                new EnrollStudent(Guid.NewGuid(), classId, studentId, system, EntrySource.Seed),
                new OpenGradebook(Guid.NewGuid(), Guid.NewGuid(), app.School.TermId, classId, subjectId, app.School.User("guru.bio").UserId, ["Sel"],
                    system, EntrySource.Seed),
            })
                await app.SendAcceptedAsync(command);
            cards.Add((classId, studentId));
        }
        await app.CatchUpAsync();
        var principal = await app.SignInAsync("kepsek");

        var ten = (await principal.GetPageAsync($"/rapor/{cards[0].ClassId}/{cards[0].StudentId}")).QuerySelector("article.rapor")!.TextContent;
        var eleven = (await principal.GetPageAsync($"/rapor/{cards[1].ClassId}/{cards[1].StudentId}")).QuerySelector("article.rapor")!.TextContent;

        ten.ShouldContain("Mata Pelajaran Umum");
        ten.ShouldNotContain("Mata Pelajaran Pilihan");
        eleven.ShouldContain("Mata Pelajaran Pilihan");
    }
}
