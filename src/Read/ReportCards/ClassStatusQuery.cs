using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Read.School;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

/// <summary>How far one class is towards its printed rapor: final grades complete (calculated or set by the teacher) out
/// of those its sheets list and one Pendidikan Agama for each student whose rapor lacks it (no sheet lists them), gradebooks locked out of its gradebooks (with the last lock's time), and students with a
/// printed rapor out of its students.</summary>
public sealed record ClassStatus(int CompleteGrades, int ExpectedGrades, int LockedGradebooks, int Gradebooks, DateTimeOffset? LockedAt,
    int Printed, int Students)
{
    public bool Locked => Gradebooks > 0 && LockedGradebooks == Gradebooks;
}

/// <summary>Every class of a term at once, for the page where the principal sees which classes are behind at term's end.</summary>
public static class ClassStatusQuery
{
    public static async Task<Dictionary<Guid, ClassStatus>> ForTermAsync(ReadModelDb db, string schoolId, Guid termId, CancellationToken ct)
    {
        var classIds = await db.Classes.Where(c => c.SchoolId == schoolId && c.TermId == termId).Select(c => c.ClassId).ToListAsync(ct);
        var enrolled = (await (from e in db.Enrollments
                               where classIds.Contains(e.ClassId)
                               join s in db.Students on e.StudentId equals s.StudentId
                               select new { e.ClassId, e.StudentId, s.Religion }).ToListAsync(ct))
            .ToLookup(e => e.ClassId, e => (e.StudentId, e.Religion));
        var gradebooks = await GradeSheetQuery.Summarize(db, db.Gradebooks.Where(g => g.SchoolId == schoolId && g.TermId == termId)).ToListAsync(ct);
        var listed = await GradeSheetQuery.ListedStudentsAsync(db, gradebooks, ct);
        var ids = gradebooks.Select(g => g.GradebookId).ToList();
        var ofClass = gradebooks.ToLookup(g => g.ClassId);
        var calculated = await db.FinalGrades.Where(f => ids.Contains(f.GradebookId) && f.Complete).Select(f => new { f.GradebookId, f.StudentId }).ToListAsync(ct);
        var overridden = await db.FinalGradeOverrides.Where(f => ids.Contains(f.GradebookId)).Select(f => new { f.GradebookId, f.StudentId }).ToListAsync(ct);
        var complete = calculated.Concat(overridden).Select(f => (f.GradebookId, f.StudentId)).ToHashSet();
        var subjectIds = gradebooks.Select(g => g.SubjectId).Distinct().ToList();
        var religionSubjects = await db.Subjects.Where(s => subjectIds.Contains(s.SubjectId) && s.IsReligion).ToDictionaryAsync(s => s.SubjectId, ct);
        var locks = (await db.GradebookLocks.Where(l => ids.Contains(l.GradebookId)).ToListAsync(ct)).ToLookup(l => l.ClassId);
        var printed = (await db.ReportCardPrints.Where(p => p.SchoolId == schoolId && p.TermId == termId).Select(p => new { p.ClassId, p.StudentId })
            .Distinct().ToListAsync(ct)).ToLookup(p => p.ClassId, p => p.StudentId);

        return classIds.ToDictionary(c => c, c =>
        {
            var students = enrolled[c].Select(s => s.StudentId).ToHashSet();
            var own = ofClass[c].ToList();
            var taughtReligion = own.Select(g => religionSubjects.GetValueOrDefault(g.SubjectId)).OfType<SubjectRow>().ToList();
            return new ClassStatus(
                own.Sum(g => students.Count(s => complete.Contains((g.GradebookId, s)))),
                own.Sum(g => listed.GetValueOrDefault(g.GradebookId))
                    + enrolled[c].Count(s => ReportCardSubjects.MissingReligion(s.Religion, taughtReligion) is not null),
                locks[c].Count(), own.Count, locks[c].Select(l => (DateTimeOffset?)l.LockedAt).Max(),
                printed[c].Count(students.Contains), students.Count);
        });
    }
}
