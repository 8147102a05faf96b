using ERaport.Read.Accounts;
using ERaport.Read.Grading;
using ERaport.Read.ReportCards;
using ERaport.Read.School;
using ERaport.Write.Common;
using JasperFx.Events;

namespace ERaport.Read.ReadModel;

/// <summary>All row changes one event makes to the read model.</summary>
public static class Projector
{
    /// <summary>Raised whenever a projector writes different rows for the same events (the tables unchanged): a read model
    /// of another revision is rebuilt on the next start, as one of other tables is. 1: a student's changed data is
    /// described with its values before and after.</summary>
    public const int Revision = 1;

    public static IEnumerable<RowChange> Project(IEvent e)
    {
        var schoolId = StreamKeys.Parse(e.StreamKey!).SchoolId;
        return [.. SchoolProjector.Project(e, schoolId), .. GradingProjector.Project(e, schoolId), .. AccountsProjector.Project(e, schoolId),
            .. ReportCardProjector.Project(e, schoolId), .. LockingProjector.Project(e, schoolId)];
    }
}
