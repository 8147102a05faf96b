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
    public static IEnumerable<RowChange> Project(IEvent e)
    {
        var schoolId = StreamKeys.Parse(e.StreamKey!).SchoolId;
        return [.. SchoolProjector.Project(e, schoolId), .. GradingProjector.Project(e, schoolId), .. AccountsProjector.Project(e, schoolId),
            .. ReportCardProjector.Project(e, schoolId), .. LockingProjector.Project(e, schoolId)];
    }
}
