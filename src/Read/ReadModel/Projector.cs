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
    /// <summary>Raised whenever a projector writes different rows for the same events (the tables unchanged): a read model filled by
    /// another revision is refilled on the next start, as one made for other tables is, so events stored before an update get the new
    /// rows too. 2: lines of the whole gradebook for weights and KKTP, TPs added, reworded and removed. 3: lock, unlock and
    /// change-of-teacher lines name their command (<see cref="ScoreChangeRow.Command"/>).</summary>
    public const int Revision = 3;

    public static IEnumerable<RowChange> Project(IEvent e)
    {
        var schoolId = StreamKeys.Parse(e.StreamKey!).SchoolId;
        return [.. SchoolProjector.Project(e, schoolId), .. GradingProjector.Project(e, schoolId), .. AccountsProjector.Project(e, schoolId),
            .. ReportCardProjector.Project(e, schoolId), .. LockingProjector.Project(e, schoolId)];
    }
}
