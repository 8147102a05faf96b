namespace ERaport.Read.ReportCards;

public sealed record LegerColumn(Guid SubjectId, string Code, string Name);

/// <summary>One student's line. <see cref="Grades"/>: the NA per subject column (absent: not on the student's
/// card, e.g. another religion's subject; null: incomplete). <see cref="Mean"/> is over the NA present, two
/// decimals; <see cref="Rank"/> is null while any NA is incomplete.</summary>
public sealed record LegerRow(
    int No, Guid StudentId, string Name, string Nisn, IReadOnlyDictionary<Guid, int?> Grades, AttendanceDays Attendance,
    int Total, decimal? Mean, int? Rank)
{
    public bool Complete => Grades.Values.All(g => g is not null);
}

/// <summary>The class ledger (leger nilai): one row per student, one NA column per subject, attendance, total,
/// mean and rank.</summary>
public sealed record Leger(ReportClass Class, ReportTerm Term, IReadOnlyList<LegerColumn> Columns, IReadOnlyList<LegerRow> Rows)
{
    /// <summary>What the marks in a leger's grade columns mean, under the page's table and the spreadsheet's alike.</summary>
    public const string Legend = "… nilai akhir belum lengkap · kosong: bukan mata pelajaran peserta didik ini (agama lain).";

    /// <summary>How ranks are given, for the page and the spreadsheet.</summary>
    public const string RankRule = "Peringkat menurut rata-rata nilai akhir (sama dengan menurut jumlah bila banyak mata pelajarannya sama); rata-rata yang sama mendapat peringkat yang sama dan peringkat berikutnya dilompati (1, 2, 2, 4). Peserta didik yang nilainya belum lengkap tidak diberi peringkat.";

    public static Leger Of(ClassReportCards cards)
    {
        var columns = ColumnsOf(cards);
        var lines = cards.Cards.Select(card =>
        {
            var grades = card.Subjects.ToDictionary(s => s.SubjectId, s => s.FinalGrade);
            var present = grades.Values.OfType<int>().ToList();
            return (Card: card, Grades: grades, Total: present.Sum(),
                Mean: present.Count == 0 ? (decimal?)null : Math.Round((decimal)present.Sum() / present.Count, 2, MidpointRounding.AwayFromZero),
                Complete: present.Count == grades.Count && grades.Count > 0);
        }).ToList();
        var ranked = lines.Where(l => l.Complete).Select(l => (l.Total, Subjects: l.Grades.Count)).ToList();
        return new Leger(cards.Class, cards.Term, columns, lines.Select((l, i) => new LegerRow(
            i + 1, l.Card.Student.StudentId, l.Card.Student.Name, l.Card.Student.Nisn, l.Grades, l.Card.Homeroom.Attendance,
            l.Total, l.Mean, l.Complete ? Rank((l.Total, l.Grades.Count), ranked) : null)).ToList());
    }

    /// <summary>Standard competition ranking by mean: one more than the number of lines whose mean is above this one's. With
    /// the same number of subjects that is the order of the totals; a student with a subject fewer (no religion subject
    /// taught for hers) is not put behind by the grade she could not get. Compared as exact fractions, so equal means tie.</summary>
    public static int Rank((int Total, int Subjects) line, IReadOnlyCollection<(int Total, int Subjects)> lines) =>
        1 + lines.Count(o => (long)o.Total * line.Subjects > (long)line.Total * o.Subjects);

    /// <summary>Every subject on any card, in rapor order: the religion subjects side by side in their configured order,
    /// the same in every class whatever religion its first students have.</summary>
    private static List<LegerColumn> ColumnsOf(ClassReportCards cards)
    {
        var onCards = cards.Cards.SelectMany(c => c.Subjects).DistinctBy(s => s.SubjectId).ToDictionary(s => s.SubjectId);
        return [.. cards.SubjectOrder.Where(onCards.ContainsKey).Select(id => new LegerColumn(id, onCards[id].Code, onCards[id].Name))];
    }
}
