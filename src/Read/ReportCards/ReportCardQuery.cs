using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Write.School;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

/// <summary>A class's report cards, its students by name. <see cref="SubjectOrder"/>: every subject taught in the class in
/// rapor order, each religion's too (the order no one card shows when students differ in religion).</summary>
public sealed record ClassReportCards(ReportClass Class, ReportTerm Term, IReadOnlyList<Guid> SubjectOrder, IReadOnlyList<StudentReportCard> Cards)
{
    /// <summary>The class's gradebooks the cards were built from (what <see cref="ReportCardCache"/> watches).</summary>
    public IReadOnlyList<Guid> GradebookIds { get; init; } = [];

    /// <summary>The same class with only <paramref name="studentId"/>'s card (none when the student is not in it).</summary>
    public ClassReportCards Of(Guid studentId) => this with { Cards = [.. Cards.Where(c => c.Student.StudentId == studentId)] };
}

/// <summary>Report cards built from the read model: school, term, class, student, every teaching assignment of the
/// class (grouped and ordered as configured, religion filtered) and the homeroom teacher's sections.</summary>
public static class ReportCardQuery
{
    /// <summary>Null when the class is not the school's; <paramref name="studentId"/> narrows it to one student
    /// (no cards when that student is not in the class).</summary>
    public static async Task<ClassReportCards?> LoadAsync(ReadModelDb db, string schoolId, Guid classId, CancellationToken ct, Guid? studentId = null)
    {
        var cls = await db.Classes.FirstOrDefaultAsync(c => c.SchoolId == schoolId && c.ClassId == classId, ct);
        if (cls is null)
            return null;
        var school = await db.Schools.FirstOrDefaultAsync(s => s.SchoolId == schoolId, ct);
        var term = await db.Terms.FirstAsync(t => t.TermId == cls.TermId, ct);
        var homeroom = cls.HomeroomTeacherId is { } teacherId ? await db.Users.FirstOrDefaultAsync(u => u.UserId == teacherId, ct) : null;

        // Signed by the principal of the report date: a Ganjil rapor printed again in Genap keeps the principal who signed it.
        var principal = ReportDateRule.OnReportDate(await db.Principals.Where(p => p.SchoolId == schoolId).ToListAsync(ct), term.ReportDate);
        var reportSchool = school is null
            ? new ReportSchool("", "", "", "", "", null)
            : new ReportSchool(school.Name, school.Npsn, school.Address, school.City,
                principal?.DisplayName ?? "", principal?.Nip, school.Paper, school.LastLevel);
        var reportTerm = new ReportTerm(term.TermId, term.SchoolYear, term.Semester, term.ReportDate,
            string.IsNullOrWhiteSpace(term.ReportPlace) ? SchoolProfileData.SignaturePlace(reportSchool.City) : term.ReportPlace);
        var reportClass = new ReportClass(cls.ClassId, cls.Name, cls.Level, cls.Phase, homeroom?.DisplayName, homeroom?.Nip);

        var students = (await MasterDataQuery.StudentsOfClassAsync(db, classId, ct)).Where(s => studentId is null || s.StudentId == studentId).ToList();
        var ids = students.Select(s => s.StudentId).ToList();
        var taught = await (
            from g in db.Gradebooks
            where g.ClassId == classId && g.TermId == cls.TermId
            join s in db.Subjects on g.SubjectId equals s.SubjectId
            select new { g.GradebookId, Subject = s }).ToListAsync(ct);
        // Each subject as it stood on the report date: a rapor of an earlier term, printed again after the subject was renamed,
        // regrouped or reordered for a new school year, says what the handed-out paper said.
        var asPrinted = await SubjectsOnReportDateAsync(db, taught.Select(g => g.Subject.SubjectId), term.ReportDate, ct);
        var gradebooks = taught.Select(g => (g.GradebookId, Subject: asPrinted.GetValueOrDefault(g.Subject.SubjectId)?.Of(g.Subject) ?? g.Subject)).ToList();
        var gradebookIds = gradebooks.Select(g => g.GradebookId).ToList();
        var calculated = (await db.FinalGrades.Where(f => gradebookIds.Contains(f.GradebookId) && ids.Contains(f.StudentId)).ToListAsync(ct))
            .ToDictionary(f => (f.GradebookId, f.StudentId), f => f.Value);
        var overrides = (await db.FinalGradeOverrides.Where(f => gradebookIds.Contains(f.GradebookId) && ids.Contains(f.StudentId)).ToListAsync(ct))
            .ToDictionary(f => (f.GradebookId, f.StudentId), f => f.Value);
        var generated = (await db.Descriptions.Where(d => gradebookIds.Contains(d.GradebookId) && ids.Contains(d.StudentId)).ToListAsync(ct))
            .ToDictionary(d => (d.GradebookId, d.StudentId), d => d.Generated);
        var edited = (await db.DescriptionEdits.Where(d => gradebookIds.Contains(d.GradebookId) && ids.Contains(d.StudentId)).ToListAsync(ct))
            .ToDictionary(d => (d.GradebookId, d.StudentId), d => d.Text);
        var sections = await HomeroomQuery.ForStudentsAsync(db, schoolId, cls.TermId, ids, ct);

        List<ReportSubjectGroup> InRaporOrder(IEnumerable<(Guid GradebookId, SubjectRow Subject)> taught, Func<(Guid GradebookId, SubjectRow Subject), ReportSubject> line) =>
            ReportCardSubjects.Grouped(taught, g => ReportCardSubjects.GroupIn(g.Subject.Group, cls.Phase), g => g.Subject.Order, g => g.Subject.Name, line);
        // As a card with every religion's subject would list them: the leger's columns.
        var subjectOrder = InRaporOrder(gradebooks, g => new ReportSubject(g.Subject.SubjectId, g.Subject.Name, g.Subject.Code, null, false, ""))
            .SelectMany(g => g.Subjects).Select(s => s.SubjectId).Distinct().ToList();
        var cards = students.Select(student =>
        {
            var printed = gradebooks.Where(g => ReportCardSubjects.IsPrinted(g.Subject, student.Religion));
            var groups = InRaporOrder(printed, g =>
            {
                var key = (g.GradebookId, student.StudentId);
                var overridden = overrides.TryGetValue(key, out var o) ? o : (int?)null;
                return new ReportSubject(g.Subject.SubjectId, g.Subject.Name, g.Subject.Code, overridden ?? calculated.GetValueOrDefault(key),
                    overridden is not null, edited.GetValueOrDefault(key) ?? generated.GetValueOrDefault(key) ?? "", g.GradebookId);
            });
            return new StudentReportCard(reportSchool, reportTerm, reportClass,
                new ReportStudent(student.StudentId, student.Name, student.Nisn, student.Nis, student.Religion), groups,
                sections.GetValueOrDefault(student.StudentId) ?? HomeroomSections.Empty)
            {
                MissingReligion = ReportCardSubjects.MissingReligion(student.Religion, gradebooks.Select(g => g.Subject)),
            };
        }).ToList();
        return new ClassReportCards(reportClass, reportTerm, subjectOrder, cards) { GradebookIds = gradebookIds };
    }

    /// <summary>The version of each subject a rapor with <paramref name="reportDate"/> prints (<see cref="ReportDateRule.OnReportDate"/>).</summary>
    internal static async Task<Dictionary<Guid, SubjectVersionRow>> SubjectsOnReportDateAsync(ReadModelDb db, IEnumerable<Guid> subjectIds,
        DateOnly? reportDate, CancellationToken ct)
    {
        var ids = subjectIds.Distinct().ToList();
        return (await db.SubjectVersions.Where(v => ids.Contains(v.SubjectId)).ToListAsync(ct))
            .GroupBy(v => v.SubjectId)
            .ToDictionary(g => g.Key, g => ReportDateRule.OnReportDate(g, reportDate)!);
    }
}
