using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using JasperFx.Events;

namespace ERaport.Read.ReportCards;

public static class ReportCardProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId)
    {
        if (e.Data is not (AttendanceRecorded or ExtracurricularAdded or ExtracurricularRevised or ExtracurricularRemoved
            or KokurikulerWritten or HomeroomNoteWritten or PromotionDecided or PromotionCleared))
            return [];
        var (termId, studentId) = StreamKeys.ReportCardOf(e.StreamKey!);
        return e.Data switch
        {
            AttendanceRecorded x => [new Upsert(new AttendanceRow(termId, studentId, schoolId, x.Sick, x.Permitted, x.Unexcused))],
            ExtracurricularAdded x => [new Upsert(new ExtracurricularRow(x.EntryId, schoolId, termId, studentId, x.Number, x.Activity, x.Predicate, x.Description))],
            ExtracurricularRevised x => [new Upsert(new ExtracurricularRow(x.EntryId, schoolId, termId, studentId, x.Number, x.Activity, x.Predicate, x.Description))],
            ExtracurricularRemoved x => [Delete.Of<ExtracurricularRow>(x.EntryId)],
            KokurikulerWritten x => [x.Text.Length == 0
                ? Delete.Of<KokurikulerRow>(termId, studentId)
                : new Upsert(new KokurikulerRow(termId, studentId, schoolId, x.Text))],
            HomeroomNoteWritten x => [x.Text.Length == 0
                ? Delete.Of<HomeroomNoteRow>(termId, studentId)
                : new Upsert(new HomeroomNoteRow(termId, studentId, schoolId, x.Text))],
            PromotionDecided x => [new Upsert(new PromotionRow(termId, studentId, schoolId, x.Kind, x.Wording))],
            _ => [Delete.Of<PromotionRow>(termId, studentId)],
        };
    }
}
